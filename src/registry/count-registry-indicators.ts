import { Decimal } from 'decimal.js';
import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { platformTypes } from './platform-types.ts';
import { hundredMillionYuanText } from './registry-money.ts';
import { countRegistryRows } from './registry-repository.ts';
import type { RegistryScope } from './registry-scope.ts';
import { registryIndicatorCodes, type RegistryIndicatorCode } from './registry-vocabulary.ts';

/** What the registry counts for an indicator, a county and a year: a whole number, or 亿元 (exact decimal text). */
export interface RegistryCount {
  indicator: RegistryIndicatorCode;
  org: string;
  period: string;
  value: string;
}

/**
 * Counts and sums of the registries within a scope, per county, for one year: valid certificates
 * at the year's end (tech-based SMEs: entered for that year), platforms approved by the year's end
 * and not revoked, and the technology turnover of contracts registered that year with the seller
 * in the county (输出) and with the buyer in it (吸纳), in 亿元, exact. Every county gets a value
 * ("0" when the registry has none), so that an area's figure is the sum of complete data.
 */
export async function countRegistryIndicators(db: DatabaseOrTransaction, scope: RegistryScope, tree: AreaTree, year: number): Promise<RegistryCount[]> {
  const { certificationCounts, platformCounts, turnover } = await countRegistryRows(db, scope, year);
  const totals = new Map<string, Decimal>();
  const add = (indicator: string, org: string, value: Decimal.Value) => totals.set(`${indicator}|${org}`, (totals.get(`${indicator}|${org}`) ?? new Decimal(0)).plus(value));
  for (const row of certificationCounts) add(row.indicator, row.org, row.count);
  for (const row of platformCounts) {
    const indicator = (platformTypes as Record<string, string>)[row.type];
    if (indicator) add(indicator, row.org, row.count);
  }
  // Turnover arrives in yuan (numeric text): 亿元 only at the end, exactly.
  for (const row of turnover) add(row.indicator, row.org, row.amount);
  const counties = tree.atLevel('county').map((area) => area.code);
  return registryIndicatorCodes.flatMap((indicator) =>
    counties.map((org) => {
      const total = totals.get(`${indicator}|${org}`) ?? new Decimal(0);
      const value = indicator === 'tech_contract_turnover' || indicator === 'tech_contract_absorption' ? hundredMillionYuanText(total) : total.toFixed();
      return { indicator, org, period: String(year), value };
    }),
  );
}
