import type { DatabaseOrTransaction } from '../db/index.ts';
import { visibleRunOrgs, type ScreeningCaller } from './screening-caller.ts';
import type { ScreeningRunList } from './screening-contract.ts';
import { presentRun } from './present-screening.ts';
import { findRuns } from './screening-repository.ts';

/** The runs the reader may see, newest first (area leaders: whole-register runs and those of their area). */
export async function findScreeningRuns(db: DatabaseOrTransaction, caller: ScreeningCaller, page: { limit: number; offset: number }): Promise<ScreeningRunList> {
  const { runs, total } = await findRuns(db, { ...page, visibleOrgs: visibleRunOrgs(caller) });
  return { total, runs: runs.map((run) => presentRun(run, caller.tree)) };
}
