import { describe, expect, it } from 'vitest';
import type { IndexResultDto } from './index-api.ts';
import { pillarRadarOption, rankingBarOption, scoreCeiling, trendOption } from './index-charts.ts';

const name = (zh: string) => ({ zh, en: zh });
const result = {
  year: 2023,
  years: [2022, 2023],
  nodes: [
    { id: 'index', name: name('综合'), parent: null, depth: 0, weight: 1, indicators: ['a', 'b'] },
    { id: 'p1', name: name('创新主体'), parent: 'index', depth: 1, weight: 1, indicators: ['a'] },
    { id: 'p2', name: name('创新投入'), parent: 'index', depth: 1, weight: 1, indicators: ['b'] },
  ],
  ranking: [
    { unit: '640104', name: name('兴庆区'), parent: '640100', score: 80, relative: null, rank: 1, group: null, nodes: [80, 100, 60], demo: true },
    { unit: '640105', name: name('西夏区'), parent: '640100', score: 40, relative: null, rank: 2, group: null, nodes: [40, 20, null], demo: true },
    { unit: '640106', name: name('金凤区'), parent: '640100', score: null, relative: null, rank: null, group: null, nodes: [null, null, null], demo: false },
  ],
  trend: [{ unit: '640104', name: name('兴庆区'), points: [{ year: 2022, score: 70, relative: null, rank: 2 }, { year: 2023, score: 80, relative: null, rank: 1 }] }],
} as unknown as IndexResultDto;

describe('the innovation index charts', () => {
  it('scales the radar to the normalisation (0–1 or 0–100)', () => {
    expect(scoreCeiling(result)).toBe(100);
    expect(scoreCeiling({ ...result, ranking: [{ ...result.ranking[0]!, nodes: [0.5, 0.9, 0.2] }] })).toBe(1);
  });

  it('draws the scored units best first, the chosen one in another colour', () => {
    const option = rankingBarOption(result, 'zh', '640105', { score: '得分' }) as { xAxis: { data: string[] }; series: { data: { value: number; itemStyle: { color: string } }[] }[] };
    expect(option.xAxis.data).toEqual(['兴庆区', '西夏区']);
    expect(option.series[0]!.data.map((point) => point.itemStyle.color)).toEqual(['#1f5fbf', '#f0a020']);
  });

  it('puts the unit’s pillars beside the mean of the units that have them', () => {
    const option = pillarRadarOption(result, result.ranking[1]!, 'zh', { mean: '平均' }) as unknown as { radar: { indicator: { name: string }[] }; series: { data: { value: number[] }[] }[] };
    expect(option.radar.indicator.map((axis) => axis.name)).toEqual(['创新主体', '创新投入']);
    expect(option.series[0]!.data[0]!.value).toEqual([20, 0]);
    expect(option.series[0]!.data[1]!.value).toEqual([60, 60]);
  });

  it('follows the unit’s score and rank over the years', () => {
    const option = trendOption(result, '640104', 'zh', { score: '得分', rank: '名次' }) as { xAxis: { data: string[] }; series: { data: (number | null)[] }[] };
    expect(option.xAxis.data).toEqual(['2022', '2023']);
    expect(option.series.map((series) => series.data)).toEqual([[70, 80], [2, 1]]);
  });
});
