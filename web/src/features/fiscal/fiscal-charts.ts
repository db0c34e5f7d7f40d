import type { FiscalOverview, WhatIfResult } from '../../api/types.ts';
import type { EChartOption } from '../../components/echart.tsx';

/** Yuan text → 万元 as a chart number (display only: the tables show the exact amounts). */
const wan = (yuan: string) => Number(yuan) / 10_000;

/** Bars by incentive: paid, approved and next year's forecast (万元). */
export function overviewByIncentiveOption(overview: FiscalOverview, labels: { paid: string; approved: string; forecast: string; unit: string }): EChartOption {
  const lines = overview.by_incentive;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 64, right: 16, top: 40, bottom: 80 },
    xAxis: { type: 'category', data: lines.map((line) => line.incentive_title), axisLabel: { interval: 0, rotate: 20, width: 120, overflow: 'truncate' } },
    yAxis: { type: 'value', name: labels.unit },
    series: [
      { type: 'bar', name: labels.paid, data: lines.map((line) => wan(line.paid)), itemStyle: { color: '#52a447' } },
      { type: 'bar', name: labels.approved, data: lines.map((line) => wan(line.approved)), itemStyle: { color: '#f0a020' } },
      { type: 'bar', name: labels.forecast, data: lines.map((line) => wan(line.forecast)), itemStyle: { color: '#1f5fbf' } },
    ],
  };
}

/** The forecast by area, stacked by incentive (万元). */
export function overviewByAreaOption(overview: FiscalOverview, unit: string): EChartOption {
  const areas = overview.by_area;
  const incentives = overview.by_incentive.filter((line) => Number(line.forecast) !== 0);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 64, right: 16, top: 40, bottom: 48 },
    xAxis: { type: 'category', data: areas.map((area) => (area.county_name === area.city_name ? area.city_name : `${area.city_name}${area.county_name}`)), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', name: unit },
    series: incentives.map((incentive) => ({
      type: 'bar',
      stack: 'forecast',
      name: incentive.incentive_title,
      data: areas.map((area) => {
        const row = overview.rows.find((candidate) => candidate.incentive_id === incentive.incentive_id && candidate.area_code === area.area_code);
        return row ? wan(row.forecast) : 0;
      }),
    })),
  };
}

/** A what-if's cost before and after, by incentive or by area (万元). */
export function whatIfOption(result: WhatIfResult, by: 'incentive' | 'area', labels: { baseline: string; whatIf: string; unit: string }): EChartOption {
  const lines = by === 'incentive' ? result.by_incentive.map((line) => ({ name: line.incentive_title, baseline: line.baseline, whatIf: line.what_if })) : result.by_area.map((line) => ({ name: line.county_name === line.city_name ? line.city_name : `${line.city_name}${line.county_name}`, baseline: line.baseline, whatIf: line.what_if }));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 64, right: 16, top: 40, bottom: 80 },
    xAxis: { type: 'category', data: lines.map((line) => line.name), axisLabel: { interval: 0, rotate: 20, width: 120, overflow: 'truncate' } },
    yAxis: { type: 'value', name: labels.unit },
    series: [
      { type: 'bar', name: labels.baseline, data: lines.map((line) => wan(line.baseline)), itemStyle: { color: '#8c8c8c' } },
      { type: 'bar', name: labels.whatIf, data: lines.map((line) => wan(line.whatIf)), itemStyle: { color: '#1f5fbf' } },
    ],
  };
}
