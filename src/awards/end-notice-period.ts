import { and, eq } from 'drizzle-orm';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError, notFound, today } from '../shared/index.ts';
import { awardNotices, awards, lockAwards, moveAward } from './award-repository.ts';
import type { AwardCommandOptions } from './award-options.ts';
import type { AwardBulkResult } from './awards-contract.ts';

/**
 * Ends a 公示 whose last day has passed (Beijing date): its announced awards move to period_ended
 * and the notice closes. Awards with an objection still open stay as they are. 409 while the notice
 * still runs or when it is closed already.
 */
export async function endNoticePeriod(db: DatabaseOrTransaction, noticeId: string, options: AwardCommandOptions): Promise<AwardBulkResult> {
  options.permissions.assertCan(options.actor, 'awards.manage');
  return inTransaction(db, async (tx) => {
    const [notice] = await tx.select().from(awardNotices).where(eq(awardNotices.id, noticeId)).for('update');
    if (!notice) throw notFound('公示', 'Notice', noticeId);
    if (notice.state === 'closed') throw new AppError('conflict', `公示“${notice.title}”已结束`, `the notice "${notice.title}" is closed already`, { state: notice.state });
    assertNoticeEnded(notice, options.now);
    const announced = await tx.select({ id: awards.id }).from(awards).where(and(eq(awards.noticeId, noticeId), eq(awards.state, 'announced')));
    const changed: AwardBulkResult['changed'] = [];
    for (const row of await lockAwards(tx, announced.map((award) => award.id))) {
      if (row.state !== 'announced') continue;
      const updated = await moveAward(tx, row, 'end_period', { actor: options.actor.username, now: options.now, note: notice.title });
      changed.push({ id: row.id, state: updated.state });
      await recordAuditEvent(tx, { actor: options.actor, action: 'award.end_period', entityType: 'award', entityId: row.id, before: { state: row.state }, after: { state: updated.state, to: notice.endsOn }, origin: options.origin });
    }
    await tx.update(awardNotices).set({ state: 'closed' }).where(eq(awardNotices.id, noticeId));
    await recordAuditEvent(tx, { actor: options.actor, action: 'award_notice.end_period', entityType: 'award_notice', entityId: noticeId, before: { state: 'open' }, after: { state: 'closed', to: notice.endsOn, rows: changed.length }, origin: options.origin });
    return { changed };
  });
}

/** 409 while the notice still runs: its last day (Beijing) must have passed. */
export function assertNoticeEnded(notice: { title: string; endsOn: string }, now: Date): void {
  if (notice.endsOn >= today(now)) {
    throw new AppError('conflict', `公示“${notice.title}”至${notice.endsOn}（含）止，公示期满后才能结束`, `the notice "${notice.title}" runs until ${notice.endsOn} inclusive (Beijing): it cannot end before`, { ends_on: notice.endsOn });
  }
}
