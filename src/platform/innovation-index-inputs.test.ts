/**
 * The innovation index's store input (issue 15): approved values only, the region's areas at the
 * spec's levels with Chinese and English names, each county grouped with its city, derived
 * indicators through the indicators module's calculator, every value with its source; and the
 * demo values that give the Ningxia specs cities and counties to rank.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { loadPermissionTable, noOrigin, systemActor, type PermissionTable } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { findApprovedValues, importValueFile, saveDraftValues } from '../indicators/index.ts';
import type { IndexSpec, IndexTable } from '../innovation-index/index.ts';
import { preparePlatform } from './index.ts';
import { indexDemoSource, seedIndexDemoValues } from './innovation-index-demo.ts';
import { readStoreIndexTable } from './innovation-index-inputs.ts';

const now = new Date('2026-06-01T02:00:00Z');

function spec(levels: IndexSpec['levels'], years: number[] | null = null): IndexSpec {
  const indicator = (code: string, line: number, denominator: IndexSpec['indicators'][number]['denominator'] = null) => ({ code, name: { zh: code, en: code }, direction: 1 as const, weight: 1, denominator, goalpost: null, line });
  return {
    id: 'store-test',
    version: 1,
    title: { zh: '测试', en: 'Test' },
    description: null,
    input: 'store',
    csv: null,
    levels,
    years,
    indicators: [indicator('gdp', 1), indicator('rd_intensity', 2), indicator('national_hte', 3, { code: 'population', scale: 1 })],
    tree: { id: 'root', name: { zh: '总', en: 'All' }, weight: 1, over: 'children', children: [{ indicator: 'gdp', weight: 1 }, { indicator: 'rd_intensity', weight: 1 }, { indicator: 'national_hte', weight: 1 }], line: 1 },
    steps: { denominate: true, impute: 'none', outliers: null, normalise: { method: 'minmax', low: 0, high: 100, over: 'panel' }, aggregate: 'arithmetic' },
    relative: null,
    groups: null,
    sensitivity: { weight_spread: 0.2, runs: 10, seed: 1 },
    notes: [],
    source: 'store-test.yaml',
  };
}

function cell(table: IndexTable, unit: string, year: number, column: string): { value: number; source: string | undefined } {
  const unitIndex = table.units.findIndex((candidate) => candidate.code === unit);
  const yearIndex = table.years.indexOf(year);
  const columnIndex = table.columns.indexOf(column);
  if (unitIndex < 0 || yearIndex < 0 || columnIndex < 0) throw new Error(`no cell ${unit} ${year} ${column}`);
  const index = (unitIndex * table.years.length + yearIndex) * table.columns.length + columnIndex;
  return { value: table.values[index]!, source: table.sources.get(index) };
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`innovation index store input on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let permissions: PermissionTable;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      permissions = await loadPermissionTable(database.db);
      const options = { actor: systemActor, permissions, origin: noOrigin, now };
      // 兴庆区 2021: approved GDP and R&D spending (rd_intensity = 10 ÷ 500 × 100 = 2); 西夏区's GDP only a draft.
      const file = 'indicator,org,period,value,unit,source\ngdp,640104,2021,500,亿元,测试来源甲\nrd_expenditure,640104,2021,10,亿元,测试来源乙\n';
      const report = await importValueFile(database.db, { name: 'test.csv', content: Buffer.from(file) }, { ...options, dryRun: false });
      expect(report.problems).toEqual([]);
      await saveDraftValues(database.db, { org: '640105', period: '2021', values: [{ indicator: 'gdp', value: 300, source: '草稿' }] }, options);
    });

    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    it('reads the areas at the spec levels with their names and groups', async () => {
      const table = await readStoreIndexTable(database.db, spec(['region', 'city', 'county'], [2021]));
      expect(table.units).toHaveLength(1 + 5 + 22);
      expect(table.units[0]).toEqual({ code: '640000', name: { zh: '宁夏回族自治区', en: 'Ningxia Hui Autonomous Region' }, group: null });
      expect(table.units.find((unit) => unit.code === '640100')).toEqual({ code: '640100', name: { zh: '银川市', en: 'Yinchuan' }, group: '640100' });
      expect(table.units.find((unit) => unit.code === '640104')).toEqual({ code: '640104', name: { zh: '兴庆区', en: 'Xingqing District' }, group: '640100' });
      expect(table.columns).toEqual(['gdp', 'rd_intensity', 'national_hte', 'population']);
      const cities = await readStoreIndexTable(database.db, spec(['city'], [2021]));
      expect(cities.units.map((unit) => unit.code)).toEqual(['640100', '640200', '640300', '640400', '640500']);
    });

    it('takes approved values only, with their sources, and derives rd_intensity by its formula', async () => {
      const table = await readStoreIndexTable(database.db, spec(['region', 'county'], [2020, 2021]));
      expect(table.years).toEqual([2020, 2021]);
      const regionGdp = cell(table, '640000', 2021, 'gdp');
      expect(regionGdp.value).toBe(4522.31);
      expect(regionGdp.source).toContain('《2021年宁夏国民经济和社会发展统计公报》');
      expect(cell(table, '640000', 2021, 'national_hte')).toMatchObject({ value: 356 });
      expect(cell(table, '640000', 2021, 'population')).toMatchObject({ value: 725 });
      expect(cell(table, '640104', 2021, 'gdp')).toEqual({ value: 500, source: '测试来源甲' });
      const intensity = cell(table, '640104', 2021, 'rd_intensity');
      expect(intensity.value).toBe(2);
      expect(intensity.source).toContain('按公式计算');
      expect(intensity.source).toContain('测试来源乙');
      // A draft is no published value.
      expect(cell(table, '640105', 2021, 'gdp')).toEqual({ value: Number.NaN, source: undefined });
      expect(cell(table, '640104', 2020, 'gdp').value).toBeNaN();
    });

    it('takes every year with a value of the spec indicators when no years are given', async () => {
      const table = await readStoreIndexTable(database.db, spec(['region']));
      // national_hte 2019–2024, gdp 2020–2023, rd_intensity 2019–2023 (published or computed).
      expect(table.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    });

    it('gives the demo cities and counties values that add up to the published region, once', async () => {
      const written = await seedIndexDemoValues(database.db, { permissions, now });
      expect(written).toBeGreaterThan(100);
      expect(await seedIndexDemoValues(database.db, { permissions, now })).toBe(0);
      const values = await findApprovedValues(database.db, { indicators: ['national_hte'] });
      const of = (org: string, period: string) => values.find((value) => value.org === org && value.period === period);
      const cities = ['640100', '640200', '640300', '640400', '640500'];
      expect(cities.reduce((sum, org) => sum + Number(of(org, '2021')!.value), 0)).toBe(356);
      expect(of('640000', '2021')!.source).not.toContain('演示数据');
      const yinchuanCounties = ['640104', '640105', '640106', '640121', '640122', '640181'];
      expect(yinchuanCounties.reduce((sum, org) => sum + Number(of(org, '2021')!.value), 0)).toBe(Number(of('640100', '2021')!.value));
      expect(of('640104', '2021')!.source).toBe(indexDemoSource);
      // No demo value where the region has no published figure (national_hte 2018), and the test's own values stay.
      expect(of('640104', '2018')).toBeUndefined();
      const gdp = await findApprovedValues(database.db, { orgs: ['640104'], indicators: ['gdp'] });
      expect(gdp.find((value) => value.period === '2021')).toMatchObject({ value: '500', source: '测试来源甲' });
      const table = await readStoreIndexTable(database.db, spec(['city', 'county'], [2022]));
      const filled = table.units.filter((unit) => !Number.isNaN(cell(table, unit.code, 2022, 'rd_intensity').value));
      expect(filled).toHaveLength(27);
    });
  });
}
