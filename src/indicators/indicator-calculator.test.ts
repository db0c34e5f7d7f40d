import { describe, expect, it } from 'vitest';
import { AreaTree } from '../areas/index.ts';
import type { Indicator } from '../policy/index.ts';
import { IndicatorCalculator, type StoredValue } from './indicator-calculator.ts';

const indicators: Indicator[] = [
  { code: 'rd_expenditure', name: 'R&D经费支出', unit: '亿元', period_type: 'year', aggregation: 'sum' },
  { code: 'gdp', name: '地区生产总值', unit: '亿元', period_type: 'year', aggregation: 'sum' },
  { code: 'rd_intensity', name: 'R&D经费投入强度', unit: '%', period_type: 'year', aggregation: 'formula', formula: 'rd_expenditure / gdp * 100.0' },
  { code: 'science_literacy_rate', name: '公民科学素质比例', unit: '%', period_type: 'year', aggregation: 'none' },
];

// A city with two counties: one small and research-heavy, one large and not.
const tree = new AreaTree([
  { code: '640100', name: '银川市', parentCode: null, level: 'prefecture' },
  { code: '640104', name: '兴庆区', parentCode: '640100', level: 'county' },
  { code: '640105', name: '西夏区', parentCode: '640100', level: 'county' },
]);

const value = (indicator: string, org: string, amount: number, period = '2023'): StoredValue => ({ indicator, org, period, value: amount, qualifier: 'exact', source: 'test' });

describe('IndicatorCalculator', () => {
  it('rolls a ratio up as a ratio of sums, never an average of ratios', () => {
    const calculator = new IndicatorCalculator(indicators, tree, [
      value('rd_expenditure', '640104', 4), value('gdp', '640104', 100), // 4 %
      value('rd_expenditure', '640105', 1), value('gdp', '640105', 900), // 0.111… %
    ]);
    const city = calculator.valueAt('rd_intensity', '640100', '2023');
    // (4 + 1) / (100 + 900) × 100 = 0.5 %, while the average of the ratios would be 2.06 %.
    expect(city.value).toBeCloseTo(0.5, 10);
    expect(city.kind).toBe('computed');
    expect(city.inputs).toEqual([
      { indicator: 'rd_expenditure', value: 5, kind: 'rolled_up' },
      { indicator: 'gdp', value: 1000, kind: 'rolled_up' },
    ]);
  });

  it('keeps a published ratio beside the computed one, with the difference; the published one counts', () => {
    const calculator = new IndicatorCalculator(indicators, tree, [
      value('rd_expenditure', '640100', 5), value('gdp', '640100', 1000), value('rd_intensity', '640100', 0.52),
    ]);
    const city = calculator.valueAt('rd_intensity', '640100', '2023');
    // The difference is exact: 0.52 − 0.5 is 0.02, not 0.020000000000000018.
    expect(city).toMatchObject({ value: 0.52, kind: 'published', published: 0.52, computed: 0.5, difference: 0.02 });
  });

  it('prefers an area’s own published total to the sum of its children, and shows both', () => {
    const calculator = new IndicatorCalculator(indicators, tree, [value('gdp', '640100', 1010), value('gdp', '640104', 100), value('gdp', '640105', 900)]);
    expect(calculator.valueAt('gdp', '640100', '2023')).toMatchObject({ value: 1010, kind: 'published', computed: 1000, difference: 10 });
  });

  it('makes no sum when a child area has no value, and says which one is missing', () => {
    const calculator = new IndicatorCalculator(indicators, tree, [value('gdp', '640104', 100)]);
    expect(calculator.valueAt('gdp', '640100', '2023')).toMatchObject({ value: null, coverage: { with_value: 1, total: 2, missing: ['640105'] } });
  });

  it('never rolls up an indicator published only as a ratio', () => {
    const calculator = new IndicatorCalculator(indicators, tree, [value('science_literacy_rate', '640104', 10), value('science_literacy_rate', '640105', 12)]);
    expect(calculator.valueAt('science_literacy_rate', '640100', '2023').value).toBeNull();
  });

  it('lists a series oldest first, skipping periods without a value', () => {
    const calculator = new IndicatorCalculator(indicators, tree, [value('gdp', '640104', 90, '2021'), value('gdp', '640104', 100, '2023')]);
    expect(calculator.series('gdp', '640104').map((entry) => [entry.period, entry.value])).toEqual([['2021', 90], ['2023', 100]]);
  });

  it('sums and divides exactly: ten children of 0.1 make 1, and (1.1 + 2.2) ÷ 100 × 100 is 3.3', () => {
    const tenChildren = new AreaTree([
      { code: '640100', name: '银川市', parentCode: null, level: 'prefecture' },
      ...Array.from({ length: 10 }, (_, index) => ({ code: `6401${String(index + 10)}`, name: `区${index}`, parentCode: '640100', level: 'county' as const })),
    ]);
    const counties = tenChildren.childrenOf('640100');
    const calculator = new IndicatorCalculator(indicators, tenChildren, [
      ...counties.map((county) => ({ ...value('rd_expenditure', county.code, 0), value: '0.1' })),
      ...counties.map((county) => value('gdp', county.code, 1)),
    ]);
    expect(calculator.valueAt('rd_expenditure', '640100', '2023').value).toBe(1);
    // 1 ÷ 10 × 100 = 10, exactly.
    expect(calculator.valueAt('rd_intensity', '640100', '2023').value).toBe(10);

    const ratio = new IndicatorCalculator(indicators, tree, [
      { ...value('rd_expenditure', '640104', 0), value: '1.1' }, value('gdp', '640104', 60),
      { ...value('rd_expenditure', '640105', 0), value: '2.2' }, value('gdp', '640105', 40),
    ]);
    expect(ratio.valueAt('rd_expenditure', '640100', '2023').value).toBe(3.3);
    expect(ratio.valueAt('rd_intensity', '640100', '2023')).toMatchObject({ value: 3.3, inputs: [{ indicator: 'rd_expenditure', value: 3.3, kind: 'rolled_up' }, { indicator: 'gdp', value: 100, kind: 'rolled_up' }] });
  });

  it('carries a lower bound up the tree', () => {
    const calculator = new IndicatorCalculator(indicators, tree, [{ ...value('gdp', '640104', 100), qualifier: 'lower_bound' }, value('gdp', '640105', 900)]);
    expect(calculator.valueAt('gdp', '640100', '2023')).toMatchObject({ value: 1000, qualifier: 'lower_bound' });
  });
});
