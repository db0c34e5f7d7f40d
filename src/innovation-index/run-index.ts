import { AppError } from '../shared/index.ts';
import { aggregateTree, planTree } from './aggregate-tree.ts';
import { analyseSensitivity } from './analyse-sensitivity.ts';
import { assignGroups } from './assign-groups.ts';
import { denominate } from './denominate.ts';
import { imputeMissing } from './impute-missing.ts';
import type { IndexResult, IndexScore, IndexSpec, IndexStage, IndexTable, OutlierTreatment, SensitivityResult, StageChange } from './index-model.ts';
import { normaliseColumns } from './normalise-columns.ts';
import { rankScores } from './rank-scores.ts';
import { treatOutliers } from './treat-outliers.ts';

/**
 * The pipeline of a composite index (issue 15 §2; docs/innovation-index.md gives every formula).
 * Each step is a pure function over a rows × k matrix (row-major Float64Array, NaN = missing;
 * rows unit-major: row = unit × years + year), returning a new matrix and never changing its input.
 */

export interface RunIndexOptions {
  /** Keep every stage (raw, denominated, imputed, treated, normalised); otherwise only the normalised one. */
  keepStages?: boolean;
  /** Compute the sensitivity analysis, for the last year or the year given. */
  sensitivity?: boolean | { year: number };
}

/** Runs the whole pipeline of `spec` over `table`. */
export function runIndex(spec: IndexSpec, table: IndexTable, options: RunIndexOptions = {}): IndexResult {
  const keep = options.keepStages ?? false;
  const units = table.units;
  const years = spec.years ?? table.years;
  const yearCount = years.length;
  const rows = units.length * yearCount;
  const k = spec.indicators.length;
  const codes = spec.indicators.map((indicator) => indicator.code);
  const width = table.columns.length;
  const columnIndex = new Map(table.columns.map((code, index) => [code, index]));
  const tableYear = new Map(table.years.map((year, index) => [year, index]));
  const column = (code: string): number => {
    const index = columnIndex.get(code);
    if (index === undefined) throw new AppError('bad_request', `数据表缺少指标列 ${code}（指数方案 ${spec.id} 需要）`, `the table has no column "${code}" (the index spec ${spec.id} needs it)`, [`${spec.source}: column "${code}" missing from the input`]);
    return index;
  };
  const readColumn = (code: string): Float64Array => {
    const c = column(code);
    const out = new Float64Array(rows).fill(Number.NaN);
    for (let u = 0; u < units.length; u += 1) {
      for (let y = 0; y < yearCount; y += 1) {
        const t = tableYear.get(years[y] as number);
        if (t === undefined) continue;
        out[u * yearCount + y] = table.values[(u * table.years.length + t) * width + c] as number;
      }
    }
    return out;
  };

  // raw
  const raw = new Float64Array(rows * k).fill(Number.NaN);
  const indicatorColumns = codes.map(column);
  const yearMap = years.map((year) => tableYear.get(year) ?? -1);
  for (let u = 0; u < units.length; u += 1) {
    for (let y = 0; y < yearCount; y += 1) {
      const t = yearMap[y] as number;
      if (t < 0) continue;
      const source = (u * table.years.length + t) * width;
      const target = (u * yearCount + y) * k;
      for (let j = 0; j < k; j += 1) raw[target + j] = table.values[source + (indicatorColumns[j] as number)] as number;
    }
  }
  const stages: IndexStage[] = [];
  const keepStage = (name: IndexStage['name'], values: Float64Array, changes: StageChange[] = []) => {
    if (keep) stages.push({ name, values, changes });
  };
  keepStage('raw', raw);

  // denominated
  let current: Float64Array = raw;
  if (spec.steps.denominate && spec.indicators.some((indicator) => indicator.denominator)) {
    current = denominate(
      raw,
      k,
      spec.indicators.map((indicator) => (indicator.denominator ? readColumn(indicator.denominator.code) : null)),
      spec.indicators.map((indicator) => indicator.denominator?.scale ?? 1),
    );
  }
  keepStage('denominated', current);

  // imputed
  if (spec.steps.impute !== 'none') {
    const imputed = imputeMissing(current, k, units, yearCount, spec.steps.impute);
    current = imputed.values;
    keepStage('imputed', current, imputed.changes);
  } else keepStage('imputed', current);

  // the row sets normalised (and treated) together: the whole panel, or each year
  const yearSets = years.map((_, y) => Int32Array.from({ length: units.length }, (_, u) => u * yearCount + y));
  const panel = [Int32Array.from({ length: rows }, (_, row) => row)];
  const normalise = spec.steps.normalise;
  const together = normalise.method !== 'goalpost' && normalise.over === 'year' ? yearSets : panel;

  // treated
  let treatments: OutlierTreatment[] = [];
  if (spec.steps.outliers) {
    const treated = treatOutliers(current, k, together, spec.steps.outliers, codes, together === yearSets ? years : undefined);
    current = treated.values;
    treatments = treated.treatments;
    keepStage('treated', current, treated.changes);
  } else keepStage('treated', current);

  // normalised
  const normalised = normaliseColumns(
    current,
    k,
    together,
    normalise,
    spec.indicators.map((indicator) => indicator.direction),
    spec.indicators.map((indicator) => indicator.goalpost?.value ?? null),
  );
  stages.push({ name: 'normalised', values: normalised, changes: [] });

  // aggregated, ranked, relative, grouped
  const plan = planTree(spec);
  const nodeCount = plan.nodes.length;
  const nodeScores = aggregateTree(normalised, k, plan, spec.steps.aggregate);
  const rootScores = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) rootScores[row] = nodeScores[row * nodeCount] as number;
  // The reference units (of `relative` and `groups`) are the yardstick, neither ranked nor grouped.
  const referenceCodes = new Set([spec.relative?.unit, spec.groups?.reference].filter((code): code is string => code !== undefined));
  const unranked = units.map((unit) => referenceCodes.has(unit.code));
  const rankedYearSets = yearSets.map((set) => set.filter((row) => !unranked[Math.floor(row / yearCount)]));
  const ranks = rankScores(rootScores, rankedYearSets);
  const unitIndex = new Map(units.map((unit, index) => [unit.code, index]));
  const scoreOf = (unit: string, year: number | null, y: number): number => {
    const u = unitIndex.get(unit);
    const yearIndex = year === null ? y : years.indexOf(year);
    if (u === undefined || yearIndex < 0) return Number.NaN;
    return rootScores[u * yearCount + yearIndex] as number;
  };
  const referenceScores = new Float64Array(rows).fill(Number.NaN);
  const isReference: boolean[] = [];
  if (spec.groups) {
    for (let u = 0; u < units.length; u += 1) {
      for (let y = 0; y < yearCount; y += 1) {
        referenceScores[u * yearCount + y] = scoreOf(spec.groups.reference, null, y);
        isReference[u * yearCount + y] = units[u]?.code === spec.groups.reference;
      }
    }
  }
  const groups = spec.groups ? assignGroups(rootScores, referenceScores, isReference, spec.groups.groups) : [];
  const scores: IndexScore[] = [];
  for (let u = 0; u < units.length; u += 1) {
    for (let y = 0; y < yearCount; y += 1) {
      const row = u * yearCount + y;
      const score = rootScores[row] as number;
      let relative: number | null = null;
      if (spec.relative && !Number.isNaN(score)) {
        const reference = scoreOf(spec.relative.unit, spec.relative.year, y);
        if (reference !== 0 && !Number.isNaN(reference)) relative = (score / reference) * 100;
      }
      scores.push({ unit: units[u]?.code ?? '', year: years[y] as number, score: Number.isNaN(score) ? null : score, relative, rank: ranks[row] ?? null, group: groups[row] ?? null });
    }
  }

  // sensitivity
  let sensitivity: SensitivityResult | null = null;
  if (options.sensitivity && yearCount > 0) {
    const year = typeof options.sensitivity === 'object' ? options.sensitivity.year : (years[yearCount - 1] as number);
    const y = years.indexOf(year);
    if (y < 0) throw new AppError('bad_request', `敏感性分析的年份 ${year} 不在指数的年份中`, `the sensitivity year ${year} is not one of the index's years`);
    const yearRows = yearSets[y] as Int32Array;
    sensitivity = analyseSensitivity(normalised, k, plan, spec.steps.aggregate, yearRows, {
      year,
      codes,
      units,
      baseline: Array.from(yearRows, (row) => ranks[row] ?? null),
      unranked,
      ...spec.sensitivity,
    });
  }

  return { spec, units, years, indicators: codes, stages, treatments, nodes: plan.nodes, nodeScores, scores, sensitivity };
}
