import { systemActor, noOrigin, type PermissionTable } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { findApprovedValues, importValueFile } from '../indicators/index.ts';
import { demoSourceMark } from '../innovation-index/index.ts';
import { AppError, mulberry32 } from '../shared/index.ts';

/** Every demo value's source starts with `demoSourceMark`; pages and exports show it as 演示数据. */
export const indexDemoSource = `${demoSourceMark}合成数值，非公布数字，仅供创新指数演示（按全区公布值分摊到各市、县〔区〕）`;

/**
 * The additive indicators the demo spreads over the cities and counties, with their unit and
 * decimals. Derived ones (rd_intensity, tech_contract_gdp_share, per-10k figures) follow from them.
 */
const demoIndicators = [
  { code: 'national_hte', unit: '家', decimals: 0 },
  { code: 'tech_smes', unit: '家', decimals: 0 },
  { code: 'rd_expenditure', unit: '亿元', decimals: 2 },
  { code: 'gdp', unit: '亿元', decimals: 2 },
  { code: 'population', unit: '万人', decimals: 2 },
  { code: 'tech_contract_turnover', unit: '亿元', decimals: 2 },
] as const;

/** A rough size of each area (synthetic): the cities by their 2020 output, the counties by kind (urban districts larger). */
const sizeOf: Record<string, number> = {
  '640100': 1964, '640200': 542, '640300': 622, '640400': 352, '640500': 440,
  '640104': 3, '640105': 2.5, '640106': 3, '640121': 1.2, '640122': 1.2, '640181': 1.8,
  '640202': 2, '640205': 1.2, '640221': 1.2,
  '640302': 2, '640303': 0.5, '640323': 0.8, '640324': 0.6, '640381': 1.2,
  '640402': 1.5, '640422': 0.6, '640423': 0.4, '640424': 0.3, '640425': 0.5,
  '640502': 1.5, '640521': 1.2, '640522': 0.6,
};

function seedOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/** Splits `total` (in whole steps of 10^-decimals) over the weights, largest remainders first: the parts add up exactly. */
export function apportion(total: number, weights: readonly number[], decimals: number): number[] {
  const scale = 10 ** decimals;
  const units = Math.round(total * scale);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (units <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (units * weight) / sum);
  const parts = exact.map(Math.floor);
  let left = units - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts.map((part) => part / scale);
}

/**
 * Demo mode: synthetic values of the cities and counties, so that the Ningxia innovation index
 * has something to rank (the bundled published figures are almost all region-wide). Only for an
 * indicator and year in which the region has a published value, which is spread over the cities
 * that have none (after those that have one), then each city's over its counties: the region's own
 * figure stays the published one and never becomes a sum of demo values. Every value's source is
 * marked 【演示数据】; an existing value is never replaced. Imported through the indicators
 * module's import (all or nothing, audited). Returns how many values were written.
 */
export async function seedIndexDemoValues(db: DatabaseOrTransaction, context: { permissions: PermissionTable; now: Date }): Promise<number> {
  const tree = await findAreaTree(db);
  const region = tree.atLevel('province')[0];
  if (!region) return 0;
  const cities = tree.childrenOf(region.code);
  const orgs = tree.subtreeOf(region.code).map((area) => area.code);
  const existing = await findApprovedValues(db, { orgs, indicators: demoIndicators.map((indicator) => indicator.code) });
  const valueOf = new Map(existing.map((value) => [`${value.indicator}|${value.org}|${value.period}`, Number(value.value)]));
  const lines = ['indicator,org,period,value,unit,source'];
  for (const indicator of demoIndicators) {
    const random = mulberry32(seedOf(indicator.code));
    // One weight per area and indicator (its demo profile), nudged each year so that trends move.
    const profile = new Map(orgs.map((org) => [org, (sizeOf[org] ?? 1) * (0.5 + random())]));
    const years = existing.filter((value) => value.indicator === indicator.code && value.org === region.code && /^\d{4}$/.test(value.period)).map((value) => value.period).sort();
    for (const year of years) {
      const drift = mulberry32(seedOf(`${indicator.code}|${year}`));
      const weight = (org: string) => (profile.get(org) ?? 1) * (0.9 + 0.2 * drift());
      const write = (org: string, value: number) => {
        if (valueOf.has(`${indicator.code}|${org}|${year}`)) return;
        valueOf.set(`${indicator.code}|${org}|${year}`, value);
        lines.push(`${indicator.code},${org},${year},${value.toFixed(indicator.decimals)},${indicator.unit},${indexDemoSource}`);
      };
      const regionTotal = valueOf.get(`${indicator.code}|${region.code}|${year}`) ?? 0;
      const published = cities.filter((city) => valueOf.has(`${indicator.code}|${city.code}|${year}`));
      const open = cities.filter((city) => !valueOf.has(`${indicator.code}|${city.code}|${year}`));
      const rest = Math.max(0, regionTotal - published.reduce((sum, city) => sum + valueOf.get(`${indicator.code}|${city.code}|${year}`)!, 0));
      apportion(rest, open.map((city) => weight(city.code)), indicator.decimals).forEach((value, index) => write(open[index]!.code, value));
      for (const city of cities) {
        const counties = tree.childrenOf(city.code);
        if (counties.length === 0 || counties.some((county) => valueOf.has(`${indicator.code}|${county.code}|${year}`))) continue;
        const cityTotal = valueOf.get(`${indicator.code}|${city.code}|${year}`) ?? 0;
        apportion(cityTotal, counties.map((county) => weight(county.code)), indicator.decimals).forEach((value, index) => write(counties[index]!.code, value));
      }
    }
  }
  if (lines.length === 1) return 0;
  const report = await importValueFile(db, { name: 'innovation-index-demo-values.csv', content: Buffer.from(`${lines.join('\n')}\n`, 'utf8') }, { actor: systemActor, permissions: context.permissions, origin: noOrigin, now: context.now, dryRun: false, comment: `${demoSourceMark}合成数值` });
  if (report.problems.length > 0) throw new AppError('internal', `创新指数演示数据导入失败：${report.problems.slice(0, 3).map((problem) => problem.message).join('；')}`, `the innovation index's demo values were refused: ${report.problems.slice(0, 3).map((problem) => problem.message_en).join('; ')}`, report.problems);
  return report.inserted + report.revised;
}
