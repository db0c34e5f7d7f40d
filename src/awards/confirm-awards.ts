import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { lockAwards, moveAward } from './award-repository.ts';
import type { AwardCommandOptions } from './award-options.ts';
import type { AwardBulkResult } from './awards-contract.ts';

/** The reviewing department confirms candidates (bulk, all or nothing: 409 naming the first award not a candidate). */
export async function confirmAwards(db: DatabaseOrTransaction, ids: readonly string[], options: AwardCommandOptions): Promise<AwardBulkResult> {
  options.permissions.assertCan(options.actor, 'awards.manage');
  return inTransaction(db, async (tx) => {
    const changed: AwardBulkResult['changed'] = [];
    for (const row of await lockAwards(tx, ids)) {
      const updated = await moveAward(tx, row, 'confirm', { actor: options.actor.username, now: options.now });
      changed.push({ id: updated.id, state: updated.state });
      await recordAuditEvent(tx, { actor: options.actor, action: 'award.confirm', entityType: 'award', entityId: row.id, before: { state: row.state }, after: { state: updated.state }, origin: options.origin });
    }
    return { changed };
  });
}
