import { and, eq, isNull } from 'drizzle-orm';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { today } from '../shared/index.ts';
import { awardObjections, lockAwards, moveAward } from './award-repository.ts';
import type { AwardCommandOptions } from './award-options.ts';
import type { AwardState } from './award-states.ts';

export type ObjectionOutcome = 'dismissed' | 'corrected' | 'upheld';

/**
 * Resolves an award's open objection: dismissed — back to announced, in the same notice; corrected —
 * back to confirmed, to be announced again in a new notice; upheld — withdrawn, the resolution its
 * reason. 409 unless the award has an objection raised.
 */
export async function resolveObjection(db: DatabaseOrTransaction, id: string, input: { outcome: ObjectionOutcome; resolution: string }, options: AwardCommandOptions): Promise<{ id: string; state: AwardState }> {
  options.permissions.assertCan(options.actor, 'awards.manage');
  const resolution = input.resolution.trim();
  return inTransaction(db, async (tx) => {
    const [row] = await lockAwards(tx, [id]);
    const change = { actor: options.actor.username, now: options.now, note: resolution };
    const updated =
      input.outcome === 'dismissed'
        ? await moveAward(tx, row!, 'dismiss_objection', change)
        : input.outcome === 'corrected'
          ? await moveAward(tx, row!, 'correct_objection', { ...change, set: { noticeId: null } })
          : await moveAward(tx, row!, 'uphold_objection', { ...change, set: { withdrawnReason: resolution } });
    await tx
      .update(awardObjections)
      .set({ outcome: input.outcome, resolution, resolvedOn: today(options.now), resolvedBy: options.actor.username })
      .where(and(eq(awardObjections.awardId, id), isNull(awardObjections.outcome)));
    await recordAuditEvent(tx, { actor: options.actor, action: 'award.resolve_objection', entityType: 'award', entityId: id, before: { state: row!.state }, after: { state: updated.state, outcome: input.outcome, reason: resolution }, origin: options.origin });
    return { id, state: updated.state };
  });
}
