import { and, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../accounts/index.ts';
import { queryRows, type DatabaseOrTransaction } from '../db/index.ts';
import type { LeafSum, Qualifier, StoredValue } from './indicator-calculator.ts';
import { indicatorPeriodLocks, indicatorValueComments, indicatorValueRevisions, indicatorValues } from './indicators-schema.ts';
import type { ValueScope } from './value-scope.ts';

/**
 * The indicators module's one repository: every query of indicator values, their revisions and
 * the closed periods is here. Values stay `numeric` in SQL and arrive as decimal strings.
 */
export type ValueRow = typeof indicatorValues.$inferSelect;
export type ValueStatus = ValueRow['status'];
export type ValueOrigin = ValueRow['origin'];
export type RevisionRow = typeof indicatorValueRevisions.$inferSelect;
export type ValueChange = RevisionRow['change'];
export type PeriodClosureRow = typeof indicatorPeriodLocks.$inferSelect;
export type ReviewLevel = NonNullable<ValueRow['reviewLevel']>;
export type CommentRow = typeof indicatorValueComments.$inferSelect;

export interface ValueWrite {
  indicator: string;
  org: string;
  period: string;
  /** Decimal strings, exact. */
  value: string;
  unit: string;
  enteredValue: string;
  enteredUnit: string | null;
  qualifier: Qualifier;
  source: string | null;
}

/** Approved values (the ones evaluations count) of some areas and indicators; values as decimal strings. */
export async function findApprovedValues(db: DatabaseOrTransaction, filter: { orgs?: readonly string[]; indicators?: readonly string[] }): Promise<StoredValue[]> {
  const conditions = [eq(indicatorValues.status, 'approved')];
  if (filter.orgs) conditions.push(inArray(indicatorValues.org, [...filter.orgs]));
  if (filter.indicators) conditions.push(inArray(indicatorValues.indicator, [...filter.indicators]));
  return db
    .select({ indicator: indicatorValues.indicator, org: indicatorValues.org, period: indicatorValues.period, value: indicatorValues.value, qualifier: indicatorValues.qualifier, source: indicatorValues.source })
    .from(indicatorValues)
    .where(and(...conditions));
}

/** The years (newest first) in which some areas have an approved value of some indicators; a quarter or month counts for its year. */
export async function findYearsWithApprovedValues(db: DatabaseOrTransaction, filter: { orgs?: readonly string[]; indicators?: readonly string[] }): Promise<number[]> {
  const conditions = [sql`status = 'approved'`];
  if (filter.orgs) conditions.push(sql`org = any(${sql.param([...filter.orgs])}::text[])`);
  if (filter.indicators) conditions.push(sql`indicator = any(${sql.param([...filter.indicators])}::text[])`);
  const rows = await queryRows<{ year: string }>(db, sql`select distinct substring(period from 1 for 4) as year from indicator_values where ${sql.join(conditions, sql` and `)} order by year desc`);
  return rows.map((row) => Number(row.year));
}

/**
 * Rewrites the source text of values of one origin, and of their revisions, where it is still the
 * given old text (an exact match: a source someone has changed since is left alone). Returns how
 * many values changed; writes nothing when none matches.
 */
export async function replaceSources(db: DatabaseOrTransaction, origin: ValueOrigin, replacements: readonly { indicator: string; org: string; period: string; from: string; to: string }[]): Promise<number> {
  if (replacements.length === 0) return 0;
  const column = (pick: (replacement: (typeof replacements)[number]) => string) => sql.param(replacements.map(pick));
  const input = sql`unnest(${column((r) => r.indicator)}::text[], ${column((r) => r.org)}::text[], ${column((r) => r.period)}::text[], ${column((r) => r.from)}::text[], ${column((r) => r.to)}::text[]) as r(indicator, org, period, from_source, to_source)`;
  const stale = await queryRows<{ count: number }>(
    db,
    sql`select (select count(*) from indicator_values v, ${input} where v.origin = ${origin} and (v.indicator, v.org, v.period, v.source) = (r.indicator, r.org, r.period, r.from_source))::int
          + (select count(*) from indicator_value_revisions v, ${input} where v.origin = ${origin} and (v.indicator, v.org, v.period, v.source) = (r.indicator, r.org, r.period, r.from_source))::int as count`,
  );
  if ((stale[0]?.count ?? 0) === 0) return 0;
  await db.execute(sql`update indicator_value_revisions v set source = r.to_source from ${input} where v.origin = ${origin} and (v.indicator, v.org, v.period, v.source) = (r.indicator, r.org, r.period, r.from_source)`);
  const changed = await queryRows<{ id: unknown }>(db, sql`update indicator_values v set source = r.to_source from ${input} where v.origin = ${origin} and (v.indicator, v.org, v.period, v.source) = (r.indicator, r.org, r.period, r.from_source) returning v.id`);
  return changed.length;
}

/**
 * Sums of approved values over the leaf children of each given parent, by indicator and period:
 * the database adds up what would otherwise be sent row by row, exactly (`numeric`, sent as text).
 */
export async function findLeafSums(db: DatabaseOrTransaction, children: readonly { org: string; parent: string }[], indicators: readonly string[]): Promise<LeafSum[]> {
  if (children.length === 0 || indicators.length === 0) return [];
  const rows = await queryRows<{ parent: string; indicator: string; period: string; count: number; sum: string; lower_bound: boolean }>(
    db,
    sql`select p.parent, v.indicator, v.period, count(*)::int as count, sum(v.value)::text as sum, bool_or(v.qualifier = 'lower_bound') as lower_bound
        from indicator_values v
        join unnest(${sql.param(children.map((child) => child.org))}::text[], ${sql.param(children.map((child) => child.parent))}::text[]) as p(org, parent) on v.org = p.org
        where v.status = 'approved' and v.indicator = any(${sql.param([...indicators])}::text[])
        group by p.parent, v.indicator, v.period`,
  );
  return rows.map((row) => ({ parent: row.parent, indicator: row.indicator, period: row.period, count: row.count, sum: row.sum, lowerBound: row.lower_bound }));
}

/** The SQL condition that keeps a query inside the caller's scope (false for none). */
function withinScope(scope: ValueScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'none' || scope.orgs.length === 0) return sql`false`;
  return inArray(indicatorValues.org, [...scope.orgs]);
}

/**
 * Values of every status (drafts and submissions included), for those who enter or review them:
 * only within `scope`, whatever the filter asks, so that a check forgotten upstream still holds.
 */
export async function findValueRows(db: DatabaseOrTransaction, scope: ValueScope, filter: { org?: string; period?: string; indicator?: string }): Promise<ValueRow[]> {
  const conditions = [withinScope(scope)];
  if (filter.org) conditions.push(eq(indicatorValues.org, filter.org));
  if (filter.period) conditions.push(eq(indicatorValues.period, filter.period));
  if (filter.indicator) conditions.push(eq(indicatorValues.indicator, filter.indicator));
  return db.select().from(indicatorValues).where(and(...conditions)).orderBy(indicatorValues.indicator, indicatorValues.org, indicatorValues.period);
}

/** One area's values of one period (all, or the named indicators), locked for a workflow step. */
export async function findValueRowsForUpdate(tx: DatabaseOrTransaction, org: string, period: string, indicators?: readonly string[]): Promise<ValueRow[]> {
  const conditions = [eq(indicatorValues.org, org), eq(indicatorValues.period, period)];
  if (indicators && indicators.length > 0) conditions.push(inArray(indicatorValues.indicator, [...indicators]));
  return tx.select().from(indicatorValues).where(and(...conditions)).orderBy(indicatorValues.indicator).for('update');
}

/** A draft's figures as entered, in the canonical unit and as typed. */
export interface DraftFigures {
  value: string;
  unit: string;
  enteredValue: string;
  enteredUnit: string | null;
  source: string | null;
}

/**
 * Creates a draft or revises the existing draft or returned value (its revision counter goes up;
 * a returned value stays returned, its reason shown, until submitted again), in one upsert so
 * that two first saves at once both succeed. Undefined when the value exists and is neither
 * (submitted or approved values are not overwritten).
 */
export async function upsertDraftValue(tx: DatabaseOrTransaction, key: { indicator: string; org: string; period: string }, figures: DraftFigures, meta: { actor: string; at: Date }): Promise<ValueRow | undefined> {
  const values = { ...figures, updatedBy: meta.actor, updatedAt: meta.at };
  const [row] = await tx
    .insert(indicatorValues)
    .values({ indicator: key.indicator, org: key.org, period: key.period, ...values, qualifier: 'exact', status: 'draft', origin: 'entry' })
    .onConflictDoUpdate({
      target: [indicatorValues.indicator, indicatorValues.org, indicatorValues.period],
      set: { ...values, revision: sql`${indicatorValues.revision} + 1` },
      setWhere: inArray(indicatorValues.status, ['draft', 'returned']),
    })
    .returning();
  return row;
}

/**
 * Moves one value to a new status: submission records who submitted it and the level that
 * reviews it first, a pass up a level the next level, approval who approved it, and a return who
 * returned it, when and why (cleared again when it is submitted).
 */
export async function setValueStatus(
  tx: DatabaseOrTransaction,
  id: string,
  status: ValueStatus,
  meta: { actor: string; at: Date; reviewLevel?: ReviewLevel | null; submitted?: boolean; reason?: string },
): Promise<ValueRow | undefined> {
  const [row] = await tx
    .update(indicatorValues)
    .set({
      status,
      updatedBy: meta.actor,
      updatedAt: meta.at,
      reviewLevel: status === 'submitted' ? (meta.reviewLevel ?? 'region') : null,
      ...(meta.submitted ? { submittedBy: meta.actor, submittedAt: meta.at } : {}),
      ...(status === 'approved' ? { approvedBy: meta.actor, approvedAt: meta.at } : {}),
      ...(status === 'returned' ? { returnedBy: meta.actor, returnedAt: meta.at, returnReason: meta.reason ?? '' } : { returnedBy: null, returnedAt: null, returnReason: null }),
    })
    .where(eq(indicatorValues.id, id))
    .returning();
  return row;
}

/** Keeps a reviewer's reason or comment with the value (its review history). */
export async function insertValueComment(tx: DatabaseOrTransaction, row: ValueRow, comment: { action: CommentRow['action']; level: ReviewLevel | null; body: string; author: string; at: Date }): Promise<void> {
  await tx.insert(indicatorValueComments).values({ valueId: row.id, indicator: row.indicator, org: row.org, period: row.period, action: comment.action, level: comment.level, body: comment.body, author: comment.author, createdAt: comment.at });
}

/** When the value's figures last changed (its newest create or revise revision); undefined when never. */
export async function findLastEdit(db: DatabaseOrTransaction, valueId: string): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: indicatorValueRevisions.changedAt })
    .from(indicatorValueRevisions)
    .where(and(eq(indicatorValueRevisions.valueId, valueId), inArray(indicatorValueRevisions.change, ['create', 'revise'])))
    .orderBy(desc(indicatorValueRevisions.id))
    .limit(1);
  return row?.at;
}

/** The review history of every value of one area and period, oldest first (the entry sheet's). */
export async function findSheetComments(db: DatabaseOrTransaction, org: string, period: string): Promise<CommentRow[]> {
  return db
    .select()
    .from(indicatorValueComments)
    .where(and(eq(indicatorValueComments.org, org), eq(indicatorValueComments.period, period)))
    .orderBy(indicatorValueComments.id);
}

/** The review history of one value, oldest first. */
export async function findValueComments(db: DatabaseOrTransaction, key: { indicator: string; org: string; period: string }): Promise<CommentRow[]> {
  return db
    .select()
    .from(indicatorValueComments)
    .where(and(eq(indicatorValueComments.indicator, key.indicator), eq(indicatorValueComments.org, key.org), eq(indicatorValueComments.period, key.period)))
    .orderBy(indicatorValueComments.id);
}

/** Values in one status (submitted or returned, for the queues), only within `scope`, oldest change first. */
export async function findValuesInStatus(db: DatabaseOrTransaction, scope: ValueScope, status: ValueStatus): Promise<ValueRow[]> {
  return db
    .select()
    .from(indicatorValues)
    .where(and(withinScope(scope), eq(indicatorValues.status, status)))
    .orderBy(indicatorValues.updatedAt, indicatorValues.indicator, indicatorValues.org, indicatorValues.period);
}

/** The statuses of the values of some areas and periods (any indicator), for the reporting calendar; only within `scope`. */
export async function findValueStatuses(db: DatabaseOrTransaction, scope: ValueScope, orgs: readonly string[], periods: readonly string[]): Promise<{ indicator: string; org: string; period: string; status: ValueStatus }[]> {
  if (orgs.length === 0 || periods.length === 0) return [];
  return db
    .select({ indicator: indicatorValues.indicator, org: indicatorValues.org, period: indicatorValues.period, status: indicatorValues.status })
    .from(indicatorValues)
    .where(and(withinScope(scope), inArray(indicatorValues.org, [...orgs]), inArray(indicatorValues.period, [...periods])));
}

/** One line of a value's history: the value as it is after `change`. */
export async function recordRevision(tx: DatabaseOrTransaction, row: ValueRow, change: ValueChange, actor: Actor, at: Date): Promise<void> {
  await tx.insert(indicatorValueRevisions).values({ valueId: row.id, indicator: row.indicator, org: row.org, period: row.period, revision: row.revision, change, value: row.value, unit: row.unit, qualifier: row.qualifier, source: row.source, status: row.status, origin: row.origin, changedBy: actor.username, changedAt: at });
}

/**
 * The revisions of one value, oldest first: `all` of them; the `reviewable` ones (everything but
 * drafts: for those who may enter or review the area's values); or the `approved` ones only.
 */
export async function findValueRevisions(db: DatabaseOrTransaction, key: { indicator: string; org: string; period: string }, visibility: 'all' | 'reviewable' | 'approved'): Promise<RevisionRow[]> {
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

/** The closure of one (area, period), if it is closed. */
export async function findPeriodClosure(db: DatabaseOrTransaction, org: string, period: string): Promise<PeriodClosureRow | undefined> {
  const [row] = await db.select().from(indicatorPeriodLocks).where(and(eq(indicatorPeriodLocks.org, org), eq(indicatorPeriodLocks.period, period)));
  return row;
}

/** The closed ones among the given (area, period) pairs. */
export async function findPeriodClosures(db: DatabaseOrTransaction, keys: readonly { org: string; period: string }[]): Promise<PeriodClosureRow[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map((key) => `${key.org}|${key.period}`));
  const rows = await db
    .select()
    .from(indicatorPeriodLocks)
    .where(and(inArray(indicatorPeriodLocks.org, [...new Set(keys.map((key) => key.org))]), inArray(indicatorPeriodLocks.period, [...new Set(keys.map((key) => key.period))])));
  return rows.filter((row) => wanted.has(`${row.org}|${row.period}`));
}

/**
 * Holds the closures still until the transaction ends: a write that checked its period open
 * cannot be overtaken by a closure of that period committing first. Writers share the hold; a
 * closure (an insert) waits for them, and writers after it see it.
 */
export async function holdPeriodClosures(tx: DatabaseOrTransaction): Promise<void> {
  await tx.execute(sql`lock table indicator_period_locks in share mode`);
}

/** Closes an (area, period); undefined when it was closed already (nothing changes then). */
export async function insertPeriodClosure(tx: DatabaseOrTransaction, closure: { org: string; period: string; closedBy: string; at: Date }): Promise<PeriodClosureRow | undefined> {
  const [row] = await tx.insert(indicatorPeriodLocks).values({ org: closure.org, period: closure.period, lockedBy: closure.closedBy, lockedAt: closure.at }).onConflictDoNothing().returning();
  return row;
}

/** Reopens an (area, period); the closure removed, or undefined when it was not closed. */
export async function deletePeriodClosure(tx: DatabaseOrTransaction, org: string, period: string): Promise<PeriodClosureRow | undefined> {
  const [row] = await tx.delete(indicatorPeriodLocks).where(and(eq(indicatorPeriodLocks.org, org), eq(indicatorPeriodLocks.period, period))).returning();
  return row;
}

const batchSize = 10_000;

/**
 * What upsertValues would do with these writes, counted and not done (a dry run's report): new
 * keys, keys whose value, qualifier, source or status would change, and the rest unchanged — the
 * same comparison as the upsert's.
 */
export async function countValueChanges(db: DatabaseOrTransaction, writes: readonly ValueWrite[], status: ValueStatus): Promise<{ inserted: number; revised: number; unchanged: number }> {
  let inserted = 0;
  let revised = 0;
  for (let start = 0; start < writes.length; start += batchSize) {
    const batch = writes.slice(start, start + batchSize);
    const column = <T>(pick: (write: ValueWrite) => T) => sql.param(batch.map(pick));
    const [row] = await queryRows<{ inserted: string; revised: string }>(
      db,
      sql`
      with input as (
        select * from unnest(
          ${column((write) => write.indicator)}::text[], ${column((write) => write.org)}::text[], ${column((write) => write.period)}::text[],
          ${column((write) => write.value)}::numeric[], ${column((write) => write.qualifier)}::text[], ${column((write) => write.source)}::text[]
        ) as t(indicator, org, period, value, qualifier, source)
      )
      select
        count(*) filter (where stored.id is null) as inserted,
        count(*) filter (where stored.id is not null and (stored.value, stored.qualifier, coalesce(stored.source, ''), stored.status::text)
          is distinct from (input.value, input.qualifier, coalesce(input.source, ''), ${status}::text)) as revised
      from input left join indicator_values stored on stored.indicator = input.indicator and stored.org = input.org and stored.period = input.period`,
    );
    inserted += Number(row?.inserted ?? 0);
    revised += Number(row?.revised ?? 0);
  }
  return { inserted, revised, unchanged: writes.length - inserted - revised };
}

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
          ${column((write) => write.value)}::numeric[], ${column((write) => write.unit)}::text[], ${column((write) => write.enteredValue)}::numeric[],
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

/** The current values (any status) of some (indicator, area, period) keys, as decimal strings, for the data-quality rules. */
export async function findCurrentValues(db: DatabaseOrTransaction, keys: readonly { indicator: string; org: string; period: string }[]): Promise<{ indicator: string; org: string; period: string; value: string }[]> {
  if (keys.length === 0) return [];
  return queryRows<{ indicator: string; org: string; period: string; value: string }>(
    db,
    sql`select v.indicator, v.org, v.period, v.value::text as value
        from indicator_values v
        join unnest(${sql.param(keys.map((key) => key.indicator))}::text[], ${sql.param(keys.map((key) => key.org))}::text[], ${sql.param(keys.map((key) => key.period))}::text[]) as k(indicator, org, period)
          on v.indicator = k.indicator and v.org = k.org and v.period = k.period`,
  );
}
