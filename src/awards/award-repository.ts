import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Actor, PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { queryRows, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError, today } from '../shared/index.ts';
import { awardNoticeItems, awardNotices, awardObjections, awardPayments, awards, awardTransitions } from './awards-schema.ts';
import { awardStateLabels, nextAwardState, type AwardAction, type AwardState } from './award-states.ts';
import type { Award, AwardQuery } from './awards-contract.ts';

export type AwardRow = typeof awards.$inferSelect;

/** The part of the ledger a caller may read: everything, an area's subtree, one enterprise, or nothing. */
export type AwardScope = { kind: 'all' } | { kind: 'areas'; orgs: readonly string[] } | { kind: 'enterprise'; creditCode: string } | { kind: 'none' };

/** The caller's `awards.read` scope (401/403 when it holds the action in no scope). */
export function awardScopeOf(actor: Actor | null, permissions: PermissionTable, tree: AreaTree): AwardScope {
  const scope = permissions.dataScopeOf(actor, 'awards.read');
  switch (scope.kind) {
    case 'all':
      return { kind: 'all' };
    case 'area':
      return { kind: 'areas', orgs: tree.subtreeOf(scope.orgCode).map((area) => area.code) };
    case 'enterprise':
      return { kind: 'enterprise', creditCode: scope.creditCode };
    default:
      return { kind: 'none' };
  }
}

function scopeCondition(scope: AwardScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'areas':
      return scope.orgs.length > 0 ? inArray(awards.areaCode, [...scope.orgs]) : sql`false`;
    case 'enterprise':
      return eq(awards.creditCode, scope.creditCode);
    case 'none':
      return sql`false`;
  }
}

/** How an award is named in messages: 甲公司·首次认定国家高新技术企业奖补·2025年. */
export function awardLabel(row: Pick<AwardRow, 'enterpriseName' | 'incentiveTitle' | 'year'>): string {
  return `${row.enterpriseName}·${row.incentiveTitle}·${row.year}年`;
}

/** The awards, locked for update in id order (two bulk actions never wait on each other in a cycle); 404 naming an id not found. */
export async function lockAwards(tx: DatabaseOrTransaction, ids: readonly string[]): Promise<AwardRow[]> {
  const unique = [...new Set(ids)].sort();
  const rows = await tx.select().from(awards).where(inArray(awards.id, unique)).orderBy(asc(awards.id)).for('update');
  const missing = unique.filter((id) => !rows.some((row) => row.id === id));
  if (missing.length > 0) throw new AppError('not_found', `找不到奖励：${missing.join('、')}`, `no award ${missing.join(', ')}`, { ids: missing });
  return rows;
}

/**
 * Moves one award by `action` (409 from the state machine when illegal), writes the new state and
 * the given columns, and keeps the move in award_transitions. Returns the updated row.
 */
export async function moveAward(
  tx: DatabaseOrTransaction,
  row: AwardRow,
  action: AwardAction,
  change: { actor: string; now: Date; note?: string | null; set?: Partial<Pick<AwardRow, 'noticeId' | 'withdrawnReason'>> },
): Promise<AwardRow> {
  const to = nextAwardState(row.state, action, { label: awardLabel(row) });
  const [updated] = await tx
    .update(awards)
    .set({ state: to, updatedAt: change.now, ...(change.set ?? {}) })
    .where(eq(awards.id, row.id))
    .returning();
  await tx.insert(awardTransitions).values({ awardId: row.id, fromState: row.state, toState: to, action, actor: change.actor, at: change.now, note: change.note ?? null });
  return updated!;
}

export interface AwardListRow extends AwardRow {
  noticeEndsOn: string | null;
}

/** Presents a row for the contract: names, state in words, the notice's end, eligibility for approval. */
export function presentAward(row: AwardListRow, tree: AreaTree, now: Date): Award {
  const ended = row.noticeEndsOn !== null && row.noticeEndsOn < today(now);
  return {
    id: row.id,
    enterprise_id: row.enterpriseId,
    credit_code: row.creditCode,
    enterprise_name: row.enterpriseName,
    area_code: row.areaCode,
    area_name: tree.find(row.areaCode)?.name ?? row.areaCode,
    incentive_id: row.incentiveId,
    incentive_title: row.incentiveTitle,
    pack_id: row.packId,
    year: row.year,
    frequency: row.frequency,
    amount: row.amount,
    cap: row.cap,
    state: row.state,
    state_label: awardStateLabels[row.state],
    notice_id: row.noticeId,
    notice_ends_on: row.noticeEndsOn,
    eligible_for_approval: row.state === 'period_ended' || (row.state === 'announced' && ended),
    run_id: row.runId,
    withdrawn_reason: row.withdrawnReason,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const listColumns = { award: awards, noticeEndsOn: awardNotices.endsOn };

/** A page of awards within the scope and filters, with the count per state (filters other than state). */
export async function findAwardRows(db: DatabaseOrTransaction, scope: AwardScope, query: AwardQuery): Promise<{ rows: AwardListRow[]; total: number; counts: Record<string, number> }> {
  const common = [
    scopeCondition(scope),
    query.incentive ? eq(awards.incentiveId, query.incentive) : undefined,
    query.area ? eq(awards.areaCode, query.area) : undefined,
    query.year ? eq(awards.year, query.year) : undefined,
    query.enterprise ? eq(awards.creditCode, query.enterprise) : undefined,
  ].filter((condition): condition is SQL => condition !== undefined);
  const where = and(...common, query.state ? eq(awards.state, query.state) : undefined);
  const page = query.page ?? 1;
  const pageSize = query.page_size ?? 50;
  const found = await db
    .select(listColumns)
    .from(awards)
    .leftJoin(awardNotices, eq(awardNotices.id, awards.noticeId))
    .where(where)
    .orderBy(desc(awards.year), asc(awards.areaCode), asc(awards.enterpriseName), asc(awards.incentiveId), asc(awards.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const byState = await db.select({ state: awards.state, n: count() }).from(awards).where(and(...common)).groupBy(awards.state);
  const counts: Record<string, number> = {};
  for (const entry of byState) counts[entry.state] = Number(entry.n);
  const total = query.state ? (counts[query.state] ?? 0) : Object.values(counts).reduce((sum, n) => sum + n, 0);
  return { rows: found.map((row) => ({ ...row.award, noticeEndsOn: row.noticeEndsOn })), total, counts };
}

/** One award within the scope (undefined outside it), with its notice's end. */
export async function findAwardRow(db: DatabaseOrTransaction, scope: AwardScope, id: string): Promise<AwardListRow | undefined> {
  const [row] = await db
    .select(listColumns)
    .from(awards)
    .leftJoin(awardNotices, eq(awardNotices.id, awards.noticeId))
    .where(and(eq(awards.id, id), scopeCondition(scope)));
  return row ? { ...row.award, noticeEndsOn: row.noticeEndsOn } : undefined;
}

export async function findAwardHistory(db: DatabaseOrTransaction, id: string) {
  const history = await db.select().from(awardTransitions).where(eq(awardTransitions.awardId, id)).orderBy(asc(awardTransitions.id));
  const objections = await db.select().from(awardObjections).where(eq(awardObjections.awardId, id)).orderBy(asc(awardObjections.raisedOn), asc(awardObjections.id));
  const [payment] = await db.select().from(awardPayments).where(eq(awardPayments.awardId, id));
  return { history, objections, payment };
}

/** The notices ends: their `ends_on` by id. */
export async function findNoticeEnds(db: DatabaseOrTransaction, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: awardNotices.id, endsOn: awardNotices.endsOn }).from(awardNotices).where(inArray(awardNotices.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.endsOn]));
}

export { awardNoticeItems, awardNotices, awardObjections, awardPayments, awards, awardTransitions };
export type { AwardState };

/** Paid (the payments recorded) and approved-but-unpaid amounts of a year, by incentive and area: exact decimal strings. */
export async function sumAwardCosts(db: DatabaseOrTransaction, year: number): Promise<{ incentive_id: string; area_code: string; paid: string; approved: string }[]> {
  return queryRows<{ incentive_id: string; area_code: string; paid: string; approved: string }>(
    db,
    sql`select a.incentive_id, a.area_code,
          coalesce(sum(p.amount) filter (where a.state = 'paid'), 0)::numeric(18, 2)::text as paid,
          coalesce(sum(a.amount) filter (where a.state = 'approved'), 0)::numeric(18, 2)::text as approved
        from awards a left join award_payments p on p.award_id = a.id
        where a.year = ${year} and a.state in ('paid', 'approved')
        group by a.incentive_id, a.area_code
        order by a.incentive_id, a.area_code`,
  );
}
