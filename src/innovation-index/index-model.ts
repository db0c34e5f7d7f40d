/**
 * The shapes of a composite innovation index (issue 15): the checked specification, the units ×
 * indicators table the pipeline works on, each kept stage, and the result. The pipeline's steps
 * are pure functions over these; the store, the CLI, the API and the web build on them.
 *
 * Table layout everywhere: one row per unit-year, unit-major (row = unitIndex × years.length +
 * yearIndex), one column per indicator; `NaN` marks a missing value.
 */

/** A label in Chinese and English. */
export interface IndexText {
  zh: string;
  en: string;
}

export type ImputeMethod = 'none' | 'group_mean' | 'mean';
export type AggregateMethod = 'arithmetic' | 'geometric';

/** COINr's default outlier treatment (winsorisation triggered by skewness and kurtosis). */
export interface OutlierSpec {
  /** |G1| above this triggers treatment (COINr: 2). */
  skewness: number;
  /** G2 (excess kurtosis) above this triggers treatment (COINr: 3.5). */
  kurtosis: number;
  /** At most ⌈share × N⌉ points winsorised per indicator (COINr: 0.1, with N the non-missing points). */
  max_share: number;
  /** When winsorising cannot bring the column inside the limits: log-transform it (COINr's fallback). */
  log_fallback: boolean;
}

export type NormaliseSpec =
  /** Min–max to [low, high]; `over: 'panel'` uses every year together, `'year'` each year alone. */
  | { method: 'minmax'; low: number; high: number; over: 'panel' | 'year' }
  /** z-scores, `mean` + `sd` × z; `over` as for min–max. */
  | { method: 'zscore'; mean: number; sd: number; over: 'panel' | 'year' }
  /** value ÷ the indicator's goalpost × `scale`, capped at `cap` (direction −1: goalpost ÷ value). */
  | { method: 'goalpost'; scale: number; cap: number | null };

export interface IndexIndicatorSpec {
  /** The column it is read from: an indicator code of the store, or a CSV column. */
  code: string;
  name: IndexText;
  /** +1: more is better; −1: less is better. */
  direction: 1 | -1;
  weight: number;
  /** Divide by this column (e.g. population, gdp) and multiply by `scale`, when `steps.denominate`. */
  denominator: { code: string; scale: number } | null;
  /** The goalpost of `normalise: goalpost` (e.g. the policy's 2025 target), with the clause it comes from. */
  goalpost: { value: number; clause: number | null; note: IndexText | null } | null;
  /** Where the spec says it (for errors and the UI): the line in the spec file. */
  line: number;
}

/** A node of the aggregation tree: its children are nodes or indicator codes. */
export interface IndexNodeSpec {
  id: string;
  name: IndexText;
  weight: number;
  /**
   * `'children'`: the weighted mean of the children's scores; `'indicators'`: the weighted mean of
   * every indicator below it taken together (how the EIS computes the SII).
   */
  over: 'children' | 'indicators';
  children: (IndexNodeSpec | { indicator: string; weight: number })[];
  line: number;
}

/** A performance group: a unit whose score ÷ the reference's score (same year) is above `above` belongs to it (checked from the first group down). */
export interface IndexGroupSpec {
  id: string;
  name: IndexText;
  /** A ratio such as 1.25; null for the last group (everything else). */
  above: number | null;
}

export interface IndexSpec {
  id: string;
  version: number;
  title: IndexText;
  description: IndexText | null;
  /** Where the values come from by default: the store's indicator values or a CSV file. */
  input: 'store' | 'csv';
  /** CSV input: which columns hold the unit's code, its name, the year and the unit's group (null: none). */
  csv: { unit: string; name: string; year: string; group: string | null } | null;
  /** Store input: the area levels taken (the region's cities, counties or both). */
  levels: ('region' | 'city' | 'county')[];
  /** The years computed; null: every year with data. */
  years: number[] | null;
  indicators: IndexIndicatorSpec[];
  tree: IndexNodeSpec;
  steps: {
    denominate: boolean;
    impute: ImputeMethod;
    outliers: OutlierSpec | null;
    normalise: NormaliseSpec;
    aggregate: AggregateMethod;
  };
  /** Scores relative to this unit and year (×100), e.g. EU 2018; `year: null` = the same year. */
  relative: { unit: string; year: number | null } | null;
  /** Groups compare each unit with this unit in the same year; null: no groups. */
  groups: { reference: string; groups: IndexGroupSpec[] } | null;
  sensitivity: { weight_spread: number; runs: number; seed: number };
  /** Interpretations chosen where a method text is ambiguous, shown beside the result. */
  notes: IndexText[];
  /** The file it was read from. */
  source: string;
}

export interface IndexUnit {
  code: string;
  name: IndexText;
  /** The unit's group for `impute: group_mean` (e.g. its city, or a CSV group column); null if none. */
  group: string | null;
}

/** The input: raw values of every unit-year. */
export interface IndexTable {
  units: IndexUnit[];
  years: number[];
  /** Column codes: the spec's indicators and denominators, any order. */
  columns: string[];
  /** rows × columns. */
  values: Float64Array;
  /** Where a raw value came from (store: its source text; CSV: file:line), by cell index row × columns.length + column. */
  sources: Map<number, string>;
}

export type StageName = 'raw' | 'denominated' | 'imputed' | 'treated' | 'normalised';

/** A cell a step changed for a reason worth showing (imputation, winsorisation, log-transform). */
export interface StageChange {
  row: number;
  /** Index into the result's `indicators`. */
  indicator: number;
  from: number | null;
  to: number;
  reason: 'imputed_group_mean' | 'imputed_mean' | 'winsorised' | 'log_transformed';
}

/** One kept stage: rows × the result's indicators (spec order). */
export interface IndexStage {
  name: StageName;
  values: Float64Array;
  changes: StageChange[];
}

/** What the outlier step did to one indicator. */
export interface OutlierTreatment {
  indicator: string;
  /** With normalise `over: year`, the year treated (each year alone); absent when the panel is treated together. */
  year?: number;
  skewness_before: number | null;
  kurtosis_before: number | null;
  winsorised: number;
  log_transformed: boolean;
  skewness_after: number | null;
  kurtosis_after: number | null;
}

/** The tree flattened, root first; `parent` an index into the same list. */
export interface IndexNodeInfo {
  id: string;
  name: IndexText;
  parent: number | null;
  depth: number;
  weight: number;
  /** The indicators (indices into `indicators`) it aggregates directly or, with over: indicators, below it. */
  indicators: number[];
}

export interface IndexScore {
  unit: string;
  year: number;
  /** The root's aggregate on the normalised scale; null when the unit-year has no value at all. */
  score: number | null;
  /** score ÷ the reference unit-year's score × 100; null without `relative`. */
  relative: number | null;
  /** 1 = best within the year; ties share the better rank. */
  rank: number | null;
  group: string | null;
}

export interface SensitivityResult {
  year: number;
  /** The rank of every unit (units order) with one indicator dropped. */
  dropped: { indicator: string; ranks: (number | null)[] }[];
  /** Ranks over `runs` random weight perturbations (each weight × U(1 − spread, 1 + spread)). */
  perturbed: { unit: string; rank: number | null; min: number | null; max: number | null; median: number | null }[];
}

export interface IndexResult {
  spec: IndexSpec;
  units: IndexUnit[];
  years: number[];
  /** The spec's indicator codes, in spec order (the stages' columns). */
  indicators: string[];
  /** Every stage when kept (raw first, normalised last); only the normalised one otherwise. */
  stages: IndexStage[];
  treatments: OutlierTreatment[];
  nodes: IndexNodeInfo[];
  /** rows × nodes: each node's aggregate (NaN = no value). */
  nodeScores: Float64Array;
  /** One per row, rows order. */
  scores: IndexScore[];
  sensitivity: SensitivityResult | null;
}
