import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../db/open-database.ts';
import type { Qualifier, StoredValue } from './indicator-calculator.ts';
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
    .select({ indicator: indicatorValues.indicator, org: indicatorValues.org, period: indicatorValues.period, value: indicatorValues.value, qualifier: indicatorValues.qualifier, source: indicatorValues.source })
    .from(indicatorValues)
    .where(and(...conditions));
  return rows.map((row) => ({ ...row, value: Number(row.value) }));
}

export async function findValueRows(db: DatabaseOrTransaction, filter: { org?: string; period?: string; indicator?: string }): Promise<ValueRow[]> {
  const conditions = [];
  if (filter.org) conditions.push(eq(indicatorValues.org, filter.org));
  if (filter.period) conditions.push(eq(indicatorValues.period, filter.period));
  if (filter.indicator) conditions.push(eq(indicatorValues.indicator, filter.indicator));
  return db.select().from(indicatorValues).where(and(...conditions)).orderBy(indicatorValues.indicator, indicatorValues.org, indicatorValues.period);
}

export async function findValueHistory(db: DatabaseOrTransaction, key: { indicator: string; org: string; period: string }) {
  return db
    .select()
    .from(indicatorValueRevisions)
    .where(and(eq(indicatorValueRevisions.indicator, key.indicator), eq(indicatorValueRevisions.org, key.org), eq(indicatorValueRevisions.period, key.period)))
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

const batchSize = 1000;

/**
 * Writes values (insert or revise) with one history row for each real change; writing the same
 * value again changes nothing. Returns how many were inserted, revised and left unchanged.
 */
export async function upsertValues(
  tx: DatabaseOrTransaction,
  writes: readonly ValueWrite[],
  meta: { status: ValueStatus; origin: ValueOrigin; actor: string; at: Date },
): Promise<{ inserted: number; revised: number; unchanged: number }> {
  let inserted = 0;
  let revised = 0;
  for (let start = 0; start < writes.length; start += batchSize) {
    const batch = writes.slice(start, start + batchSize);
    const rows = batch.map((write) => ({
      indicator: write.indicator,
      org: write.org,
      period: write.period,
      value: String(write.value),
      unit: write.unit,
      enteredValue: String(write.enteredValue),
      enteredUnit: write.enteredUnit,
      qualifier: write.qualifier,
      source: write.source,
      status: meta.status,
      origin: meta.origin,
      updatedBy: meta.actor,
      updatedAt: meta.at,
      ...(meta.status === 'approved' ? { approvedBy: meta.actor, approvedAt: meta.at } : {}),
    }));
    const changed = await tx
      .insert(indicatorValues)
      .values(rows)
      .onConflictDoUpdate({
        target: [indicatorValues.indicator, indicatorValues.org, indicatorValues.period],
        set: {
          value: sql`excluded.value`,
          unit: sql`excluded.unit`,
          enteredValue: sql`excluded.entered_value`,
          enteredUnit: sql`excluded.entered_unit`,
          qualifier: sql`excluded.qualifier`,
          source: sql`excluded.source`,
          status: sql`excluded.status`,
          origin: sql`excluded.origin`,
          updatedBy: sql`excluded.updated_by`,
          updatedAt: sql`excluded.updated_at`,
          approvedBy: sql`excluded.approved_by`,
          approvedAt: sql`excluded.approved_at`,
          revision: sql`${indicatorValues.revision} + 1`,
        },
        setWhere: sql`(${indicatorValues.value}, ${indicatorValues.qualifier}, coalesce(${indicatorValues.source}, ''), ${indicatorValues.status}) is distinct from (excluded.value, excluded.qualifier, coalesce(excluded.source, ''), excluded.status)`,
      })
      .returning();
    for (const row of changed) {
      if (row.revision === 1) inserted += 1;
      else revised += 1;
    }
    if (changed.length > 0) {
      await tx.insert(indicatorValueRevisions).values(
        changed.map((row) => ({
          valueId: row.id,
          indicator: row.indicator,
          org: row.org,
          period: row.period,
          revision: row.revision,
          change: row.revision === 1 ? ('create' as const) : ('revise' as const),
          value: row.value,
          unit: row.unit,
          qualifier: row.qualifier,
          source: row.source,
          status: row.status,
          origin: row.origin,
          changedBy: meta.actor,
          changedAt: meta.at,
        })),
      );
    }
  }
  return { inserted, revised, unchanged: writes.length - inserted - revised };
}
