/** Composite innovation indices (issue 15): the public surface of the module. */
export type * from './index-model.ts';
export { bundledIndexSpecDir, bundledIndexSpecs, coinrOutlierDefaults, parseIndexSpec, readIndexSpec, resolveIndexSpec } from './read-index-spec.ts';
export { parseCsvRecords, parseIndexCsv, readIndexCsv } from './read-index-csv.ts';
export { aggregateTree, planTree, type TreePlan } from './aggregate-tree.ts';
export { analyseSensitivity } from './analyse-sensitivity.ts';
export { assignGroups } from './assign-groups.ts';
export { denominate } from './denominate.ts';
export { imputeMissing } from './impute-missing.ts';
export { normaliseColumns } from './normalise-columns.ts';
export { rankScores } from './rank-scores.ts';
export { runIndex, type RunIndexOptions } from './run-index.ts';
export { skewKurt, treatOutliers } from './treat-outliers.ts';
export { scoresCsv, stageCsv } from './index-csv.ts';
// The HTTP contract, its presenters and the Word and Excel files (issue 15 §5).
export * from './innovation-index-contract.ts';
export { demoSourceMark, latestScoredYear, type ColumnNames, presentIndexResult, presentSensitivity, presentSpecSummary, presentSteps, presentUnitInputs } from './present-result.ts';
export { buildIndexDocx, formatScore } from './index-docx.ts';
export { buildIndexXlsx, presentIndexWorkbook } from './index-xlsx.ts';
