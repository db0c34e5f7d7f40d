import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseOrTransaction } from '../db/open-database.ts';
import { notRevokedBySql, validOnSql } from './certification-validity.ts';
import type { RegistryScope } from './find-registry-records.ts';

/**
 * The tier pipeline 科技型中小企业 → 高新技术企业 → 创新型示范企业 (梯次培育, clause (七)): how many
 * firms moved up each year — their first certificate of the higher tier dated that year, after a
 * certificate of the lower tier — and which tech-based SMEs are close to high-tech recognition.
 */
export async function findTierPipeline(db: DatabaseOrTransaction, scope: RegistryScope, options: { fromYear: number; toYear: number; today?: string }) {
  const scopeCondition = scope.creditCode
    ? sql`e.credit_code = ${scope.creditCode}`
    : scope.orgs
      ? scope.orgs.length > 0
        ? sql`e.org = any(${sql.param(scope.orgs)}::text[])`
        : sql`false`
      : sql`true`;
  const moves = await queryRows<{ step: string; year: number; count: number }>(
    db,
    sql`with firsts as (
          select c.credit_code, c.type, min(c.valid_from) as first_from
          from certifications c join enterprises e on e.credit_code = c.credit_code
          where ${scopeCondition}
          group by c.credit_code, c.type
        )
        select 'tech_sme_to_national_hte' as step, extract(year from h.first_from)::int as year, count(*)::int as count
        from firsts h join firsts s on s.credit_code = h.credit_code and s.type = 'tech_sme' and s.first_from < h.first_from
        where h.type = 'national_hte' group by 2
        union all
        select 'national_hte_to_innovative_demo', extract(year from d.first_from)::int, count(*)::int
        from firsts d join firsts h on h.credit_code = d.credit_code and h.type = 'national_hte' and h.first_from < d.first_from
        where d.type = 'innovative_demo_enterprise' group by 2`,
  );
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  // High-tech recognition asks R&D at 5 % / 4 % / 3 % of revenue (≤ 50 M / ≤ 200 M / more) and
  // high-tech products at 60 % of revenue (高新技术企业认定管理办法 第十一条): SMEs meeting both in
  // their latest year, without a high-tech certificate, are the candidates.
  const candidates = await queryRows<{ credit_code: string; name: string; org: string; year: string; revenue: number; rd_ratio: number; high_tech_share: number }>(
    db,
    sql`select e.credit_code, e.name, e.org, y.key as year, (y.value->>'revenue')::float8 as revenue,
               (y.value->>'rd_expense')::float8 / nullif((y.value->>'revenue')::float8, 0) as rd_ratio,
               (y.value->>'high_tech_revenue')::float8 / nullif((y.value->>'revenue')::float8, 0) as high_tech_share
        from enterprises e
        cross join lateral (select key, value from jsonb_each(e.years) order by key desc limit 1) y
        where ${scopeCondition}
          and exists (select 1 from certifications c where c.credit_code = e.credit_code and c.type = 'tech_sme' and c.valid_to >= ${today}::date and ${notRevokedBySql(today)})
          and not exists (select 1 from certifications c where c.credit_code = e.credit_code and c.type = 'national_hte' and ${validOnSql(today)})
          and (y.value->>'rd_expense')::float8 / nullif((y.value->>'revenue')::float8, 0) >=
              case when (y.value->>'revenue')::float8 <= 50000000 then 0.05 when (y.value->>'revenue')::float8 <= 200000000 then 0.04 else 0.03 end
          and (y.value->>'high_tech_revenue')::float8 / nullif((y.value->>'revenue')::float8, 0) >= 0.6
        order by rd_ratio desc limit 50`,
  );
  const years = Array.from({ length: options.toYear - options.fromYear + 1 }, (_, index) => options.fromYear + index);
  const count = (step: string, year: number) => moves.find((move) => move.step === step && move.year === year)?.count ?? 0;
  return {
    years: years.map((year) => ({ year, tech_sme_to_national_hte: count('tech_sme_to_national_hte', year), national_hte_to_innovative_demo: count('national_hte_to_innovative_demo', year) })),
    candidates: candidates.map((row) => ({ credit_code: row.credit_code, name: row.name, org: row.org, year: row.year, revenue: row.revenue, rd_ratio: row.rd_ratio, high_tech_share: row.high_tech_share })),
  };
}
