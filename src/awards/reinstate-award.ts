import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import { lockAwards, moveAward } from './award-repository.ts';
import type { AwardCommandOptions } from './award-options.ts';

/**
 * Reinstates a withdrawn award as a candidate, with a reason (400 without one; 409 unless
 * withdrawn). The ledger keeps one award per enterprise × incentive × year, so this is how an
 * award withdrawn in error, or for data the firm has since supplied, goes through review again.
 */
export async function reinstateAward(db: DatabaseOrTransaction, id: string, reason: string, options: AwardCommandOptions): Promise<{ id: string; state: 'candidate' }> {
  options.permissions.assertCan(options.actor, 'awards.manage');
  const text = reason.trim();
  if (text === '') throw new AppError('bad_request', '恢复奖励须填写原因（reason）', 'reinstating an award needs a reason (reason)', [{ field: 'reason', message: '恢复原因不能为空', message_en: 'a reason is required' }]);
  return inTransaction(db, async (tx) => {
    const [row] = await lockAwards(tx, [id]);
    await moveAward(tx, row!, 'reinstate', { actor: options.actor.username, now: options.now, note: text, set: { withdrawnReason: null } });
    await recordAuditEvent(tx, { actor: options.actor, action: 'award.reinstate', entityType: 'award', entityId: id, before: { state: row!.state, reason: row!.withdrawnReason }, after: { state: 'candidate', reason: text }, origin: options.origin });
    return { id, state: 'candidate' as const };
  });
}
