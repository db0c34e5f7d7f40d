import { RadarChart } from 'echarts/charts';
import { RadarComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartOption } from '../../components/echart.tsx';
import type { IndexRankingRow, IndexResultDto, IndexTextDto } from './index-api.ts';

// The radar of a unit's pillar scores: registered here, only for the pages that draw one.
echarts.use([RadarChart, RadarComponent]);

type Language = 'zh' | 'en';
const text = (value: IndexTextDto, language: Language) => value[language];
const rounded = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/** The highest score a node can have under the spec's normalisation (the radar's axis maximum). */
export function scoreCeiling(result: IndexResultDto): number | undefined {
  const scores = result.ranking.flatMap((row) => row.nodes.filter((value): value is number => value !== null));
  const highest = scores.length === 0 ? 0 : Math.max(...scores);
  return highest <= 1 ? 1 : highest <= 100 ? 100 : Math.ceil(highest / 10) * 10;
}

/** Bars of the year's scores, best first; the chosen unit stands out. */
export function rankingBarOption(result: IndexResultDto, language: Language, chosen: string | undefined, labels: { score: string }): EChartOption {
  const rows = result.ranking.filter((row) => row.score !== null);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 16, top: 24, bottom: 90 },
    xAxis: { type: 'category', data: rows.map((row) => text(row.name, language)), axisLabel: { interval: 0, rotate: 45 } },
    yAxis: { type: 'value', name: labels.score },
    series: [
      {
        type: 'bar',
        name: labels.score,
        data: rows.map((row) => ({ value: rounded(row.score), itemStyle: { color: row.unit === chosen ? '#f0a020' : '#1f5fbf' } })),
      },
    ],
  };
}

/** The chosen unit's pillar scores beside the mean of every unit of the year. */
export function pillarRadarOption(result: IndexResultDto, row: IndexRankingRow, language: Language, labels: { mean: string }): EChartOption {
  const pillars = result.nodes.map((node, index) => ({ node, index })).filter((entry) => entry.node.depth === 1);
  const ceiling = scoreCeiling(result);
  const mean = pillars.map((entry) => {
    const values = result.ranking.map((candidate) => candidate.nodes[entry.index]).filter((value): value is number => value !== null && value !== undefined);
    return values.length === 0 ? 0 : rounded(values.reduce((sum, value) => sum + value, 0) / values.length);
  });
  const option = {
    tooltip: {},
    legend: { top: 0 },
    radar: { indicator: pillars.map((entry) => ({ name: text(entry.node.name, language), max: ceiling })), radius: '62%', center: ['50%', '56%'] },
    series: [
      {
        type: 'radar',
        data: [
          { name: text(row.name, language), value: pillars.map((entry) => rounded(row.nodes[entry.index] ?? null) ?? 0), areaStyle: { opacity: 0.25 } },
          { name: labels.mean, value: mean, lineStyle: { type: 'dashed' } },
        ],
      },
    ],
  };
  return option as unknown as EChartOption;
}

/** The unit's score over the years, with its rank in the tooltip. */
export function trendOption(result: IndexResultDto, unit: string, language: Language, labels: { score: string; rank: string }): EChartOption {
  const trend = result.trend.find((entry) => entry.unit === unit);
  const points = trend?.points ?? [];
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 56, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: points.map((point) => String(point.year)) },
    yAxis: [
      { type: 'value', name: labels.score },
      { type: 'value', name: labels.rank, inverse: true, minInterval: 1, min: 1 },
    ],
    series: [
      { type: 'line', name: trend ? `${text(trend.name, language)} · ${labels.score}` : labels.score, data: points.map((point) => rounded(point.score)), connectNulls: false },
      { type: 'line', name: labels.rank, yAxisIndex: 1, data: points.map((point) => point.rank), lineStyle: { type: 'dashed' } },
    ],
  };
}
