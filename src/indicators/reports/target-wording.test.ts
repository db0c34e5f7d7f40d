import { describe, expect, it } from 'vitest';
import type { TargetEvaluation } from '../evaluate-target.ts';
import { chineseNumeral, describeTargetEvaluation, formatPeriodZh, formatProgress, formatQualifiedValue, policyShortName } from './target-wording.ts';

const behind: TargetEvaluation = {
  target_id: 'smes',
  indicator: 'tech_smes',
  comparator: '>',
  target: 2000,
  year: 2025,
  clause: 3,
  text: '科技型中小企业突破2000家',
  org: '640000',
  value: 1045,
  period: '2023',
  qualifier: 'exact',
  source: '统计公报',
  kind: 'published',
  status: 'off_track',
  progress: 0.5225,
  baseline: { year: 2020, value: 900 },
  path_value: 1560,
  growth: { required: 0.3835, observed: 0.0511 },
  forecast: { linear: 1141.7, compound: 1125.4, shown: 'linear' },
  reason: { zh: '明显落后于序时进度', en: 'well behind the path' },
  series: [
    { period: '2020', value: 900, qualifier: 'exact' },
    { period: '2023', value: 1045, qualifier: 'exact' },
  ],
};
const context = { indicator: { name: '科技型中小企业', unit: '家' }, clause: { label: '(三)', title: '主要目标' }, policyShortName: '《意见》', asOf: 2025, sourceNumber: 2 };

describe('target wording', () => {
  it('writes heading numerals the Chinese way', () => {
    expect([1, 10, 11, 15, 20, 22].map(chineseNumeral)).toEqual(['一', '十', '十一', '十五', '二十', '二十二']);
  });

  it('keeps a bound a bound', () => {
    expect(formatQualifiedValue(700, 'lower_bound', '家')).toBe('≥ 700家（下限）');
    expect(formatQualifiedValue(3.5, 'upper_bound')).toBe('≤ 3.5（上限）');
    expect(formatQualifiedValue(595, 'exact', '家')).toBe('595家');
    expect(formatProgress({ ...behind, qualifier: 'lower_bound', progress: 1.4 })).toBe('≥ 140.0');
  });

  it('gives no completion share for an at-most target', () => {
    expect(formatProgress({ ...behind, comparator: '<=' })).toBe('—');
  });

  it('names periods and the policy as Chinese texts do', () => {
    expect(['2024', '2024Q3', '2024-07'].map(formatPeriodZh)).toEqual(['2024年', '2024年第3季度', '2024年7月']);
    expect(policyShortName('关于实施科技强区行动 提升区域创新能力的若干意见')).toBe('《意见》');
  });

  it('states the target with its boundary: 突破 excludes the number', () => {
    expect(describeTargetEvaluation(behind, context).target).toBe('《意见》第（三）条“主要目标”提出“科技型中小企业突破2000家”，即到2025年科技型中小企业多于2000家。');
  });

  it('explains a target behind with the path, the growth needed and the forecasts', () => {
    const { current, assessment } = describeTargetEvaluation(behind, context);
    expect(current).toBe('最新数据为2023年1045家（数据来源〔2〕）。相当于目标值的52.3%。');
    expect(assessment).toBe(
      '评估结论：严重滞后（明显落后于序时进度）。按基期2020年900家至目标值的直线路径（序时进度），2023年应达到1560家。2020—2023年年均增长5.1%；如期实现目标，2024—2025年需年均增长38.4%。按线性趋势外推，2025年约为1142家；按年均复合增长外推约为1125家。判定状态时参考线性趋势外推值，复合增长外推值仅供参考。',
    );
  });

  it('estimates nothing without data', () => {
    const none = describeTargetEvaluation({ ...behind, value: null, period: null, qualifier: null, source: null, kind: null, status: 'no_data', progress: null, baseline: null, path_value: null, growth: { required: null, observed: null }, reason: { zh: '暂无数据', en: 'no data' }, series: [] }, context);
    expect(none.current).toContain('暂无数据');
    expect(none.assessment).toBe('评估结论：暂无数据。');
    expect(`${none.current}${none.assessment}`).not.toMatch(/外推|年均/);
  });
});
