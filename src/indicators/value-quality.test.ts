/**
 * The data-quality rules at their boundaries, without a database: each indicator's bounds (from
 * the pack or its unit's defaults), the cross-indicator rules and the year-on-year jump.
 */
import { describe, expect, it } from 'vitest';
import { AreaTree } from '../areas/index.ts';
import type { Indicator, QualityRule } from '../policy/index.ts';
import { exact } from './exact-number.ts';
import { boundsOf, checkQualityRules, checkValueBounds, formatDecimal, keyOf, periodYearBefore, valuesNeeded } from './value-quality.ts';

const indicator = (code: string, unit: string, quality?: Indicator['quality']): Indicator => ({ code, name: code, unit, period_type: 'year', aggregation: 'sum', ...(quality ? { quality } : {}) });
const check = (unit: string, value: string, quality?: Indicator['quality']) => checkValueBounds(indicator('x', unit, quality), exact(value), value)?.message;

describe('the bounds of one value', () => {
  it('takes counts as whole, from 0 to 1,000,000', () => {
    expect(boundsOf(indicator('x', '家')).valueType).toBe('count');
    expect(check('家', '0')).toBeUndefined();
    expect(check('家', '1000000')).toBeUndefined();
    expect(check('家', '1000001')).toBe('数值过大，不能超过 1,000,000家（1000001）');
    expect(check('家', '100000000000000000000')).toBe('数值过大，不能超过 1,000,000家（100000000000000000000）');
    expect(check('个', '-1')).toBe('数值不能为负（-1）');
    expect(check('家', '12.5')).toBe('家数应为整数（12.5）');
    expect(check('件', '12.0')).toBeUndefined();
  });

  it('takes percentages from 0 to 100 with at most four decimals', () => {
    expect(check('%', '100')).toBeUndefined();
    expect(check('%', '100.0001')).toBe('数值过大，不能超过 100%（100.0001）');
    expect(check('%', '2.5312')).toBeUndefined();
    expect(check('%', '2.53125')).toBe('最多保留 4 位小数（2.53125）');
    expect(check('%', '-0.01')).toBe('数值不能为负（-0.01）');
  });

  it('takes money up to 1e15 元 in the unit of the indicator, to the fen', () => {
    expect(boundsOf(indicator('x', '亿元')).max.toFixed()).toBe('10000000');
    expect(check('亿元', '10000000')).toBeUndefined();
    expect(check('亿元', '10000000.0000000001')).toBe('数值过大，不能超过 10,000,000亿元（10000000.0000000001）');
    // A fen is 1e-10 亿元.
    expect(check('亿元', '0.0000000001')).toBeUndefined();
    expect(check('亿元', '0.00000000001')).toBe('最多保留 10 位小数（0.00000000001）');
    expect(check('元', '1000000000000000')).toBeUndefined();
    expect(check('元', '1000000000000001')).toContain('数值过大');
    expect(check('万元', '0.000001')).toBeUndefined();
  });

  it('takes the pack\'s own bounds over the defaults', () => {
    const quality = { min: 10, max: 20, decimals: 1 };
    expect(check('%', '10', quality)).toBeUndefined();
    expect(check('%', '9.9', quality)).toBe('数值不能小于 10%（9.9）');
    expect(check('%', '20', quality)).toBeUndefined();
    expect(check('%', '20.1', quality)).toBe('数值过大，不能超过 20%（20.1）');
    expect(check('%', '15.25', quality)).toBe('最多保留 1 位小数（15.25）');
    expect(check('万人', '720.1234', { value_type: 'count', max: 150000, decimals: 4 })).toBeUndefined();
    expect(check('万人', '720.12345', { value_type: 'count', max: 150000, decimals: 4 })).toBe('最多保留 4 位小数（720.12345）');
  });

  it('formats decimals with thousands separators and every decimal', () => {
    expect(formatDecimal(exact('1234567.891'))).toBe('1,234,567.891');
    expect(formatDecimal(exact('-5'))).toBe('-5');
  });
});

describe('rules across values', () => {
  const tree = new AreaTree([
    { code: '640000', name: '宁夏回族自治区', parentCode: null, level: 'province' },
    { code: '640100', name: '银川市', parentCode: '640000', level: 'prefecture' },
    { code: '640104', name: '兴庆区', parentCode: '640100', level: 'county' },
    { code: '640105', name: '西夏区', parentCode: '640100', level: 'county' },
  ]);
  const indicators = [indicator('rd_expenditure', '亿元'), indicator('gdp', '亿元'), indicator('national_hte', '家'), indicator('tech_smes', '家', { max_jump: 2 })];
  const rules: QualityRule[] = [
    { id: 'rd-within-gdp', left: 'rd_expenditure', op: '<=', right: 'gdp', scope: 'same_area', message: 'R&D经费支出不能超过地区生产总值' },
    { id: 'hte-within-total', left: 'national_hte', op: '<=', right: 'national_hte', scope: 'children_sum', message: '下辖区划合计不能超过上级公布的总数' },
  ];
  const write = (code: string, org: string, period: string, value: string, line = 1) => ({ indicator: code, org, period, value: exact(value), line });
  const stored = (entries: [string, string, string, string][]) => new Map(entries.map(([code, org, period, value]) => [keyOf({ indicator: code, org, period }), exact(value)]));
  const run = (writes: ReturnType<typeof write>[], values = new Map()) => checkQualityRules(writes, values, { indicators, rules, tree }).map((finding) => `${finding.kind} ${finding.message}`);

  it('passes R&D expenditure equal to GDP and refuses it just over, from the batch or the stored value', () => {
    expect(run([write('rd_expenditure', '640104', '2024', '100'), write('gdp', '640104', '2024', '100')])).toEqual([]);
    expect(run([write('rd_expenditure', '640104', '2024', '100.0000000001'), write('gdp', '640104', '2024', '100')])).toEqual(['rule R&D经费支出不能超过地区生产总值：rd_expenditure 100.0000000001亿元，应不超过gdp 100亿元']);
    expect(run([write('rd_expenditure', '640104', '2024', '101')], stored([['gdp', '640104', '2024', '100']]))).toHaveLength(1);
    // Stored R&D checked against a new GDP, too; no GDP: nothing to compare.
    expect(run([write('gdp', '640104', '2024', '99')], stored([['rd_expenditure', '640104', '2024', '100']]))).toHaveLength(1);
    expect(run([write('rd_expenditure', '640104', '2024', '101')])).toEqual([]);
  });

  it('passes the counties\' sum equal to the city\'s total and refuses one more', () => {
    const city = stored([['national_hte', '640100', '2024', '300'], ['national_hte', '640105', '2024', '100']]);
    expect(run([write('national_hte', '640104', '2024', '200')], city)).toEqual([]);
    expect(run([write('national_hte', '640104', '2024', '201')], city)).toEqual(['rule 下辖区划合计不能超过上级公布的总数：银川市下辖区划national_hte合计 301家，应不超过银川市national_hte 300家']);
    // The city's total entered below the counties' sum.
    expect(run([write('national_hte', '640100', '2024', '299')], stored([['national_hte', '640104', '2024', '200'], ['national_hte', '640105', '2024', '100']]))).toHaveLength(1);
  });

  it('warns of a jump beyond ×3 or ÷3 from the year before, and not at exactly ×3 or ÷3', () => {
    const before = stored([['national_hte', '640104', '2023', '100'], ['tech_smes', '640104', '2023', '100']]);
    expect(run([write('national_hte', '640104', '2024', '300')], before)).toEqual([]);
    expect(run([write('national_hte', '640104', '2024', '301')], before)).toEqual(['jump 较上年同期（2023：100家）变化超过 3 倍（301家），请核实并填写说明']);
    const threeHundred = stored([['national_hte', '640104', '2023', '300']]);
    expect(run([write('national_hte', '640104', '2024', '100')], threeHundred)).toEqual([]);
    expect(run([write('national_hte', '640104', '2024', '99')], threeHundred)).toHaveLength(1);
    // The pack's own threshold.
    expect(run([write('tech_smes', '640104', '2024', '200')], before)).toEqual([]);
    expect(run([write('tech_smes', '640104', '2024', '201')], before)).toHaveLength(1);
    // No earlier value, or zero: nothing to compare.
    expect(run([write('national_hte', '640104', '2024', '5000')])).toEqual([]);
    expect(run([write('national_hte', '640104', '2024', '5000')], stored([['national_hte', '640104', '2023', '0']]))).toEqual([]);
  });

  it('names the values it needs: the year before and the other sides of the rules', () => {
    expect(periodYearBefore('2024')).toBe('2023');
    expect(periodYearBefore('2024Q3')).toBe('2023Q3');
    expect(periodYearBefore('2024-07')).toBe('2023-07');
    const needed = valuesNeeded([write('national_hte', '640104', '2024', '1')], rules, tree).map(keyOf).sort();
    expect(needed).toEqual(['national_hte|640100|2024', 'national_hte|640104|2023', 'national_hte|640104|2024', 'national_hte|640105|2024']);
  });
});
