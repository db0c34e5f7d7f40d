import { describe, expect, it } from 'vitest';
import type { IndexSpec, IndexTable, IndexUnit, OutlierSpec } from './index-model.ts';
import { runIndex } from './run-index.ts';
import { scoresCsv, stageCsv } from './index-csv.ts';

const NaN_ = Number.NaN;
const unit = (code: string, group: string | null = null): IndexUnit => ({ code, name: { zh: code, en: code }, group });
const coinr: OutlierSpec = { skewness: 2, kurtosis: 3.5, max_share: 0.1, log_fallback: true };

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
