import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { findNoticeEnds, lockAwards, moveAward } from './award-repository.ts';
import type { AwardCommandOptions } from './award-options.ts';
import type { AwardBulkResult } from './awards-contract.ts';
import { assertNoticeEnded } from './end-notice-period.ts';

/**
 * Approves awards for payment (bulk, all or nothing). An award whose 公示 period ended is approved;
 * one still announced whose notice's last day has passed (evaluated on read, without waiting for
 * the notice to be closed) first has its period ended, both moves kept. 409 otherwise, naming the
 * award and its state, or the day its notice ends.
 */
export async function approveForPayment(db: DatabaseOrTransaction, ids: readonly string[], options: AwardCommandOptions): Promise<AwardBulkResult> {
  options.permissions.assertCan(options.actor, 'awards.manage');
  return inTransaction(db, async (tx) => {
    const rows = await lockAwards(tx, ids);
    const ends = await findNoticeEnds(tx, rows.flatMap((row) => (row.noticeId ? [row.noticeId] : [])));
    const changed: AwardBulkResult['changed'] = [];
    for (let row of rows) {
      const before = row.state;
      if (row.state === 'announced' && row.noticeId) {
        assertNoticeEnded({ title: row.enterpriseName, endsOn: ends.get(row.noticeId) ?? '9999-12-31' }, options.now);
        row = await moveAward(tx, row, 'end_period', { actor: options.actor.username, now: options.now });
      }
      const updated = await moveAward(tx, row, 'approve', { actor: options.actor.username, now: options.now });
      changed.push({ id: updated.id, state: updated.state });
      await recordAuditEvent(tx, { actor: options.actor, action: 'award.approve', entityType: 'award', entityId: row.id, before: { state: before }, after: { state: updated.state }, origin: options.origin });
    }
    return { changed };
  });
}
