import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type Database } from '../db/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import type { ScreeningCaller, ShardDispatcher } from './screening-caller.ts';
import { findShardKeysNotDone, findUnfinishedRunIds, lockRun, resetRunningShards, setRunState } from './screening-repository.ts';
import { stateLabels } from './screening-states.ts';

/**
 * Continues a cancelled or failed run (or one a restart left going): the shards not done go to
 * the dispatcher again; those done keep their rows, and a shard run again replaces its own rows,
 * so no firm is counted twice. A done run answers 409.
 */
export async function resumeScreeningRun(db: Database, caller: ScreeningCaller, id: string, dispatcher: ShardDispatcher): Promise<{ shards: number }> {
  caller.permissions.assertCan(caller.actor, 'screening.run');
  await inTransaction(db, async (tx) => {
    const state = await lockRun(tx, id);
    if (state === undefined) throw notFound('筛查', 'Screening run', id);
    if (state === 'done') throw new AppError('conflict', `筛查${stateLabels[state].zh}，无需继续`, `the run is ${stateLabels[state].en}: nothing to resume`);
    await setRunState(tx, id, 'running');
    await recordAuditEvent(tx, { actor: caller.actor, action: 'screening.resume', entityType: 'screening_run', entityId: id, before: { screening_state: state }, after: { screening_state: 'running' }, origin: caller.origin });
  });
  // After the run's lock is released: a shard still being written holds its own row until it ends
  // (and then wants the run's row), so resetting it under the run's lock could deadlock.
  await resetRunningShards(db, id);
  const keys = await findShardKeysNotDone(db, id);
  if (keys.length > 0) await dispatcher(id, keys);
  else await setRunState(db, id, 'done', { finished: true });
  return { shards: keys.length };
}

/**
 * At start-up: runs a restart left queued or running continue where they stopped (their shards
 * not done handed to the dispatcher again). Returns the runs resumed.
 */
export async function resumeInterruptedRuns(db: Database, dispatcher: ShardDispatcher): Promise<string[]> {
  const ids = await findUnfinishedRunIds(db);
  for (const id of ids) {
    await resetRunningShards(db, id);
    const keys = await findShardKeysNotDone(db, id);
    if (keys.length > 0) await dispatcher(id, keys);
    else await setRunState(db, id, 'done', { finished: true });
  }
  return ids;
}
