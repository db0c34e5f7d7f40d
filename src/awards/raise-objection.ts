import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { today } from '../shared/index.ts';
import { awardObjections, lockAwards, moveAward } from './award-repository.ts';
import type { AwardCommandOptions } from './award-options.ts';

/** Records an objection received during an award's 公示 (409 unless the award is announced). */
export async function raiseObjection(db: DatabaseOrTransaction, id: string, text: string, options: AwardCommandOptions): Promise<{ id: string; state: 'objection_raised' }> {
  options.permissions.assertCan(options.actor, 'awards.manage');
  return inTransaction(db, async (tx) => {
    const [row] = await lockAwards(tx, [id]);
    await moveAward(tx, row!, 'raise_objection', { actor: options.actor.username, now: options.now, note: text.trim() });
    await tx.insert(awardObjections).values({ awardId: id, raisedOn: today(options.now), text: text.trim(), raisedBy: options.actor.username });
    await recordAuditEvent(tx, { actor: options.actor, action: 'award.raise_objection', entityType: 'award', entityId: id, before: { state: row!.state }, after: { state: 'objection_raised', comment: text.trim() }, origin: options.origin });
    return { id, state: 'objection_raised' as const };
  });
}
