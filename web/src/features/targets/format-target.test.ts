import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { formatQuantity, formatTarget } from './format-target.ts';

// A stand-in for i18next's t(): the Chinese strings, with interpolation.
const zh: Record<string, string> = {
  'targets.benchmarkNational': '全国平均水平',
  'targets.benchmarkArea': '{{name}}同期水平',
  'targets.about': '约',
  'targets.tolerance': '±{{percent}}%',
  'targets.comparators.>=': '不低于',
  'targets.comparators.<=': '不超过',
};
const t = ((key: string, values?: Record<string, unknown>) =>
  (zh[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values?.[name] ?? ''))) as unknown as TFunction;

describe('formatTarget', () => {
  it('writes an at-least or at-most target in words with its unit, never as ≥ or >=', () => {
    expect(formatTarget({ comparator: '>=', value: 500, indicator_unit: '家' }, t, 'zh')).toBe('不低于500家');
    expect(formatTarget({ comparator: '<=', value: 0.5, indicator_unit: '%' }, t, 'zh')).toBe('不超过0.5%');
  });

  it('writes a soft target with its tolerance as a percentage', () => {
    expect(formatTarget({ comparator: 'about', value: 100, tolerance: 0.1, indicator_unit: '家' }, t, 'zh')).toBe(
      '约 100家（±10%）',
    );
  });

  it('names the national average for a benchmark against 100000', () => {
    expect(formatTarget({ comparator: '>=', benchmark_org: '100000', indicator_unit: '%' }, t, 'zh')).toBe(
      '不低于全国平均水平',
    );
  });
});

describe('formatQuantity', () => {
  it('puts a space before a unit in English but not before %', () => {
    expect(formatQuantity(2.5, '%', 'en')).toBe('2.5%');
    expect(formatQuantity(1200, 'items', 'en')).toBe('1,200 items');
  });
});
