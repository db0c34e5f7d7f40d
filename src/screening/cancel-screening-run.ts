import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type Database } from '../db/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import type { ScreeningCaller } from './screening-caller.ts';
import { lockRun, setRunState } from './screening-repository.ts';
import { stateLabels } from './screening-states.ts';

/**
 * Cancels a queued or running run: shards stop at their next page (their transaction rolls back),
 * shards already done keep their rows. Any other state answers 409 naming it.
 */
export async function cancelScreeningRun(db: Database, caller: ScreeningCaller, id: string): Promise<void> {
  caller.permissions.assertCan(caller.actor, 'screening.run');
  await inTransaction(db, async (tx) => {
    const state = await lockRun(tx, id);
    if (state === undefined) throw notFound('筛查', 'Screening run', id);
    if (state !== 'queued' && state !== 'running') {
      throw new AppError('conflict', `筛查${stateLabels[state].zh}，不能取消`, `the run is ${stateLabels[state].en}: it cannot be cancelled`);
    }
    await setRunState(tx, id, 'cancelled', { finished: true });
    await recordAuditEvent(tx, { actor: caller.actor, action: 'screening.cancel', entityType: 'screening_run', entityId: id, before: { screening_state: state }, after: { screening_state: 'cancelled' }, origin: caller.origin });
  });
}
