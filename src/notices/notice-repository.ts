import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor, PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import { escalationLevelLabels, escalationOf } from './escalation.ts';
import { noticeActionLabels, noticeStateLabels, nextNoticeState, type NoticeAction, type NoticeState } from './notice-states.ts';
import type { Notice, NoticeDetail } from './notices-contract.ts';
import { supervisionNotices, supervisionNoticeTransitions } from './notices-schema.ts';

export type NoticeRow = typeof supervisionNotices.$inferSelect;

/** The notices (and reminders) a caller may read: all, one unit's, an area subtree's, or none. */
export type NoticeScope = { kind: 'all' } | { kind: 'unit'; unitId: string } | { kind: 'areas'; codes: readonly string[] } | { kind: 'none' };

/** The caller's `notices.read` scope (401/403 when the caller holds it in no scope). */
export function noticeScopeOf(actor: Actor | null, permissions: PermissionTable, tree: AreaTree): NoticeScope {
  const scope = permissions.dataScopeOf(actor, 'notices.read');
  switch (scope.kind) {
    case 'all':
      return { kind: 'all' };
    case 'unit':
      return { kind: 'unit', unitId: scope.unitId };
    case 'area':
      return { kind: 'areas', codes: tree.subtreeOf(scope.orgCode).map((area) => area.code) };
    default:
      return { kind: 'none' };
  }
}

/** The scope as a condition on a table's assignee columns. */
export function assigneeCondition(scope: NoticeScope, columns: { assigneeKind: AnyPgColumn; assigneeId: AnyPgColumn }): SQL | undefined {
  const kind = columns.assigneeKind;
  const id = columns.assigneeId;
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'unit':
      return and(eq(kind, 'unit'), eq(id, scope.unitId));
    case 'areas':
      return scope.codes.length > 0 ? and(eq(kind, 'area'), inArray(id, [...scope.codes])) : sql`false`;
    case 'none':
      return sql`false`;
  }
}

/** How a notice is named in messages: 督办〔2026〕3号（科技厅：……）. */
export function noticeNumber(row: Pick<NoticeRow, 'year' | 'seq'>): string {
  return `督办〔${row.year}〕${row.seq}号`;
}

export function noticeLabel(row: Pick<NoticeRow, 'year' | 'seq' | 'subject'>): string {
  return `${noticeNumber(row)}·${row.subject}`;
}

/** The notice locked for update, within the caller's scope: 404 when there is none the caller may see. */
export async function lockNotice(tx: DatabaseOrTransaction, scope: NoticeScope, id: string): Promise<NoticeRow> {
  const [row] = await tx
    .select()
    .from(supervisionNotices)
    .where(and(eq(supervisionNotices.id, id), assigneeCondition(scope, supervisionNotices)))
    .for('update');
  if (!row) throw new AppError('not_found', `找不到督办单“${id}”`, `no supervision notice "${id}"`);
  return row;
}

/** Moves a notice by `action` (409 from the state machine when illegal), sets the columns given, keeps the move. */
export async function moveNotice(
  tx: DatabaseOrTransaction,
  row: NoticeRow,
  action: NoticeAction,
  change: { actor: string; now: Date; note?: string | null; set?: Partial<NoticeRow> },
): Promise<NoticeRow> {
  const to: NoticeState = nextNoticeState(row.state, action, { label: noticeLabel(row) });
  const [updated] = await tx
    .update(supervisionNotices)
    .set({ ...(change.set ?? {}), state: to, updatedAt: change.now })
    .where(eq(supervisionNotices.id, row.id))
    .returning();
  await tx.insert(supervisionNoticeTransitions).values({ noticeId: row.id, action, fromState: row.state, toState: to, actor: change.actor, at: change.now, note: change.note ?? null });
  return updated!;
}

/** A notice for the contract, its escalation computed for `today` (a Beijing date). */
export function presentNotice(row: NoticeRow, today: string): Notice {
  const escalation = escalationOf(row, today);
  return {
    id: row.id,
    number: noticeNumber(row),
    year: row.year,
    assignee: { kind: row.assigneeKind, id: row.assigneeId, name: row.assigneeName },
    subject: row.subject,
    text: row.text,
    reference:
      row.referenceId && row.referenceKind && row.referencePackId
        ? { pack_id: row.referencePackId, kind: row.referenceKind, id: row.referenceId, title: row.referenceTitle ?? row.referenceId, task_id: row.referenceTaskId ?? row.referenceId }
        : null,
    deadline: row.deadline,
    state: row.state,
    state_label: noticeStateLabels[row.state],
    escalation: { ...escalation, level_label: escalationLevelLabels[escalation.level] },
    response:
      row.responseText !== null && row.answeredOn !== null && row.answeredAt !== null && row.state !== 'issued'
        ? { text: row.responseText, evidence: row.responseEvidence, answered_on: row.answeredOn, answered_at: row.answeredAt.toISOString(), answered_by: row.answeredBy ?? '', on_time: row.answeredOn <= row.deadline }
        : null,
    return_reason: row.state === 'issued' ? row.returnReason : null,
    issued_on: row.issuedOn,
    issued_at: row.issuedAt.toISOString(),
    issued_by: row.issuedBy,
    closed_at: row.closedAt?.toISOString() ?? null,
    closed_by: row.closedBy,
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function presentNoticeDetail(db: DatabaseOrTransaction, row: NoticeRow, today: string): Promise<NoticeDetail> {
  const history = await db.select().from(supervisionNoticeTransitions).where(eq(supervisionNoticeTransitions.noticeId, row.id)).orderBy(asc(supervisionNoticeTransitions.id));
  return {
    ...presentNotice(row, today),
    history: history.map((move) => {
      const action = move.action as NoticeAction | 'issue';
      return {
        action,
        action_label: noticeActionLabels[action],
        from_state: move.fromState as NoticeState | null,
        to_state: move.toState as NoticeState,
        actor: move.actor,
        at: move.at.toISOString(),
        note: move.note,
      };
    }),
  };
}

export const noticeOrder = [desc(supervisionNotices.issuedAt), desc(supervisionNotices.year), desc(supervisionNotices.seq)];
