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
