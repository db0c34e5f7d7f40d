import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { queryRows, type DatabaseOrTransaction } from '../db/open-database.ts';
import type { LeafSum, Qualifier, StoredValue } from './indicator-calculator.ts';
import { indicatorPeriodLocks, indicatorValueRevisions, indicatorValues } from './indicators-schema.ts';

export type ValueRow = typeof indicatorValues.$inferSelect;
export type ValueStatus = ValueRow['status'];
export type ValueOrigin = ValueRow['origin'];

export interface ValueWrite {
  indicator: string;
  org: string;
  period: string;
  value: number;
  unit: string;
  enteredValue: number;
  enteredUnit: string | null;
  qualifier: Qualifier;
  source: string | null;
}

/** Approved values (the ones evaluations count) of some areas and indicators. */
export async function findApprovedValues(db: DatabaseOrTransaction, filter: { orgs?: readonly string[]; indicators?: readonly string[] }): Promise<StoredValue[]> {
  const conditions = [eq(indicatorValues.status, 'approved')];
  if (filter.orgs) conditions.push(inArray(indicatorValues.org, [...filter.orgs]));
  if (filter.indicators) conditions.push(inArray(indicatorValues.indicator, [...filter.indicators]));
  const rows = await db
    .select({ indicator: indicatorValues.indicator, org: indicatorValues.org, period: indicatorValues.period, value: sql<number>`${indicatorValues.value}::float8`, qualifier: indicatorValues.qualifier, source: indicatorValues.source })
    .from(indicatorValues)
    .where(and(...conditions));
  return rows.map((row) => ({ ...row, value: Number(row.value) }));
}

/**
 * Sums of approved values over the leaf children of each given parent, by indicator and period:
 * the database adds up what would otherwise be sent row by row.
 */
export async function findLeafSums(db: DatabaseOrTransaction, children: readonly { org: string; parent: string }[], indicators: readonly string[]): Promise<LeafSum[]> {
  if (children.length === 0 || indicators.length === 0) return [];
  const rows = await queryRows<{ parent: string; indicator: string; period: string; count: number; sum: number; lower_bound: boolean }>(
    db,
    sql`select p.parent, v.indicator, v.period, count(*)::int as count, sum(v.value)::float8 as sum, bool_or(v.qualifier = 'lower_bound') as lower_bound
        from indicator_values v
        join unnest(${sql.param(children.map((child) => child.org))}::text[], ${sql.param(children.map((child) => child.parent))}::text[]) as p(org, parent) on v.org = p.org
        where v.status = 'approved' and v.indicator = any(${sql.param([...indicators])}::text[])
        group by p.parent, v.indicator, v.period`,
  );
  return rows.map((row) => ({ parent: row.parent, indicator: row.indicator, period: row.period, count: row.count, sum: Number(row.sum), lowerBound: row.lower_bound }));
}

export async function findValueRows(db: DatabaseOrTransaction, filter: { org?: string; period?: string; indicator?: string }): Promise<ValueRow[]> {
  const conditions = [];
  if (filter.org) conditions.push(eq(indicatorValues.org, filter.org));
  if (filter.period) conditions.push(eq(indicatorValues.period, filter.period));
  if (filter.indicator) conditions.push(eq(indicatorValues.indicator, filter.indicator));
  return db.select().from(indicatorValues).where(and(...conditions)).orderBy(indicatorValues.indicator, indicatorValues.org, indicatorValues.period);
}

/**
 * The revisions of one value, oldest first: `all` of them; the `reviewable` ones (everything but
 * drafts: for those who may enter or review the area's values); or the `approved` ones only.
 */
export async function findValueHistory(db: DatabaseOrTransaction, key: { indicator: string; org: string; period: string }, visibility: 'all' | 'reviewable' | 'approved') {
  return db
    .select()
    .from(indicatorValueRevisions)
    .where(
      and(
        eq(indicatorValueRevisions.indicator, key.indicator),
        eq(indicatorValueRevisions.org, key.org),
        eq(indicatorValueRevisions.period, key.period),
        visibility === 'approved' ? eq(indicatorValueRevisions.status, 'approved') : visibility === 'reviewable' ? ne(indicatorValueRevisions.status, 'draft') : undefined,
      ),
    )
    .orderBy(indicatorValueRevisions.id);
}

export async function countValues(db: DatabaseOrTransaction): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(indicatorValues);
  return row?.count ?? 0;
}

/** The locked (area, period) pairs among the given keys. */
export async function findPeriodLocks(db: DatabaseOrTransaction): Promise<Set<string>> {
  const rows = await db.select({ org: indicatorPeriodLocks.org, period: indicatorPeriodLocks.period }).from(indicatorPeriodLocks);
  return new Set(rows.map((row) => `${row.org}|${row.period}`));
}

const batchSize = 10_000;

/**
 * Writes values (insert or revise) with one history row for each real change; writing the same
 * value again changes nothing. Returns how many were inserted, revised and left unchanged.
 *
 * One statement per 10,000 rows: the rows travel as ten arrays (unnest), the upsert and the
 * history insert are one CTE — far fewer parameters and round trips than row-by-row SQL.
 */
export async function upsertValues(
  tx: DatabaseOrTransaction,
  writes: readonly ValueWrite[],
  meta: { status: ValueStatus; origin: ValueOrigin; actor: string; at: Date },
): Promise<{ inserted: number; revised: number; unchanged: number }> {
  let inserted = 0;
  let revised = 0;
  const approvedBy = meta.status === 'approved' ? meta.actor : null;
  const approvedAt = meta.status === 'approved' ? meta.at.toISOString() : null;
  for (let start = 0; start < writes.length; start += batchSize) {
    const batch = writes.slice(start, start + batchSize);
    // One parameter per column: an array (sql.param keeps drizzle from spreading it into a list).
    const column = <T>(pick: (write: ValueWrite) => T) => sql.param(batch.map(pick));
    const result = await tx.execute(sql`
      with input as (
        select * from unnest(
          ${column((write) => write.indicator)}::text[], ${column((write) => write.org)}::text[], ${column((write) => write.period)}::text[],
          ${column((write) => String(write.value))}::numeric[], ${column((write) => write.unit)}::text[], ${column((write) => String(write.enteredValue))}::numeric[],
          ${column((write) => write.enteredUnit)}::text[], ${column((write) => write.qualifier)}::text[], ${column((write) => write.source)}::text[]
        ) as t(indicator, org, period, value, unit, entered_value, entered_unit, qualifier, source)
      ),
      upserted as (
        insert into indicator_values (indicator, org, period, value, unit, entered_value, entered_unit, qualifier, source, status, origin, updated_by, updated_at, approved_by, approved_at)
        select indicator, org, period, value, unit, entered_value, entered_unit, qualifier, source, ${meta.status}, ${meta.origin}, ${meta.actor}, ${meta.at.toISOString()}::timestamptz, ${approvedBy}, ${approvedAt}::timestamptz
        from input
        on conflict (indicator, org, period) do update set
          value = excluded.value, unit = excluded.unit, entered_value = excluded.entered_value, entered_unit = excluded.entered_unit,
          qualifier = excluded.qualifier, source = excluded.source, status = excluded.status, origin = excluded.origin,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at, approved_by = excluded.approved_by, approved_at = excluded.approved_at,
          revision = indicator_values.revision + 1
        where (indicator_values.value, indicator_values.qualifier, coalesce(indicator_values.source, ''), indicator_values.status)
          is distinct from (excluded.value, excluded.qualifier, coalesce(excluded.source, ''), excluded.status)
        returning *
      )
      insert into indicator_value_revisions (value_id, indicator, org, period, revision, change, value, unit, qualifier, source, status, origin, changed_by, changed_at)
      select id, indicator, org, period, revision, case when revision = 1 then 'create' else 'revise' end, value, unit, qualifier, source, status, origin, ${meta.actor}, ${meta.at.toISOString()}::timestamptz
      from upserted
      returning revision`);
    for (const row of (result as unknown as { rows: { revision: number }[] }).rows) {
      if (Number(row.revision) === 1) inserted += 1;
      else revised += 1;
    }
  }
  return { inserted, revised, unchanged: writes.length - inserted - revised };
}
