import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { formatParameterValue } from './format-parameter.ts';

const zh: Record<string, string> = {
  'incentives.multiplier': '{{value}}倍',
  'incentives.years': '{{value}}年',
  'incentives.offsetSameYear': '当年度',
  'incentives.offsetPreviousYear': '上一年度',
  'incentives.offsetNextYear': '下一年度',
  'incentives.offsetYearsBefore': '前{{count}}个年度',
  'incentives.offsetYearsAfter': '后{{count}}个年度',
};
const t = ((key: string, values?: Record<string, unknown>) =>
  (zh[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values?.[name] ?? ''))) as unknown as TFunction;

describe('formatParameterValue', () => {
  it('writes a ratio as the percentage the policy text uses', () => {
    expect(formatParameterValue({ value: 0.2, unit: 'ratio' }, t, 'zh')).toBe('20%');
    expect(formatParameterValue({ value: 0.07, unit: 'ratio' }, t, 'zh')).toBe('7%');
  });

  it('writes an amount in the policy\'s own unit, 200万元, keeping every yuan', () => {
    expect(formatParameterValue({ value: 2_000_000, unit: '元' }, t, 'zh')).toBe('200万元');
    expect(formatParameterValue({ value: 10_000_000, unit: '元' }, t, 'zh')).toBe('1000万元');
    expect(formatParameterValue({ value: 500_000, unit: '元' }, t, 'zh')).toBe('50万元');
    expect(formatParameterValue({ value: 300_000_000, unit: '元' }, t, 'zh')).toBe('3亿元');
    expect(formatParameterValue({ value: 350_000_000, unit: '元' }, t, 'zh')).toBe('3.5亿元');
    expect(formatParameterValue({ value: 1_234_567, unit: '元' }, t, 'zh')).toBe('123.4567万元');
    expect(formatParameterValue({ value: 100_000_001, unit: '元' }, t, 'zh')).toBe('10,000.0001万元');
    expect(formatParameterValue({ value: 8_500, unit: '元' }, t, 'zh')).toBe('8,500元');
    expect(formatParameterValue({ value: 1234.5, unit: '元' }, t, 'zh')).toBe('1,234.5元');
    expect(formatParameterValue({ value: 2_000_000, unit: '元' }, t, 'en')).toBe('¥2,000,000');
  });

  it('writes a year offset in words (上一年度), a duration in years', () => {
    expect(formatParameterValue({ name: 'base_year_offset', value: -1, unit: 'year' }, t, 'zh')).toBe('上一年度');
    expect(formatParameterValue({ name: 'base_year_offset', value: 0, unit: 'year' }, t, 'zh')).toBe('当年度');
    expect(formatParameterValue({ name: 'base_year_offset', value: -2, unit: 'year' }, t, 'zh')).toBe('前2个年度');
    expect(formatParameterValue({ name: 'min_years', value: 10, unit: 'year' }, t, 'zh')).toBe('10年');
  });

  it('writes a multiplier as 倍', () => {
    expect(formatParameterValue({ value: 4, unit: 'multiplier' }, t, 'zh')).toBe('4倍');
  });
});
