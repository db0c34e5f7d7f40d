/** Composite innovation indices (issue 15): the public surface of the module. */
export type * from './index-model.ts';
export { bundledIndexSpecDir, bundledIndexSpecs, coinrOutlierDefaults, parseIndexSpec, readIndexSpec, resolveIndexSpec } from './read-index-spec.ts';
export { parseCsvRecords, parseIndexCsv, readIndexCsv } from './read-index-csv.ts';
export {
  aggregateTree,
  analyseSensitivity,
  assignGroups,
  denominate,
  imputeMissing,
  normaliseColumns,
  planTree,
  rankScores,
  runIndex,
  skewKurt,
  treatOutliers,
  type RunIndexOptions,
  type TreePlan,
} from './index-pipeline.ts';
export { scoresCsv, stageCsv } from './index-csv.ts';
// index-app: the HTTP contract, presenters and exports (issue 15 §5).
export * from './innovation-index-contract.ts';
export { demoSourceMark, latestScoredYear, type ColumnNames, presentIndexResult, presentSensitivity, presentSpecSummary, presentSteps, presentUnitInputs } from './present-result.ts';
export { buildIndexDocx, formatScore } from './index-docx.ts';
export { buildIndexXlsx, presentIndexWorkbook } from './index-xlsx.ts';
