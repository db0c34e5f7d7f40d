import type { DatabaseOrTransaction } from '../db/index.ts';
import { areasWithin, type ScreeningCaller } from './screening-caller.ts';
import type { ScreeningResultPage, ScreeningResultQuery } from './screening-contract.ts';
import { readableRun } from './get-screening-run.ts';
import { presentResult } from './present-screening.ts';
import { runRulesOf } from './screening-packs.ts';
import { findResultRows } from './screening-repository.ts';

/**
 * A page of a run's results within the reader's areas, filtered by incentive, status, area and a
 * part of the enterprise's name or the start of its credit code. needs_info rows name what is
 * missing, in Chinese, so that staff can ask the firm for exactly that.
 */
export async function findScreeningResults(db: DatabaseOrTransaction, caller: ScreeningCaller, runId: string, query: ScreeningResultQuery): Promise<ScreeningResultPage> {
  const run = await readableRun(db, caller, runId);
  const { rows, total } = await findResultRows(db, run.id, runRulesOf(run), { incentive: query.incentive, status: query.status, areas: areasWithin(caller, query.org), q: query.q }, { limit: query.limit, offset: query.offset });
  return { total, results: rows.map((row) => presentResult(row, run, caller.tree)) };
}
