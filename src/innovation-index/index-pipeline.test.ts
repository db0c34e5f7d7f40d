import { describe, expect, it } from 'vitest';
import type { IndexSpec, IndexTable, IndexUnit, OutlierSpec } from './index-model.ts';
import { aggregateTree, assignGroups, denominate, imputeMissing, normaliseColumns, planTree, rankScores, runIndex, skewKurt, treatOutliers } from './index-pipeline.ts';
import { scoresCsv, stageCsv } from './index-csv.ts';

const NaN_ = Number.NaN;
const rowsOf = (count: number) => Int32Array.from({ length: count }, (_, index) => index);
const unit = (code: string, group: string | null = null): IndexUnit => ({ code, name: { zh: code, en: code }, group });
const coinr: OutlierSpec = { skewness: 2, kurtosis: 3.5, max_share: 0.1, log_fallback: true };

describe('denominate', () => {
  it('divides by the denominator and scales; a missing or zero denominator gives a missing value', () => {
    // two indicators, three rows; only the first is denominated
    const values = Float64Array.from([10, 1, 20, 2, 30, 3]);
    const out = denominate(values, 2, [Float64Array.from([5, 0, NaN_]), null], [100, 1]);
    expect(Array.from(out)).toEqual([200, 1, NaN_, 2, NaN_, 3]);
    expect(Array.from(values)).toEqual([10, 1, 20, 2, 30, 3]);
  });
});

describe('imputeMissing', () => {
  // five units, one year, one indicator: A, B, E in group g1; C in g2 (no value); D without a group
  const units = [unit('A', 'g1'), unit('B', 'g1'), unit('C', 'g2'), unit('D'), unit('E', 'g1')];
  const values = Float64Array.from([NaN_, 4, NaN_, NaN_, 6]);

  it('group_mean: the mean of the same year’s units in the same group; no group value or no group stays missing', () => {
    const { values: out, changes } = imputeMissing(values, 1, units, 1, 'group_mean');
    expect(Array.from(out)).toEqual([5, 4, NaN_, NaN_, 6]);
    expect(changes).toEqual([{ row: 0, indicator: 0, from: null, to: 5, reason: 'imputed_group_mean' }]);
  });

  it('mean: the mean of every unit that year', () => {
    const { values: out, changes } = imputeMissing(values, 1, units, 1, 'mean');
    expect(Array.from(out)).toEqual([5, 4, 5, 5, 6]);
    expect(changes.map((change) => change.row)).toEqual([0, 2, 3]);
  });

  it('works per year: a group’s mean of another year is not used', () => {
    // two units in one group, two years (unit-major rows): A 2024 missing, A 2025 = 1; B 2024 = 3, B 2025 missing
    const out = imputeMissing(Float64Array.from([NaN_, 1, 3, NaN_]), 1, [unit('A', 'g'), unit('B', 'g')], 2, 'group_mean').values;
    expect(Array.from(out)).toEqual([3, 1, 3, 1]);
  });
});

describe('treatOutliers (COINr’s default)', () => {
  it('computes G1 and G2 with the small-sample corrections (e1071 type 2, as COINr’s skew() and kurt())', () => {
    const { skewness, kurtosis } = skewKurt([...Array.from({ length: 18 }, (_, i) => i + 1), 60, 100]);
    expect(skewness).toBeCloseTo(3.026247991155799, 12);
    expect(kurtosis).toBeCloseTo(9.48412291100923, 12);
  });

  it('winsorises two points of a skewed column, one extreme at a time, down to the next value inside', () => {
    const column = Float64Array.from([...Array.from({ length: 18 }, (_, i) => i + 1), 60, 100]);
    const { values, changes, treatments } = treatOutliers(column, 1, [rowsOf(20)], coinr, ['x']);
    // round 1: 100 → 60; still |G1| > 2 and G2 > 3.5; round 2: both 60s → 18 (limit ⌈0.1 × 20⌉ = 2)
    expect(Array.from(values.subarray(17))).toEqual([18, 18, 18]);
    expect(changes).toEqual([
      { row: 18, indicator: 0, from: 60, to: 18, reason: 'winsorised' },
      { row: 19, indicator: 0, from: 100, to: 18, reason: 'winsorised' },
    ]);
    expect(treatments[0]).toMatchObject({ indicator: 'x', winsorised: 2, log_transformed: false });
    expect(treatments[0]?.skewness_after).toBeCloseTo(-0.11162785439266955, 12);
    expect(treatments[0]?.kurtosis_after).toBeCloseTo(-1.3063566762722982, 12);
  });

  it('leaves a column that passes alone and treats the low side for negative skew', () => {
    const symmetric = Float64Array.from({ length: 20 }, (_, i) => i);
    expect(treatOutliers(symmetric, 1, [rowsOf(20)], coinr, ['x']).changes).toEqual([]);
    const negative = Float64Array.from([-100, -60, ...Array.from({ length: 18 }, (_, i) => -(i + 1))]);
    const { values } = treatOutliers(negative, 1, [rowsOf(20)], coinr, ['x']);
    expect(Array.from(values.subarray(0, 2))).toEqual([-18, -18]);
  });

  it('when the limit is reached and the column still fails: undoes the winsorisation and log-transforms it (log_CT)', () => {
    const raw = [...Array.from({ length: 17 }, (_, i) => i + 1), 300, 600, 1000];
    const limitOne = { ...coinr, max_share: 0.05 }; // ⌈0.05 × 20⌉ = 1 point
    const { values, treatments, changes } = treatOutliers(Float64Array.from(raw), 1, [rowsOf(20)], limitOne, ['x']);
    const a = 0.01 * (1000 - 1);
    expect(treatments[0]).toMatchObject({ log_transformed: true, winsorised: 0 });
    raw.forEach((value, index) => expect(values[index]).toBeCloseTo(Math.log(value - 1 + a), 12));
    expect(changes).toHaveLength(20);
    // without the fallback the winsorised column stays (1000 → 600: |G1| 2.45, G2 4.81 still out)
    const kept = treatOutliers(Float64Array.from(raw), 1, [rowsOf(20)], { ...limitOne, log_fallback: false }, ['x']);
    expect(Array.from(kept.values.subarray(17))).toEqual([300, 600, 600]);
    expect(kept.treatments[0]).toMatchObject({ winsorised: 1, log_transformed: false });
    expect(kept.treatments[0]?.skewness_after).toBeCloseTo(2.4472660028782602, 12);
    // with the default limit (2 points) it passes: 1000 → 600, then both 600s → 300
    expect(Array.from(treatOutliers(Float64Array.from(raw), 1, [rowsOf(20)], coinr, ['x']).values.subarray(17))).toEqual([300, 300, 300]);
  });

  it('skips missing values and treats each set of rows alone', () => {
    const column = Float64Array.from([...Array.from({ length: 18 }, (_, i) => i + 1), 60, 100, NaN_]);
    const { values } = treatOutliers(column, 1, [rowsOf(21)], coinr, ['x']);
    expect(Array.from(values.subarray(18))).toEqual([18, 18, NaN_]);
  });
});

describe('normaliseColumns', () => {
  it('min–max over the panel, direction −1 reversed, missing kept missing', () => {
    // two indicators × four rows; the second is “less is better”
    const values = Float64Array.from([0, 10, 5, 20, 10, NaN_, 2.5, 30]);
    const out = normaliseColumns(values, 2, [rowsOf(4)], { method: 'minmax', low: 0, high: 100, over: 'panel' }, [1, -1]);
    expect(Array.from(out)).toEqual([0, 100, 50, 50, 100, NaN_, 25, 0]);
  });

  it('min–max over each year alone, and the midpoint for a constant column', () => {
    const values = Float64Array.from([1, 3, 2, 3]); // rows: (u0,y0) (u0,y1) (u1,y0) (u1,y1)
    const years = [Int32Array.from([0, 2]), Int32Array.from([1, 3])];
    const out = normaliseColumns(values, 1, years, { method: 'minmax', low: 0, high: 1, over: 'year' }, [1]);
    expect(Array.from(out)).toEqual([0, 0.5, 1, 0.5]);
  });

  it('z-scores with the sample standard deviation', () => {
    const out = normaliseColumns(Float64Array.from([2, 4, 6]), 1, [rowsOf(3)], { method: 'zscore', mean: 100, sd: 10, over: 'panel' }, [1]);
    expect(Array.from(out)).toEqual([90, 100, 110]);
  });

  it('goalpost: value ÷ goalpost × scale, capped; direction −1: goalpost ÷ value', () => {
    const values = Float64Array.from([150, 20, 50, 5]);
    const out = normaliseColumns(values, 2, [rowsOf(2)], { method: 'goalpost', scale: 100, cap: 100 }, [1, -1], [100, 10]);
    expect(Array.from(out)).toEqual([100, 50, 50, 100]);
    const uncapped = normaliseColumns(values, 2, [rowsOf(2)], { method: 'goalpost', scale: 100, cap: null }, [1, -1], [100, 10]);
    expect(Array.from(uncapped)).toEqual([150, 50, 50, 200]);
  });
});

const treeSpec = (over: 'children' | 'indicators' = 'children'): Pick<IndexSpec, 'tree' | 'indicators'> => ({
  indicators: ['a', 'b', 'c', 'd'].map((code) => ({ code, name: { zh: code, en: code }, direction: 1, weight: 1, denominator: null, goalpost: null, line: 1 })),
  tree: {
    id: 'root',
    name: { zh: '总', en: 'root' },
    weight: 1,
    over,
    line: 1,
    children: [
      { id: 'p1', name: { zh: 'p1', en: 'p1' }, weight: 1, over: 'children', line: 1, children: [{ indicator: 'a', weight: 1 }, { indicator: 'b', weight: 3 }, { indicator: 'c', weight: 2 }] },
      { id: 'p2', name: { zh: 'p2', en: 'p2' }, weight: 3, over: 'children', line: 1, children: [{ indicator: 'd', weight: 1 }] },
    ],
  },
});

describe('aggregateTree', () => {
  it('weighted arithmetic mean skipping a missing value (weights renormalised over the present ones)', () => {
    const plan = planTree(treeSpec());
    const out = aggregateTree(Float64Array.from([0.2, NaN_, 0.8, 1]), 4, plan, 'arithmetic');
    // p1 = (1·0.2 + 2·0.8) / 3 = 0.6; p2 = 1; root = (1·0.6 + 3·1) / 4 = 0.9
    expect(plan.nodes.map((node) => node.id)).toEqual(['root', 'p1', 'p2']);
    expect(out[1]).toBeCloseTo(0.6, 15);
    expect(out[2]).toBe(1);
    expect(out[0]).toBeCloseTo(0.9, 15);
  });

  it('over: indicators takes every indicator below it together (the EIS’s SII)', () => {
    const out = aggregateTree(Float64Array.from([0.2, NaN_, 0.8, 1]), 4, planTree(treeSpec('indicators')), 'arithmetic');
    // (1·0.2 + 2·0.8 + 1·1) / 4 = 0.7
    expect(out[0]).toBeCloseTo(0.7, 15);
  });

  it('a row with no value at all has no score', () => {
    const out = aggregateTree(Float64Array.from([NaN_, NaN_, NaN_, NaN_]), 4, planTree(treeSpec()), 'arithmetic');
    expect(Array.from(out)).toEqual([NaN_, NaN_, NaN_]);
  });

  it('geometric: exp of the weighted mean of logs; a zero child makes the node 0', () => {
    const plan = planTree(treeSpec());
    const out = aggregateTree(Float64Array.from([4, NaN_, 16, 8]), 4, plan, 'geometric');
    // p1 = (4¹ · 16²)^(1/3) = 4^(5/3); root = (p1¹ · 8³)^(1/4)
    expect(out[1]).toBeCloseTo(4 ** (5 / 3), 12);
    expect(out[0]).toBeCloseTo((4 ** (5 / 3) * 8 ** 3) ** (1 / 4), 12);
    expect(aggregateTree(Float64Array.from([0, 1, 1, 1]), 4, plan, 'geometric')[1]).toBe(0);
  });
});

describe('rankScores and assignGroups', () => {
  it('ranks within each year, 1 the best, ties sharing the better rank, missing unranked', () => {
    expect(rankScores(Float64Array.from([3, 5, 5, 1, NaN_]), [rowsOf(5)])).toEqual([3, 1, 1, 4, null]);
    expect(rankScores(Float64Array.from([1, 2, 2, 1]), [Int32Array.from([0, 2]), Int32Array.from([1, 3])])).toEqual([2, 1, 1, 2]);
  });

  it('groups by the ratio to the reference: strictly above each threshold, the reference itself unclassified', () => {
    const groups = [
      { id: 'leader', name: { zh: '领先', en: 'leader' }, above: 1.25 },
      { id: 'strong', name: { zh: '强', en: 'strong' }, above: 1 },
      { id: 'moderate', name: { zh: '中', en: 'moderate' }, above: 0.7 },
      { id: 'emerging', name: { zh: '新兴', en: 'emerging' }, above: null },
    ];
    const scores = Float64Array.from([3, 2.5, 2.2, 1.5, 1, 2, NaN_]);
    const reference = Float64Array.from(scores, () => 2);
    const isReference = [false, false, false, false, false, true, false];
    expect(assignGroups(scores, reference, isReference, groups)).toEqual(['leader', 'strong', 'strong', 'moderate', 'emerging', null, null]);
  });
});

describe('runIndex', () => {
  const spec: IndexSpec = {
    id: 'tiny',
    version: 1,
    title: { zh: '小', en: 'tiny' },
    description: null,
    input: 'csv',
    csv: { unit: 'unit', name: 'name', year: 'year', group: 'group' },
    levels: ['city'],
    years: null,
    indicators: [
      { code: 'a', name: { zh: 'a', en: 'a' }, direction: 1, weight: 1, denominator: { code: 'pop', scale: 10 }, goalpost: null, line: 1 },
      { code: 'b', name: { zh: 'b', en: 'b' }, direction: -1, weight: 1, denominator: null, goalpost: null, line: 2 },
    ],
    tree: { id: 'root', name: { zh: '总', en: 'root' }, weight: 1, over: 'children', line: 3, children: [{ indicator: 'a', weight: 1 }, { indicator: 'b', weight: 1 }] },
    steps: { denominate: true, impute: 'group_mean', outliers: coinr, normalise: { method: 'minmax', low: 0, high: 100, over: 'panel' }, aggregate: 'arithmetic' },
    relative: { unit: 'R', year: 2025 },
    groups: { reference: 'R', groups: [{ id: 'above', name: { zh: '高', en: 'above' }, above: 1 }, { id: 'below', name: { zh: '低', en: 'below' }, above: null }] },
    sensitivity: { weight_spread: 0.2, runs: 20, seed: 1 },
    notes: [],
    source: 'tiny.yaml',
  };
  // units R, X (group g), Y (group g); years 2024, 2025; columns a, b, pop
  const table: IndexTable = {
    units: [unit('R'), unit('X', 'g'), unit('Y', 'g')],
    years: [2024, 2025],
    columns: ['pop', 'a', 'b'],
    // rows: R2024 R2025 X2024 X2025 Y2024 Y2025
    values: Float64Array.from([10, 5, 4, 10, 10, 2, 20, 40, 1, 20, 20, NaN_, 10, 10, 3, 10, 20, 0]),
    sources: new Map(),
  };

  it('keeps every stage and composes the steps', () => {
    const result = runIndex(spec, table, { keepStages: true, sensitivity: true });
    expect(result.stages.map((stage) => stage.name)).toEqual(['raw', 'denominated', 'imputed', 'treated', 'normalised']);
    expect(Array.from(result.stages[0]?.values ?? [])).toEqual([5, 4, 10, 2, 40, 1, 20, NaN_, 10, 3, 20, 0]);
    // a ÷ pop × 10
    expect(Array.from(result.stages[1]?.values ?? [])).toEqual([5, 4, 10, 2, 20, 1, 10, NaN_, 10, 3, 20, 0]);
    // X 2025's b from its group g in 2025 (Y: 0)
    expect(result.stages[2]?.changes).toEqual([{ row: 3, indicator: 1, from: null, to: 0, reason: 'imputed_group_mean' }]);
    // a: 5..20 → 0..100; b (less is better): 0..4 → 100..0
    const normalised = Array.from(result.stages[4]?.values ?? []);
    [0, 0, 100 / 3, 50, 100, 75, 100 / 3, 100, 100 / 3, 25, 100, 100].forEach((expected, index) => expect(normalised[index]).toBeCloseTo(expected, 12));
    const round = (value: number | null) => (value === null ? null : Math.round(value * 1e9) / 1e9);
    const scores = result.scores.map((score) => [score.unit, score.year, round(score.score), score.rank, score.group]);
    expect(scores).toEqual([
      ['R', 2024, 0, null, null], // the reference unit: neither ranked nor grouped
      ['R', 2025, round(125 / 3), null, null],
      ['X', 2024, 87.5, 1, null], // R's 2024 score is 0: no ratio
      ['X', 2025, round((100 / 3 + 100) / 2), 2, 'above'],
      ['Y', 2024, round((100 / 3 + 25) / 2), 2, null],
      ['Y', 2025, 100, 1, 'above'],
    ]);
    expect(result.scores.map((score) => round(score.relative))).toEqual([0, 100, round(87.5 / (125 / 3) * 100), 160, round(((100 / 3 + 25) / 2 / (125 / 3)) * 100), 240]);
    expect(result.sensitivity?.year).toBe(2025);
    expect(result.sensitivity?.dropped.map((entry) => entry.ranks)).toEqual([
      [null, 1, 1], // a dropped: b alone: X 100 (imputed), Y 100: a tie
      [null, 2, 1], // b dropped: a alone: X 100/3, Y 100
    ]);
    expect(result.sensitivity?.perturbed).toEqual([
      { unit: 'R', rank: null, min: null, max: null, median: null },
      { unit: 'X', rank: 2, min: 2, max: 2, median: 2 },
      { unit: 'Y', rank: 1, min: 1, max: 1, median: 1 },
    ]);
  });

  it('refuses a table without one of the spec’s columns, naming it', () => {
    const without = { ...table, columns: ['pop', 'a', 'c'] };
    expect(() => runIndex(spec, without)).toThrow(expect.objectContaining({ code: 'bad_request', messageEn: 'the table has no column "b" (the index spec tiny needs it)' }));
  });

  it('with normalise over each year, treats and normalises each year alone; zscore and geometric run', () => {
    const perYear: IndexSpec = { ...spec, steps: { ...spec.steps, normalise: { method: 'minmax', low: 0, high: 1, over: 'year' }, aggregate: 'geometric' } };
    const result = runIndex(perYear, table, { keepStages: true });
    expect(result.treatments.map((treatment) => [treatment.indicator, treatment.year])).toEqual([
      ['a', 2024],
      ['b', 2024],
      ['a', 2025],
      ['b', 2025],
    ]);
    // 2025, a (per capita): R 10, X 10, Y 20 → 0, 0, 1
    const normalised = result.stages.at(-1)?.values ?? new Float64Array();
    expect([normalised[2], normalised[6], normalised[10]]).toEqual([0, 0, 1]);
    // geometric: R 2025 has a = 0 → its score is 0
    expect(result.scores[1]?.score).toBe(0);
    const z = runIndex({ ...spec, steps: { ...spec.steps, normalise: { method: 'zscore', mean: 0, sd: 1, over: 'panel' } } }, table);
    expect(z.scores.every((score) => score.score !== null)).toBe(true);
  });

  it('keeps only the normalised stage by default, and writes stages and scores as CSV', () => {
    const result = runIndex(spec, table);
    expect(result.stages.map((stage) => stage.name)).toEqual(['normalised']);
    expect(stageCsv(result, 'normalised').split('\n')[0]).toBe('unit,name,year,a,b');
    const scores = scoresCsv(result).split('\n');
    expect(scores[0]).toBe('unit,name,year,score,relative,rank,group,root');
    expect(scores[6]).toBe(`Y,Y,2025,100,${String((100 / (125 / 3)) * 100)},1,above,100`);
  });
});
