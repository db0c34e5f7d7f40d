import { describe, expect, it } from 'vitest';
import { formatDifference, formatNumber, formatPercent, formatPeriod, formatValue, periodYear } from './format-value.ts';

describe('formatValue', () => {
  it('writes a lower bound as at least, never as an exact figure', () => {
    expect(formatValue(700, '家', 'lower_bound', 'zh')).toBe('≥ 700家');
    expect(formatValue(700, '家', 'lower_bound', 'en')).toBe('≥ 700 家');
  });

  it('keeps the digits of the source, without thousands separators', () => {
    expect(formatValue(1964.37, '亿元', 'exact', 'zh')).toBe('1964.37亿元');
    expect(formatValue(22143.6, '亿元', null, 'en')).toBe('22143.6 亿元');
  });

  it('rounds a computed ratio, and keeps small numbers readable', () => {
    expect(formatValue(1.5658132741041153, '%', 'exact', 'zh')).toBe('1.57%');
    expect(formatNumber(0.7620015240030481, 'zh')).toBe('0.762');
    expect(formatNumber(0, 'zh')).toBe('0');
  });
});

describe('formatDifference', () => {
  it('signs the published-minus-computed difference', () => {
    expect(formatDifference(-0.011215135631480244, '%', 'zh')).toBe('−0.0112%');
    expect(formatDifference(0.0023889560866021675, '%', 'zh')).toBe('+0.00239%');
    expect(formatDifference(0, '亿元', 'zh')).toBe('±0亿元');
  });
});

describe('periods and progress', () => {
  it('writes a year the Chinese way and leaves other periods as coded', () => {
    expect(formatPeriod('2023', 'zh')).toBe('2023年');
    expect(formatPeriod('2023', 'en')).toBe('2023');
    expect(formatPeriod('2024Q3', 'zh')).toBe('2024Q3');
    expect(periodYear('2024-07')).toBe(2024);
    expect(periodYear('next year')).toBeUndefined();
  });

  it('writes progress as a percentage', () => {
    expect(formatPercent(1.4, 'zh')).toBe('140%');
    expect(formatPercent(0.9646, 'en')).toBe('96.5%');
  });
});
