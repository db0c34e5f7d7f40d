import { eq, sql } from 'drizzle-orm';
import type { Actor, PermissionTable, RequestOrigin } from '../accounts/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError, currentYear, today } from '../shared/index.ts';
import { checkAssignee, findReference, type NoticeDirectory } from './notice-names.ts';
import { lockNotice, moveNotice, noticeScopeOf, presentNoticeDetail, type NoticeRow } from './notice-repository.ts';
import type { NoticeDetail } from './notices-contract.ts';
import { supervisionNotices, supervisionNoticeTransitions } from './notices-schema.ts';

export interface NoticeCommandOptions {
  actor: Actor;
  permissions: PermissionTable;
  origin: RequestOrigin;
  now: Date;
  directory: NoticeDirectory;
}

function checkDeadline(deadline: string, now: Date): void {
  if (deadline < today(now)) {
    throw new AppError('bad_request', `回复期限 ${deadline} 早于今天（北京时间 ${today(now)}）`, `the response deadline ${deadline} is before today (${today(now)}, Beijing time)`, [
      { field: 'deadline', message: `回复期限不能早于今天（${today(now)}）`, message_en: `the deadline cannot be before today (${today(now)})` },
    ]);
  }
}

function auditable(row: NoticeRow) {
  return { notice_state: row.state, deadline: row.deadline, assignee_kind: row.assigneeKind, assignee_id: row.assigneeId, assignee_name: row.assigneeName, subject: row.subject };
}

/** Issues a notice (督办单) to a unit or an area: numbered per year, audited. */
export async function issueNotice(
  db: DatabaseOrTransaction,
  body: { assignee: { kind: 'unit' | 'area'; id: string }; subject: string; text: string; reference_id?: string | undefined; deadline: string },
  options: NoticeCommandOptions,
): Promise<NoticeDetail> {
  options.permissions.assertCan(options.actor, 'notices.issue');
  const assignee = checkAssignee(options.directory, body.assignee);
  const reference = body.reference_id ? findReference(options.directory, body.reference_id) : null;
  checkDeadline(body.deadline, options.now);
  const subject = body.subject.trim();
  const text = body.text.trim();
  if (subject === '' || text === '') throw new AppError('bad_request', '督办单须有标题和内容', 'a notice needs a subject and a text', [{ field: subject === '' ? 'subject' : 'text', message: '不能为空', message_en: 'required' }]);
  const year = currentYear(options.now);
  const row = await inTransaction(db, async (tx) => {
      // Notices issued at once take their numbers one after the other: a lock per year of issue,
      // held to the end of the transaction (the unique key stays as the database's guarantee).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`supervision_notices:${year}`}))`);
      const [last] = await tx.select({ seq: sql<number>`coalesce(max(${supervisionNotices.seq}), 0)::int` }).from(supervisionNotices).where(eq(supervisionNotices.year, year));
      const [inserted] = await tx
        .insert(supervisionNotices)
        .values({
          year,
          seq: Number(last?.seq ?? 0) + 1,
          assigneeKind: assignee.kind,
          assigneeId: assignee.id,
          assigneeName: assignee.name,
          subject,
          text,
          referencePackId: reference?.pack_id ?? null,
          referenceKind: reference?.kind ?? null,
          referenceId: reference?.id ?? null,
          referenceTaskId: reference?.task_id ?? null,
          referenceTitle: reference?.title ?? null,
          deadline: body.deadline,
          state: 'issued',
          issuedOn: today(options.now),
          issuedAt: options.now,
          issuedBy: options.actor.username,
          updatedAt: options.now,
        })
        .returning();
      await tx.insert(supervisionNoticeTransitions).values({ noticeId: inserted!.id, action: 'issue', fromState: null, toState: 'issued', actor: options.actor.username, at: options.now, note: null });
      await recordAuditEvent(tx, { actor: options.actor, action: 'notice.issue', entityType: 'supervision_notice', entityId: inserted!.id, before: null, after: { ...auditable(inserted!), reference_id: reference?.id ?? null }, origin: options.origin });
      return inserted!;
  });
  return presentNoticeDetail(db, row, today(options.now));
}

/** The assignee answers its own notice (404 outside its scope, 403 without notices.respond on it, 409 unless awaiting an answer). */
export async function respondToNotice(db: DatabaseOrTransaction, id: string, body: { text: string; evidence?: string | undefined }, options: NoticeCommandOptions): Promise<NoticeDetail> {
  const scope = noticeScopeOf(options.actor, options.permissions, options.directory.tree);
  const text = body.text.trim();
  if (text === '') throw new AppError('bad_request', '回复内容不能为空', 'the answer needs a text', [{ field: 'text', message: '不能为空', message_en: 'required' }]);
  const evidence = body.evidence?.trim() || null;
  const row = await inTransaction(db, async (tx) => {
    const notice = await lockNotice(tx, scope, id);
    options.permissions.assertCanOn(options.actor, 'notices.respond', notice.assigneeKind === 'unit' ? { unitId: notice.assigneeId } : { orgCode: notice.assigneeId }, options.directory.tree);
    const moved = await moveNotice(tx, notice, 'respond', {
      actor: options.actor.username,
      now: options.now,
      set: { responseText: text, responseEvidence: evidence, answeredOn: today(options.now), answeredAt: options.now, answeredBy: options.actor.username, returnReason: null },
    });
    await recordAuditEvent(tx, { actor: options.actor, action: 'notice.respond', entityType: 'supervision_notice', entityId: id, before: { notice_state: notice.state }, after: { notice_state: moved.state, answered_on: moved.answeredOn, on_time: moved.answeredOn! <= moved.deadline, evidence }, origin: options.origin });
    return moved;
  });
  return presentNoticeDetail(db, row, today(options.now));
}

/** The coordinator closes an answered notice (办结). */
export async function closeNotice(db: DatabaseOrTransaction, id: string, body: { note?: string | undefined }, options: NoticeCommandOptions): Promise<NoticeDetail> {
  options.permissions.assertCan(options.actor, 'notices.issue');
  const note = body.note?.trim() || null;
  const row = await inTransaction(db, async (tx) => {
    const notice = await lockNotice(tx, { kind: 'all' }, id);
    const moved = await moveNotice(tx, notice, 'close', { actor: options.actor.username, now: options.now, note, set: { closedAt: options.now, closedBy: options.actor.username } });
    await recordAuditEvent(tx, { actor: options.actor, action: 'notice.close', entityType: 'supervision_notice', entityId: id, before: { notice_state: notice.state }, after: { notice_state: moved.state, note }, origin: options.origin });
    return moved;
  });
  return presentNoticeDetail(db, row, today(options.now));
}

/**
 * The coordinator sends a notice back for a new answer, with a reason and optionally a new
 * deadline: `return` an answer that does not do (answered → issued), `reopen` a closed notice
 * (closed → issued).
 */
export async function sendNoticeBack(
  db: DatabaseOrTransaction,
  id: string,
  action: 'return' | 'reopen',
  body: { reason: string; deadline?: string | undefined },
  options: NoticeCommandOptions,
): Promise<NoticeDetail> {
  options.permissions.assertCan(options.actor, 'notices.issue');
  const reason = body.reason.trim();
  if (reason === '') throw new AppError('bad_request', '须填写退回或重新督办的原因（reason）', 'a reason is required (reason)', [{ field: 'reason', message: '不能为空', message_en: 'required' }]);
  if (body.deadline !== undefined) checkDeadline(body.deadline, options.now);
  const row = await inTransaction(db, async (tx) => {
    const notice = await lockNotice(tx, { kind: 'all' }, id);
    const set = { returnReason: reason, closedAt: null, closedBy: null, ...(body.deadline !== undefined ? { deadline: body.deadline } : {}) };
    const moved = await moveNotice(tx, notice, action, { actor: options.actor.username, now: options.now, note: reason, set });
    if (action === 'return') {
      await recordAuditEvent(tx, { actor: options.actor, action: 'notice.return', entityType: 'supervision_notice', entityId: id, before: { notice_state: notice.state, deadline: notice.deadline }, after: { notice_state: moved.state, deadline: moved.deadline, reason }, origin: options.origin });
    } else {
      await recordAuditEvent(tx, { actor: options.actor, action: 'notice.reopen', entityType: 'supervision_notice', entityId: id, before: { notice_state: notice.state, deadline: notice.deadline }, after: { notice_state: moved.state, deadline: moved.deadline, reason }, origin: options.origin });
    }
    return moved;
  });
  return presentNoticeDetail(db, row, today(options.now));
}
