import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { formatEvaluationTarget, formatEvaluationValue } from './format-evaluation.ts';

const zh: Record<string, string> = {
  'targets.benchmarkNational': '全国平均水平',
  'targets.about': '约',
  'targets.comparators.>=': '不低于',
  'targets.tolerance': '±{{percent}}%',
  'indicators.noData': '暂无数据',
};
const t = ((key: string, values?: Record<string, unknown>) =>
  (zh[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values?.[name] ?? ''))) as unknown as TFunction;

describe('formatEvaluationTarget', () => {
  it('states a fixed target with its unit', () => {
    expect(formatEvaluationTarget({ comparator: '>=', target: 500 }, '家', t, 'zh')).toBe('不低于500家');
  });

  it('gives a benchmark target the benchmark’s own figure and year', () => {
    const benchmark = { org: '100000', value: 2.65, period: '2023' };
    expect(formatEvaluationTarget({ comparator: '>=', target: 2.65, benchmark }, '%', t, 'zh')).toBe('不低于全国平均水平（2.65%，2023年）');
  });

  it('says so when the benchmark has no figure yet', () => {
    const benchmark = { org: '100000', value: null, period: null };
    expect(formatEvaluationTarget({ comparator: '>=', target: null, benchmark }, '%', t, 'zh')).toBe('不低于全国平均水平（暂无数据）');
  });

  it('keeps the tolerance of a soft target', () => {
    expect(formatEvaluationTarget({ comparator: 'about', target: 100 }, '家', t, 'zh', 0.1)).toBe('约 100家（±10%）');
  });
});

describe('formatEvaluationValue', () => {
  it('writes a lower bound with its year', () => {
    expect(formatEvaluationValue({ value: 700, period: '2024', qualifier: 'lower_bound' }, '家', 'zh')).toBe('≥ 700家（2024年）');
    expect(formatEvaluationValue({ value: 595, period: '2023', qualifier: 'exact' }, '家', 'en')).toBe('595 家 (2023)');
  });

  it('invents nothing when there is no value', () => {
    expect(formatEvaluationValue({ value: null, period: null, qualifier: null }, '家', 'zh')).toBeUndefined();
  });
});
