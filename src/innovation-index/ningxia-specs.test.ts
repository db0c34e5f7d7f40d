import { describe, expect, it } from 'vitest';
import { parseIndexCsv } from './read-index-csv.ts';
import { bundledIndexSpecs, readIndexSpec } from './read-index-spec.ts';
import { runIndex } from './run-index.ts';

const specFile = (id: string) => bundledIndexSpecs().find((entry) => entry.id === id)?.file ?? id;

describe('the Ningxia specs', () => {
  it('ningxia-areas: cities and counties over the store’s indicators, relative to the region in 2020', () => {
    const spec = readIndexSpec(specFile('ningxia-areas'));
    expect(spec.input).toBe('store');
    expect(spec.levels).toEqual(['region', 'city', 'county']);
    expect(spec.steps).toMatchObject({ denominate: true, impute: 'group_mean', normalise: { method: 'minmax', low: 0, high: 100, over: 'panel' }, aggregate: 'arithmetic' });
    expect(spec.tree.children.map((child) => ('id' in child ? child.id : child.indicator))).toEqual(['actors', 'inputs', 'outputs', 'environment']);
    expect(spec.relative).toEqual({ unit: '640000', year: 2020 });
    // every count is put per 10,000 residents
    expect(spec.indicators.filter((indicator) => indicator.denominator).map((indicator) => indicator.code)).toEqual(['national_hte', 'tech_smes', 'innovative_demo_enterprises', 'st_platforms', 'new_rd_institutions', 'innovation_carriers']);

    // it runs on a CSV of the same columns: the region, a city and its county (which lacks one value)
    const columns = ['org', 'name', 'year', 'city', 'population', ...spec.indicators.map((indicator) => indicator.code)];
    const line = (org: string, name: string, year: number, city: string, population: number, value: number | '') => [org, name, year, city, population, ...spec.indicators.map(() => value)].join(',');
    const csv = [
      columns.join(','),
      line('640000', '宁夏回族自治区', 2020, '', 720, 1),
      line('640000', '宁夏回族自治区', 2021, '', 720, 2),
      line('640100', '银川市', 2020, '640100', 290, 3),
      line('640100', '银川市', 2021, '640100', 290, 4),
      line('640104', '兴庆区', 2020, '640100', 80, 0.5),
      line('640104', '兴庆区', 2021, '640100', 80, ''),
    ].join('\n');
    const result = runIndex(spec, parseIndexCsv('areas.csv', csv, spec), { keepStages: true });
    // 兴庆区 2021 takes 银川市's 2021 values (its city's mean)
    expect(result.stages.find((stage) => stage.name === 'imputed')?.changes.filter((change) => change.row === 5)).toHaveLength(spec.indicators.length);
    const region2020 = result.scores.find((score) => score.unit === '640000' && score.year === 2020);
    expect(region2020).toMatchObject({ relative: 100, rank: null, group: null });
    expect(result.scores.filter((score) => score.year === 2021).map((score) => [score.unit, score.rank])).toEqual([
      ['640000', null],
      ['640100', 1],
      ['640104', 1],
    ]);
  });

  it('ningxia-targets-2025: the pack’s 2025 targets as goalposts with their clauses, capped at 100', () => {
    const spec = readIndexSpec(specFile('ningxia-targets-2025'));
    expect(spec.levels).toEqual(['region']);
    expect(spec.steps.normalise).toEqual({ method: 'goalpost', scale: 100, cap: 100 });
    const goalposts = Object.fromEntries(spec.indicators.map((indicator) => [indicator.code, [indicator.goalpost?.value, indicator.goalpost?.clause]]));
    expect(goalposts).toMatchObject({ national_hte: [500, 3], tech_smes: [2000, 3], st_platforms: [700, 3], transfer_bases: [30, 6], above_scale_rd_firm_share: [45, 7], science_literacy_rate: [11.5, 19] });
    const columns = ['org', 'name', 'year', ...spec.indicators.map((indicator) => indicator.code)];
    const values = spec.indicators.map((indicator) => (indicator.code === 'national_hte' ? 250 : indicator.code === 'tech_smes' ? 3000 : ''));
    const result = runIndex(spec, parseIndexCsv('targets.csv', [columns.join(','), ['640000', '宁夏', 2025, ...values].join(',')].join('\n'), spec));
    const normalised = result.stages.at(-1)?.values ?? new Float64Array();
    expect(normalised[result.indicators.indexOf('national_hte')]).toBe(50);
    expect(normalised[result.indicators.indexOf('tech_smes')]).toBe(100);
    // the enterprises pillar has only those two: (50 + 100) / 2; the root: the mean of the pillars present
    expect(result.scores[0]?.score).toBe(75);
  });
});
