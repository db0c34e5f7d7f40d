import { describe, expect, it } from 'vitest';
import { AreaTree } from '../areas/index.ts';
import type { Indicator, Target } from '../policy/index.ts';
import { evaluateTarget } from './evaluate-target.ts';
import { IndicatorCalculator, type StoredValue } from './indicator-calculator.ts';

const indicators: Indicator[] = [
  { code: 'national_hte', name: '国家高新技术企业', unit: '家', period_type: 'year', aggregation: 'sum' },
  { code: 'rd_intensity', name: 'R&D经费投入强度', unit: '%', period_type: 'year', aggregation: 'none' },
];
const tree = new AreaTree([
  { code: '640000', name: '宁夏', parentCode: null, level: 'province' },
  { code: '100000', name: '全国', parentCode: null, level: 'country' },
]);
const hteTarget: Target = { id: 't', indicator: 'national_hte', comparator: '>=', value: 500, year: 2025, clause: 3, text: '国家高新技术企业达到500家', baseline: { year: 2020 } };

function evaluate(values: [string, number][], target: Target = hteTarget, asOf = 2025, indicator = 'national_hte', extra: StoredValue[] = []) {
  const stored: StoredValue[] = values.map(([period, value]) => ({ indicator, org: '640000', period, value, qualifier: 'exact', source: 'test' }));
  return evaluateTarget(target, '640000', asOf, new IndicatorCalculator(indicators, tree, [...stored, ...extra]));
}

describe('evaluateTarget: status rules at their boundaries', () => {
  it('is no_data without any value up to the evaluation year', () => {
    expect(evaluate([]).status).toBe('no_data');
    expect(evaluate([['2024', 600]], hteTarget, 2023).status).toBe('no_data');
  });

  it('is achieved at exactly the target (≥ includes the number) and not_met one below, in the target year', () => {
    expect(evaluate([['2020', 300], ['2025', 500]]).status).toBe('achieved');
    expect(evaluate([['2020', 300], ['2025', 499]]).status).toBe('not_met');
  });

  it('excludes the number for “突破” (>)', () => {
    const exceeding: Target = { ...hteTarget, comparator: '>', value: 2000 };
    expect(evaluate([['2025', 2000]], exceeding).status).toBe('not_met');
    expect(evaluate([['2025', 2001]], exceeding).status).toBe('achieved');
  });

  it('is achieved ahead of time when the latest value already meets the target', () => {
    const result = evaluate([['2020', 289], ['2023', 595]], hteTarget, 2023);
    expect(result).toMatchObject({ status: 'achieved', value: 595, period: '2023' });
    expect(result.progress).toBeCloseTo(1.19, 2);
  });

  it('is on_track exactly on the straight path and at_risk just below it', () => {
    // Path from 300 (2020) to 500 (2025): 420 in 2023. Observed growth below the growth needed.
    expect(evaluate([['2020', 300], ['2023', 420]], hteTarget, 2023).status).toBe('on_track');
    const below = evaluate([['2020', 300], ['2023', 419]], hteTarget, 2023);
    expect(below.path_value).toBeCloseTo(420, 10);
    expect(below.status).toBe('at_risk');
  });

  it('is at_risk down to 90 % of the path and off_track below, when the forecast falls short too', () => {
    // 0.9 × 420 = 378; a flat history keeps the linear forecast low.
    expect(evaluate([['2020', 378], ['2021', 378], ['2023', 378]], { ...hteTarget, baseline: { year: 2020, value: 300 } }, 2023).status).toBe('at_risk');
    expect(evaluate([['2020', 377], ['2021', 377], ['2023', 377]], { ...hteTarget, baseline: { year: 2020, value: 300 } }, 2023).status).toBe('off_track');
  });

  it('compares the growth seen so far with the growth still needed', () => {
    const result = evaluate([['2020', 100], ['2023', 250]], hteTarget, 2023);
    // 250 is below the path (340); it grew 35.7 %/yr and 41.4 %/yr is still needed.
    expect(result.growth.observed).toBeCloseTo(0.357, 3);
    expect(result.growth.required).toBeCloseTo(0.414, 3);
    expect(result.status).toBe('off_track');
    // Behind the path (419 < 420) but growing faster (11.8 %/yr) than needed (9.2 %/yr): at risk.
    expect(evaluate([['2020', 300], ['2023', 419]], hteTarget, 2023).reason.en).toContain('growth seen so far');
  });

  it('compares a benchmark target with the national value of the same year', () => {
    const benchmark: Target = { id: 'b', indicator: 'rd_intensity', comparator: '>=', benchmark_org: '100000', year: 2025, clause: 3, text: '达到全国平均水平' };
    const national = (period: string, value: number): StoredValue => ({ indicator: 'rd_intensity', org: '100000', period, value, qualifier: 'exact', source: 'national' });
    const result = evaluate([['2020', 1.51], ['2023', 1.61]], benchmark, 2025, 'rd_intensity', [national('2020', 2.4), national('2023', 2.65), national('2024', 2.69)]);
    expect(result.target).toBe(2.65);
    expect(result.benchmark).toEqual({ org: '100000', value: 2.65, period: '2023' });
    expect(result.progress).toBeCloseTo(1.61 / 2.65, 10);
    expect(['at_risk', 'off_track']).toContain(result.status);
    const reached = evaluate([['2025', 2.7]], benchmark, 2025, 'rd_intensity', [national('2025', 2.7)]);
    expect(reached.status).toBe('achieved');
  });

  it('meets an “about” target from the lower edge of its tolerance band', () => {
    const about: Target = { ...hteTarget, comparator: 'about', value: 100, tolerance: 0.1 };
    expect(evaluate([['2025', 90]], about).status).toBe('achieved');
    expect(evaluate([['2025', 89]], about).status).toBe('not_met');
  });

  it('is at_risk, not on_track, with a single value short of the target (no trend to judge)', () => {
    expect(evaluate([['2023', 420]], hteTarget, 2023)).toMatchObject({ status: 'at_risk', reason: { en: expect.stringContaining('single value') } });
  });

  it('gives both forecasts and says the linear one is shown', () => {
    const result = evaluate([['2021', 356], ['2022', 489], ['2023', 595]], hteTarget, 2023);
    expect(result.forecast.shown).toBe('linear');
    // The least-squares line: mean 480 in 2022, slope 119.5 a year → 838.5 in 2025.
    expect(result.forecast.linear).toBeCloseTo(838.5, 6);
    expect(result.forecast.compound).toBeGreaterThan(800);
  });
});
