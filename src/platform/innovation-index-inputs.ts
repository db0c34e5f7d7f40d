import { findAreaTree, type AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { findApprovedValues, IndicatorCalculator } from '../indicators/index.ts';
import type { IndexSpec, IndexTable, IndexUnit } from '../innovation-index/index.ts';
import { findPacks, indicatorsOf, readFormulaInputs } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';

/** The English names of Ningxia's areas (GB/T 2260 carries only the Chinese), for the index's units. */
export const areaNamesEn: Readonly<Record<string, string>> = {
  '640000': 'Ningxia Hui Autonomous Region',
  '640100': 'Yinchuan',
  '640200': 'Shizuishan',
  '640300': 'Wuzhong',
  '640400': 'Guyuan',
  '640500': 'Zhongwei',
  '640104': 'Xingqing District',
  '640105': 'Xixia District',
  '640106': 'Jinfeng District',
  '640121': 'Yongning County',
  '640122': 'Helan County',
  '640181': 'Lingwu',
  '640202': 'Dawukou District',
  '640205': 'Huinong District',
  '640221': 'Pingluo County',
  '640302': 'Litong District',
  '640303': 'Hongsibao District',
  '640323': 'Yanchi County',
  '640324': 'Tongxin County',
  '640381': 'Qingtongxia',
  '640402': 'Yuanzhou District',
  '640422': 'Xiji County',
  '640423': 'Longde County',
  '640424': 'Jingyuan County',
  '640425': 'Pengyang County',
  '640502': 'Shapotou District',
  '640521': 'Zhongning County',
  '640522': 'Haiyuan County',
};

const levelOfArea = { region: 'province', city: 'prefecture', county: 'county' } as const;

/** The region's areas at the spec's levels, region first, then cities, then counties (GB/T 2260 order within each). */
export function indexUnitsOf(tree: AreaTree, levels: IndexSpec['levels']): { units: IndexUnit[]; region: string } {
  const region = tree.atLevel('province')[0];
  if (!region) throw new AppError('not_found', '没有省级行政区划：无法从库中读取创新指数的地区', 'no province-level area is loaded: the index has no areas to read from the store');
  const within = tree.subtreeOf(region.code);
  const units: IndexUnit[] = [];
  for (const level of ['region', 'city', 'county'] as const) {
    if (!levels.includes(level)) continue;
    for (const area of within.filter((candidate) => candidate.level === levelOfArea[level]).sort((a, b) => a.code.localeCompare(b.code))) {
      // A county's group is its city (group_mean imputation); a city is its own group; the region has none.
      const group = level === 'county' ? area.parentCode : level === 'city' ? area.code : null;
      units.push({ code: area.code, name: { zh: area.name, en: areaNamesEn[area.code] ?? area.name }, group });
    }
  }
  return { units, region: region.code };
}

/** The columns a spec reads: its indicators and their denominators. */
export function indexColumnsOf(spec: IndexSpec): string[] {
  return [...new Set([...spec.indicators.map((indicator) => indicator.code), ...spec.indicators.flatMap((indicator) => (indicator.denominator ? [indicator.denominator.code] : []))])];
}

const yearPattern = /^\d{4}$/;

/**
 * A spec's units × indicators table from Kechuang's store: approved (published) values only, for
 * the region's areas at `spec.levels`. Each cell is the value the indicator pages show for that
 * area and year: the area's own stored value, else — for a derived indicator (rd_intensity …) —
 * its formula over the components, else the sum of its child areas when every one has a value
 * (the indicators module's calculator). Each cell's source says which, with the source text of
 * the values it came from. Years: `options.years`, else the spec's, else every year with a value
 * of one of the spec's indicators (yearly periods only).
 */
export async function readStoreIndexTable(db: DatabaseOrTransaction, spec: IndexSpec, options: { years?: readonly number[] } = {}): Promise<IndexTable> {
  const [tree, packs] = await Promise.all([findAreaTree(db), findPacks(db)]);
  const { units, region } = indexUnitsOf(tree, spec.levels);
  const columns = indexColumnsOf(spec);
  const definitions = indicatorsOf(packs);
  const known = new Set(definitions.map((definition) => definition.code));
  const unknown = columns.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw new AppError('bad_request', `${spec.source}：指标 ${unknown.join('、')} 不在已加载的政策包中，无法从库中读取`, `${spec.source}: indicator(s) ${unknown.join(', ')} are in no loaded policy pack: they cannot be read from the store`);
  }
  // Every stored approved value of the region's subtree for these codes and their formulas' inputs.
  const byCode = new Map(definitions.map((definition) => [definition.code, definition]));
  const needed = new Set<string>();
  const visit = (code: string) => {
    if (needed.has(code)) return;
    needed.add(code);
    const formula = byCode.get(code)?.formula;
    const inputs = formula ? readFormulaInputs(formula) : undefined;
    if (inputs?.ok) for (const input of inputs.inputs) visit(input);
  };
  columns.forEach(visit);
  const orgs = tree.subtreeOf(region).map((area) => area.code);
  const stored = await findApprovedValues(db, { orgs, indicators: [...needed] });
  const calculator = new IndicatorCalculator(definitions, tree, stored);
  const years =
    options.years !== undefined
      ? [...options.years].sort((a, b) => a - b)
      : spec.years !== null
        ? [...spec.years].sort((a, b) => a - b)
        : [...new Set(spec.indicators.flatMap((indicator) => calculator.periodsOf(indicator.code)).filter((period) => yearPattern.test(period)).map(Number))].sort((a, b) => a - b);
  const values = new Float64Array(units.length * years.length * columns.length).fill(Number.NaN);
  const sources = new Map<number, string>();
  units.forEach((unit, unitIndex) => {
    years.forEach((year, yearIndex) => {
      const row = unitIndex * years.length + yearIndex;
      columns.forEach((code, column) => {
        const resolved = calculator.valueAt(code, unit.code, String(year));
        if (resolved.value === null) return;
        const cell = row * columns.length + column;
        values[cell] = resolved.value;
        sources.set(cell, describeSource(calculator, resolved, byCode.get(code)?.name ?? code, (input) => byCode.get(input)?.name ?? input));
      });
    });
  });
  return { units, years, columns, values, sources };
}

type Resolved = ReturnType<IndicatorCalculator['valueAt']>;

/** Where a resolved value came from, in words: the stored value's source, or how it was computed and from what. */
function describeSource(calculator: IndicatorCalculator, resolved: Resolved, name: string, nameOf: (code: string) => string): string {
  if (resolved.kind === 'published') return resolved.source ?? '（未注明来源）';
  if (resolved.kind === 'computed') {
    const inputs = (resolved.inputs ?? []).map((input) => {
      const value = calculator.valueAt(input.indicator, resolved.org, resolved.period);
      const source = value.kind === 'published' ? (value.source ?? '未注明来源') : value.kind === 'rolled_up' ? '下级地区合计' : '计算值';
      return `${nameOf(input.indicator)} ${input.value ?? '—'}（${source}）`;
    });
    return `${name}按公式计算：${inputs.join('；')}`;
  }
  const coverage = resolved.coverage ? `（${resolved.coverage.with_value}/${resolved.coverage.total} 个下级地区）` : '';
  return `${name}为下级地区合计${coverage}`;
}
