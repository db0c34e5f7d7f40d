import { describe, expect, it } from 'vitest';
import type { ResolvedValue } from '../../api/types.ts';
import { indicatorChartOption, type ChartLabels } from './indicator-chart.ts';

const labels: ChartLabels = {
  kind: (kind) => kind,
  published: '公布值',
  computed: '计算值',
  difference: '差异',
  source: '来源',
  noSource: '未注明来源',
  target: '目标 ≥ 500家',
  forecast: '线性趋势预测（2025年）',
  forecastPoint: '按线性趋势外推',
};

const point = (period: string, value: number, qualifier: ResolvedValue['qualifier'] = 'exact'): ResolvedValue => ({
  indicator: 'national_hte',
  org: '640000',
  period,
  value,
  kind: 'published',
  qualifier,
  source: 'bulletin',
});

type LineSeries = { name?: string; data: unknown[]; lineStyle?: { type?: string }; markLine?: { data: unknown[] } };

describe('indicatorChartOption', () => {
  const option = indicatorChartOption({
    area: { name: '宁夏回族自治区', series: [point('2023', 595), point('2024', 700, 'lower_bound')] },
    targetValue: 500,
    targetYear: 2025,
    forecast: 792.6,
    unit: '家',
    language: 'zh',
    labels,
  });
  const series = option.series as LineSeries[];

  it('runs the axis to the target year', () => {
    expect((option.xAxis as { data: string[] }).data).toEqual(['2023年', '2024年', '2025年']);
  });

  it('marks a lower bound and draws the target as a line', () => {
    expect(series[0]?.data).toEqual([595, { value: 700, symbol: 'triangle', symbolSize: 11 }, null]);
    expect(series[0]?.markLine?.data).toEqual([{ yAxis: 500 }]);
  });

  it('draws the linear forecast dashed from the latest value to the target year', () => {
    expect(series[1]?.name).toBe('线性趋势预测（2025年）');
    expect(series[1]?.lineStyle?.type).toBe('dashed');
    expect(series[1]?.data).toEqual([null, { value: 700, symbol: 'none' }, 792.6]);
  });

  it('draws no forecast once the target year has a value', () => {
    const done = indicatorChartOption({ area: { name: 'x', series: [point('2025', 510)] }, targetValue: 500, targetYear: 2025, forecast: 520, unit: '家', language: 'zh', labels });
    expect((done.series as LineSeries[]).length).toBe(1);
  });
});
