import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import { lockAwards, moveAward } from './award-repository.ts';
import type { AwardCommandOptions } from './award-options.ts';

/** Withdraws an award not yet paid, with a reason (400 without one; 409 when paid or withdrawn). */
export async function withdrawAward(db: DatabaseOrTransaction, id: string, reason: string, options: AwardCommandOptions): Promise<{ id: string; state: 'withdrawn' }> {
  options.permissions.assertCan(options.actor, 'awards.manage');
  const text = reason.trim();
  if (text === '') throw new AppError('bad_request', '撤销奖励须填写原因（reason）', 'withdrawing an award needs a reason (reason)', [{ field: 'reason', message: '撤销原因不能为空', message_en: 'a reason is required' }]);
  return inTransaction(db, async (tx) => {
    const [row] = await lockAwards(tx, [id]);
    await moveAward(tx, row!, 'withdraw', { actor: options.actor.username, now: options.now, note: text, set: { withdrawnReason: text } });
    await recordAuditEvent(tx, { actor: options.actor, action: 'award.withdraw', entityType: 'award', entityId: id, before: { state: row!.state }, after: { state: 'withdrawn', reason: text }, origin: options.origin });
    return { id, state: 'withdrawn' as const };
  });
}
