// The public surface of the screening module: other modules import only from here (module-map.js).
export { cancelScreeningRun } from './cancel-screening-run.ts';
export { compareScreeningRuns } from './compare-screening-runs.ts';
export { exportScreeningResults, screeningExportLimit } from './export-screening-results.ts';
export { findEligibleResults, type EligibleResult } from './find-eligible-results.ts';
export { findScreeningResults } from './find-screening-results.ts';
export { findScreeningRuns } from './find-screening-runs.ts';
export { getScreeningRun } from './get-screening-run.ts';
export { createInProcessDispatcher, shardsAtOnceOnAServer, type InProcessDispatcher } from './in-process-dispatcher.ts';
export { resumeInterruptedRuns, resumeScreeningRun } from './resume-screening-run.ts';
export { runScreeningShard, type ShardOptions, type ShardOutcome } from './run-screening-shard.ts';
export { screeningActions } from './screening-actions.ts';
export { screeningShardRunner, shardsInThisThread, shardsOnThreads, type ShardRunner } from './shard-runner.ts';
export type { ScreeningCaller, ShardDispatcher } from './screening-caller.ts';
export {
  screeningComparisonSchema,
  screeningCompareQuerySchema,
  screeningResultPageSchema,
  screeningResultQuerySchema,
  screeningRunListQuerySchema,
  screeningRunListSchema,
  screeningRunParamsSchema,
  screeningRunSchema,
  startScreeningBodySchema,
} from './screening-contract.ts';
export { startScreeningRun, type StartScreeningInput } from './start-screening-run.ts';
