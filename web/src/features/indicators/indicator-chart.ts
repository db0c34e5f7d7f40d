import type { ResolvedValue } from '../../api/types.ts';
import type { EChartOption } from '../../components/echart.tsx';
import type { Language } from '../language/language.ts';
import { formatDifference, formatNumber, formatPeriod, formatValue, periodYear } from './format-value.ts';

export interface ChartLabels {
  /** 公布值 / 计算值 / 汇总值 */
  kind: (kind: NonNullable<ResolvedValue['kind']>) => string;
  published: string;
  computed: string;
  difference: string;
  source: string;
  noSource: string;
  /** "目标 不低于500家（2025年）" */
  target: string;
  /** "线性趋势预测（2025年）" */
  forecast: string;
  forecastPoint: string;
}

export interface ChartInput {
  area: { name: string; series: readonly ResolvedValue[] };
  /** The benchmark's series, drawn for benchmark targets (全国). */
  benchmark?: { name: string; series: readonly ResolvedValue[] } | undefined;
  /** A fixed target: a horizontal line at its value. */
  targetValue?: number | undefined;
  targetYear?: number | undefined;
  /** The linear trend at the target year, drawn dashed from the latest value. */
  forecast?: number | null | undefined;
  unit: string;
  language: Language;
  labels: ChartLabels;
}

export const chartColors = { area: '#1f5fbf', benchmark: '#8c8c8c', target: '#cf1322', forecast: '#1f5fbf' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** What a point's tooltip says: area and period, value, how it was obtained, published vs computed, source. */
function pointTooltip(seriesName: string, point: ResolvedValue, unit: string, language: Language, labels: ChartLabels): string {
  if (point.value === null) return '';
  const lines = [
    `<strong>${escapeHtml(seriesName)} · ${escapeHtml(formatPeriod(point.period, language))}</strong>`,
    `${escapeHtml(formatValue(point.value, unit, point.qualifier, language))}${point.kind ? ` · <span class="chart-tip__kind">${escapeHtml(labels.kind(point.kind))}</span>` : ''}`,
  ];
  if (point.published !== undefined && point.computed !== undefined) {
    const parts = [`${labels.published} ${formatValue(point.published, unit, null, language)}`, `${labels.computed} ${formatValue(point.computed, unit, null, language)}`];
    if (point.difference !== undefined) parts.push(`${labels.difference} ${formatDifference(point.difference, unit, language)}`);
    lines.push(escapeHtml(parts.join(' / ')));
  }
  lines.push(`<span class="chart-tip__source">${escapeHtml(labels.source)}：${escapeHtml(point.source ?? labels.noSource)}</span>`);
  return lines.join('<br/>');
}

/**
 * The indicator chart: the area's values (solid, a triangle where the figure is a lower bound),
 * the benchmark's for benchmark targets, the target as a horizontal line, and the linear trend
 * dashed from the latest value to the target year. Every year's tooltip carries each value's kind and source.
 */
export function indicatorChartOption(input: ChartInput): EChartOption {
  const { area, benchmark, unit, language, labels } = input;
  const periods = new Set<string>([...area.series.map((point) => point.period), ...(benchmark?.series ?? []).map((point) => point.period)]);
  const latest = area.series.filter((point) => point.value !== null).at(-1);
  const latestYear = latest ? periodYear(latest.period) : undefined;
  const drawsForecast =
    input.forecast !== null && input.forecast !== undefined && input.targetYear !== undefined && latest !== undefined && latestYear !== undefined && latestYear < input.targetYear;
  if (input.targetYear !== undefined && (drawsForecast || input.targetValue !== undefined)) periods.add(String(input.targetYear));
  const categories = [...periods].sort();
  const at = (series: readonly ResolvedValue[]) => new Map(series.map((point) => [point.period, point]));
  const areaPoints = at(area.series);
  const benchmarkPoints = at(benchmark?.series ?? []);

  const tooltips = new Map<string, string>();
  const tip = (seriesIndex: number, dataIndex: number, html: string) => tooltips.set(`${seriesIndex}|${dataIndex}`, html);

  const series: NonNullable<EChartOption['series']> = [];
  series.push({
    type: 'line',
    name: area.name,
    color: chartColors.area,
    symbolSize: 8,
    lineStyle: { width: 2.5 },
    data: categories.map((period, index) => {
      const point = areaPoints.get(period);
      if (!point || point.value === null) return null;
      tip(0, index, pointTooltip(area.name, point, unit, language, labels));
      return point.qualifier === 'lower_bound' ? { value: point.value, symbol: 'triangle', symbolSize: 11 } : point.value;
    }),
    ...(input.targetValue === undefined
      ? {}
      : {
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: chartColors.target, type: 'dashed', width: 1.5 },
            label: { formatter: labels.target, position: 'insideEndTop', color: chartColors.target },
            data: [{ yAxis: input.targetValue }],
          },
        }),
  });
  if (benchmark) {
    const index = series.length;
    series.push({
      type: 'line',
      name: benchmark.name,
      color: chartColors.benchmark,
      symbolSize: 6,
      data: categories.map((period, dataIndex) => {
        const point = benchmarkPoints.get(period);
        if (!point || point.value === null) return null;
        tip(index, dataIndex, pointTooltip(benchmark.name, point, unit, language, labels));
        return point.value;
      }),
    });
  }
  if (drawsForecast && latest?.value !== null && latest !== undefined && input.forecast !== null && input.forecast !== undefined) {
    const index = series.length;
    const forecast = input.forecast;
    const targetPeriod = String(input.targetYear);
    series.push({
      type: 'line',
      name: labels.forecast,
      color: chartColors.forecast,
      connectNulls: true,
      symbol: 'emptyCircle',
      symbolSize: 7,
      lineStyle: { type: 'dashed', width: 1.5, opacity: 0.8 },
      data: categories.map((period, dataIndex) => {
        // The line starts on the area's own point (whose tooltip says it all); a second marker there would hide its shape.
        if (period === latest.period) return { value: latest.value, symbol: 'none' };
        if (period !== targetPeriod) return null;
        tip(index, dataIndex, `<strong>${escapeHtml(labels.forecast)}</strong><br/>${escapeHtml(formatValue(forecast, unit, null, language))}<br/><span class="chart-tip__source">${escapeHtml(labels.forecastPoint)}</span>`);
        return forecast;
      }),
    });
  }

  return {
    animationDuration: 300,
    grid: { left: 56, right: 32, top: 56, bottom: 36 },
    legend: { top: 8, left: 'center' },
    // A year's column at once: the area, the benchmark and the forecast of that year, each with its source.
    tooltip: {
      trigger: 'axis',
      confine: true,
      extraCssText: 'max-width: 420px; white-space: normal;',
      formatter: (params) =>
        (Array.isArray(params) ? params : [params])
          .map((item) => tooltips.get(`${item.seriesIndex ?? 0}|${item.dataIndex}`))
          .filter((html) => html !== undefined)
          .join('<hr class="chart-tip__rule"/>'),
    },
    xAxis: { type: 'category', data: categories.map((period) => formatPeriod(period, language)), boundaryGap: false },
    yAxis: { type: 'value', name: unit, nameTextStyle: { align: 'right' }, axisLabel: { formatter: (value: number) => formatNumber(value, language) } },
    series,
  };
}
