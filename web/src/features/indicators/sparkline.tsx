import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TargetEvaluation } from '../../api/types.ts';
import { EChart, type EChartOption } from '../../components/echart.tsx';
import { useLanguage } from '../language/use-language.ts';
import { formatPeriod, formatValue } from './format-value.ts';

interface SparklineProps {
  series: TargetEvaluation['series'];
  unit: string;
  color: string;
  /** Where the line should head: the target, drawn as a faint line so the gap is visible. */
  target: number | null;
}

const height = 56;

/** A card-sized line of a target's values, no axes: the shape of the trend, each point with its value on hover. */
export function Sparkline({ series, unit, color, target }: SparklineProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const option = useMemo<EChartOption>(() => {
    const labels = series.map((point) => `${formatPeriod(point.period, language)}${language === 'zh' ? '：' : ': '}${formatValue(point.value, unit, point.qualifier, language)}`);
    return {
      animation: false,
      grid: { left: 4, right: 4, top: 6, bottom: 6 },
      xAxis: { type: 'category', show: false, data: series.map((point) => point.period), boundaryGap: false },
      yAxis: { type: 'value', show: false, scale: true, ...(target === null ? {} : { max: (extent: { max: number }) => Math.max(extent.max, target) }) },
      tooltip: { trigger: 'axis', confine: true, formatter: (params) => labels[(Array.isArray(params) ? params[0] : params)?.dataIndex ?? 0] ?? '' },
      series: [
        {
          type: 'line',
          data: series.map((point) => point.value),
          symbol: 'circle',
          symbolSize: 4,
          lineStyle: { color, width: 2 },
          itemStyle: { color },
          areaStyle: { color, opacity: 0.08 },
          ...(target === null
            ? {}
            : { markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#bfbfbf', type: 'dashed', width: 1 }, data: [{ yAxis: target }] } }),
        },
      ],
    };
  }, [series, unit, color, target, language]);
  return <EChart option={option} height={height} ariaLabel={t('indicators.sparkline')} className="sparkline" testId="sparkline" />;
}

export const sparklineHeight = height;
