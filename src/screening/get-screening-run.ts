import type { DatabaseOrTransaction } from '../db/index.ts';
import { notFound } from '../shared/index.ts';
import { readableAreas, visibleRunOrgs, type ScreeningCaller } from './screening-caller.ts';
import type { ScreeningRun } from './screening-contract.ts';
import { incentiveTitleOf, presentRun } from './present-screening.ts';
import { runRulesOf } from './screening-packs.ts';
import { findResultTotals, findRun, type RunRow } from './screening-repository.ts';

/** A run the reader may see (its area covers or lies in the reader's), or 404. */
export async function readableRun(db: DatabaseOrTransaction, caller: ScreeningCaller, id: string): Promise<RunRow> {
  const run = await findRun(db, id);
  const visible = visibleRunOrgs(caller);
  if (!run || (visible !== undefined && run.org !== null && !visible.includes(run.org))) throw notFound('筛查', 'Screening run', id);
  return run;
}

/**
 * A run and its progress (enterprises and shards done of all); once it is no longer going, the
 * counts and sums by incentive and status within the reader's areas. The page polls this.
 */
export async function getScreeningRun(db: DatabaseOrTransaction, caller: ScreeningCaller, id: string): Promise<ScreeningRun> {
  const run = await readableRun(db, caller, id);
  const going = run.state === 'queued' || run.state === 'running';
  const totals = going ? [] : (await findResultTotals(db, run.id, runRulesOf(run), readableAreas(caller))).map((row) => ({ ...row, incentive_title: incentiveTitleOf(run, row.incentive_id) }));
  return presentRun(run, caller.tree, totals);
}
