import { sql } from 'drizzle-orm';
import type { AreaTree } from '../areas/area-tree.ts';
import { queryRows, type DatabaseOrTransaction } from '../db/open-database.ts';
import { IndicatorCalculator, type StoredValue } from '../indicators/indicator-calculator.ts';
import type { Indicator } from '../policy/pack-schema.ts';
import { notRevokedBySql } from './certification-validity.ts';
import { platformTypes } from './platform-types.ts';

/** Indicator codes the registries can count. */
export const registryIndicatorCodes = ['national_hte', 'tech_smes', 'innovative_demo_enterprises', 'st_platforms', 'innovation_carriers', 'new_rd_institutions', 'transfer_bases', 'tech_contract_turnover', 'tech_contract_absorption'] as const;

/**
 * Counts and sums of the registries, per county, for one year, as indicator values with source
 * "registry": valid certificates at the year's end (tech-based SMEs: entered for that year),
 * platforms approved by the year's end and not revoked, and the technology turnover of contracts
 * registered that year with the seller in the area (输出) and with the buyer in the area (吸纳), in
 * 亿元. Every county gets a value (0
 * when the registry has none), so the region's totals roll up from complete data.
 */
export async function countRegistryIndicators(db: DatabaseOrTransaction, tree: AreaTree, year: number): Promise<StoredValue[]> {
  const yearEnd = `${year}-12-31`;
  const yearStart = `${year}-01-01`;
  const certificationCounts = await queryRows<{ indicator: string; org: string; count: number }>(
    db,
    sql`select case c.type when 'national_hte' then 'national_hte' when 'tech_sme' then 'tech_smes' else 'innovative_demo_enterprises' end as indicator, e.org, count(distinct e.credit_code)::int as count
        from certifications c join enterprises e on e.credit_code = c.credit_code
        where c.type in ('national_hte', 'tech_sme', 'innovative_demo_enterprise')
          and ${notRevokedBySql(yearEnd)}
          and c.valid_from <= ${yearEnd}::date
          and c.valid_to >= (case when c.type = 'tech_sme' then ${yearStart}::date else ${yearEnd}::date end)
        group by 1, 2`,
  );
  const typeToIndicator = Object.entries(platformTypes);
  const platformCounts = await queryRows<{ type: string; org: string; count: number }>(
    db,
    sql`select p.type, p.org, count(*)::int as count from platforms p
        where p.approved_on <= ${yearEnd}::date
          and not exists (select 1 from jsonb_array_elements(p.evaluations) as e where e->>'result' = 'revoked' and (e->>'date')::date <= ${yearEnd}::date)
        group by 1, 2`,
  );
  const turnover = await queryRows<{ indicator: string; org: string; amount: number }>(
    db,
    sql`select 'tech_contract_turnover' as indicator, seller_org as org, sum(tech_amount)::float8 / 100000000 as amount from tech_contracts
        where registered_on between ${yearStart}::date and ${yearEnd}::date group by 1, 2
        union all
        select 'tech_contract_absorption', buyer_org, sum(tech_amount)::float8 / 100000000 from tech_contracts
        where registered_on between ${yearStart}::date and ${yearEnd}::date group by 1, 2`,
  );
  const counties = tree.atLevel('county').map((area) => area.code);
  const totals = new Map<string, number>();
  const add = (indicator: string, org: string, value: number) => totals.set(`${indicator}|${org}`, (totals.get(`${indicator}|${org}`) ?? 0) + value);
  for (const row of certificationCounts) add(row.indicator, row.org, row.count);
  for (const row of platformCounts) {
    const indicator = typeToIndicator.find(([type]) => type === row.type)?.[1];
    if (indicator) add(indicator, row.org, row.count);
  }
  for (const row of turnover) add(row.indicator, row.org, Number(row.amount));
  return registryIndicatorCodes.flatMap((indicator) =>
    counties.map((org) => ({ indicator, org, period: String(year), value: Number((totals.get(`${indicator}|${org}`) ?? 0).toPrecision(12)), qualifier: 'exact' as const, source: 'registry' })),
  );
}

/** The registry's counts for an area (rolled up from its counties) beside the published values. */
export async function compareRegistryWithPublished(db: DatabaseOrTransaction, tree: AreaTree, indicators: readonly Indicator[], org: string, year: number, published: readonly StoredValue[]) {
  const registry = new IndicatorCalculator(indicators, tree, await countRegistryIndicators(db, tree, year));
  const official = new IndicatorCalculator(indicators, tree, published);
  return registryIndicatorCodes.map((code) => {
    const fromRegistry = registry.valueAt(code, org, String(year));
    const fromPublished = official.valueAt(code, org, String(year));
    const indicator = indicators.find((candidate) => candidate.code === code);
    return {
      indicator: code,
      name: indicator?.name ?? code,
      unit: indicator?.unit ?? '',
      registry_value: fromRegistry.value,
      published_value: fromPublished.value,
      published_qualifier: fromPublished.value === null ? null : fromPublished.qualifier,
      published_source: fromPublished.source,
      // A registry may be incomplete: the gap is shown, not hidden.
      difference: fromRegistry.value !== null && fromPublished.value !== null ? Number((fromRegistry.value - fromPublished.value).toPrecision(12)) : null,
    };
  });
}
