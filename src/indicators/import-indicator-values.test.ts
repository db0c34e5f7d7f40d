import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { systemActor, noOrigin, loadPermissionTable } from '../accounts/index.ts';
import type { PermissionTable } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { indicatorsOf, findPacks, getPack } from '../policy/index.ts';
import type { Indicator } from '../policy/index.ts';
import { evaluatePack, loadCalculator } from './evaluate-pack.ts';
import { importIndicatorValues } from './import-indicator-values.ts';
import { readValueFile } from './read-value-file.ts';
import { findValueRevisions, findValueRows } from './value-repository.ts';

const header = 'indicator,org,period,value,unit,source\n';
const everything = { kind: 'all' } as const;
const now = new Date('2025-03-01T02:00:00Z');

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`indicator import and evaluation on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: DatabaseHandle;
    let drop: () => Promise<void>;
    let context: { indicators: Indicator[]; tree: AreaTree };
    let permissions: PermissionTable;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      platform = await preparePlatform(created.options);
      context = { indicators: indicatorsOf(await findPacks(platform.db)), tree: await findAreaTree(platform.db) };
      permissions = await loadPermissionTable(platform.db);
    });

    afterAll(async () => {
      await platform?.close();
      await drop?.();
    });

    const importCsv = async (csv: string, dryRun = false) =>
      importIndicatorValues(platform.db, 'values.csv', await readValueFile('values.csv', Buffer.from(csv)), context, { actor: systemActor, permissions, origin: noOrigin, now, dryRun });

    it('loads the shipped real data: 595 national high-tech enterprises in 2023 against 500', async () => {
      const evaluation = await evaluatePack(platform.db, await getPack(platform.db, 'ningxia-2022-st-action'), context.tree, { asOf: 2023 });
      expect(evaluation.targets.find((item) => item.indicator === 'national_hte')).toMatchObject({ value: 595, period: '2023', target: 500, status: 'achieved' });
      const lowerBound = (await evaluatePack(platform.db, await getPack(platform.db, 'ningxia-2022-st-action'), context.tree, { asOf: 2025 })).targets.find((item) => item.indicator === 'national_hte');
      expect(lowerBound).toMatchObject({ value: 700, period: '2024', qualifier: 'lower_bound' });
      // No published figure: "no data", never an invented value.
      expect(evaluation.targets.find((item) => item.indicator === 'st_platforms')).toMatchObject({ value: null, status: 'no_data' });
    });

    it('keeps the first published figure in the history of a revised one', async () => {
      const history = await findValueRevisions(platform.db, { indicator: 'rd_intensity', org: '640000', period: '2020' }, 'all');
      expect(history.map((row) => Number(row.value))).toEqual([1.52, 1.51]);
    });

    it('refuses the whole file when any row is bad, reporting every bad row, and writes nothing', async () => {
      const before = await findValueRows(platform.db, everything, { org: '640104' });
      const report = await importCsv(
        header +
          'gdp,640104,2023,100,亿元,ok row\n' +
          'no_such_code,640104,2023,1,,\n' +
          'gdp,649999,2023,1,亿元,\n' +
          'gdp,640104,2023x,1,亿元,\n' +
          'gdp,640105,2023,abc,亿元,\n' +
          'national_hte,640105,2023,-3,家,\n' +
          'gdp,640105,2022,5,家,\n' +
          'gdp,640104,2023,101,亿元,\n',
      );
      expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(['3 indicator', '4 org', '5 period', '6 value', '7 value', '8 unit', '9 indicator']);
      expect(report.problems[0]?.message).toBe('values.csv:3 indicator：未知指标代码“no_such_code”');
      expect(report.problems[6]?.message_en).toContain('same indicator, area and period as line 2');
      expect(report.inserted).toBe(0);
      expect(await findValueRows(platform.db, everything, { org: '640104' })).toEqual(before);
    });

    it('converts 万元 to 亿元 and keeps the figure as entered', async () => {
      const report = await importCsv(`${header}rd_expenditure,640105,2023,25000,万元,county report\n`);
      expect(report).toMatchObject({ inserted: 1, problems: [] });
      const [row] = await findValueRows(platform.db, everything, { indicator: 'rd_expenditure', org: '640105', period: '2023' });
      expect(Number(row?.value)).toBe(2.5);
      expect(row).toMatchObject({ enteredUnit: '万元', status: 'approved' });
      expect(Number(row?.enteredValue)).toBe(25000);
    });

    it('converts units exactly, every digit kept: 1234567.891234 万元 is 123.4567891234 亿元', async () => {
      const report = await importCsv(`${header}rd_expenditure,640106,2023,"1,234,567.891234",万元,county report\n`);
      expect(report).toMatchObject({ inserted: 1, problems: [] });
      const [row] = await findValueRows(platform.db, everything, { indicator: 'rd_expenditure', org: '640106', period: '2023' });
      expect(row).toMatchObject({ value: '123.4567891234', enteredValue: '1234567.891234', enteredUnit: '万元' });
    });

    it('reads numbers strictly: no hex, no exponent, no infinity, nothing absurdly large', async () => {
      const report = await importCsv(`${header}gdp,640106,2019,0x10,亿元,\ngdp,640106,2018,1e3,亿元,\ngdp,640106,2017,Infinity,亿元,\ngdp,640106,2016,1 000,亿元,\ngdp,640106,2015,1000000000000000,亿元,\n`);
      expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(['2 value', '3 value', '4 value', '5 value', '6 value']);
      expect(report.problems[0]?.message).toBe('values.csv:2 value：“0x10”不是数字');
      expect(report.problems[4]?.message).toBe('values.csv:6 value：数值过大（1000000000000000）');
    });

    it('checks without writing in a dry run, and counts what the import would do (it said 0, 0, 0 before)', async () => {
      const file = (value: string) => `${header}gdp,640121,2023,200,亿元,\ngdp,640121,2022,${value},亿元,\n`;
      expect(await importCsv(file('180'), true)).toMatchObject({ dry_run: true, inserted: 2, revised: 0, unchanged: 0, problems: [] });
      expect(await findValueRows(platform.db, everything, { org: '640121' })).toEqual([]);
      expect(await importCsv(file('180'))).toMatchObject({ dry_run: false, inserted: 2, revised: 0, unchanged: 0 });
      const stored = await findValueRows(platform.db, everything, { org: '640121' });
      expect(await importCsv(file('190'), true)).toMatchObject({ dry_run: true, inserted: 0, revised: 1, unchanged: 1 });
      expect(await findValueRows(platform.db, everything, { org: '640121' })).toEqual(stored);
      expect(await importCsv(file('190'))).toMatchObject({ inserted: 0, revised: 1, unchanged: 1 });
    });

    it('changes a city’s ratio when its counties’ figures arrive: a ratio of sums', async () => {
      // 石嘴山市 (640200) has its own published figures for 2022; 2021 comes only from its counties.
      const counties = ['640202', '640205', '640221'];
      const amounts = [[3, 200], [1, 150], [0.5, 250]] as const;
      const rows = counties.flatMap((code, index) => [`rd_expenditure,${code},2021,${amounts[index]![0]},亿元,county`, `gdp,${code},2021,${amounts[index]![1]},亿元,county`]);
      expect((await importCsv(`${header}${rows.join('\n')}\n`)).problems).toEqual([]);
      const pack = await getPack(platform.db, 'ningxia-2022-st-action');
      const calculator = await loadCalculator(platform.db, pack, context.tree, '640200', ['rd_intensity']);
      const city = calculator.valueAt('rd_intensity', '640200', '2021');
      expect(city.value).toBeCloseTo((4.5 / 600) * 100, 10);
      expect(city.kind).toBe('computed');
      // The drill-down loads the children one by one: the same city value, and each county's own.
      const detailed = await loadCalculator(platform.db, pack, context.tree, '640200', ['rd_intensity'], [], { withChildrenOf: '640200' });
      expect(detailed.valueAt('rd_intensity', '640200', '2021').value).toBeCloseTo(city.value ?? Number.NaN, 12);
      expect(detailed.valueAt('rd_intensity', '640202', '2021').value).toBeCloseTo(1.5, 12);
      // Leaf sums carry a coverage count when a county is missing.
      expect(calculator.valueAt('gdp', '640200', '2021')).toMatchObject({ value: 600, coverage: { with_value: 3, total: 3 } });
    });

    it('revises a value on a later import and keeps the history; the same value again changes nothing', async () => {
      await importCsv(`${header}tech_smes,640000,2024,1200,家,first report\n`);
      const second = await importCsv(`${header}tech_smes,640000,2024,1250,家,revised report\n`);
      expect(second).toMatchObject({ revised: 1 });
      const again = await importCsv(`${header}tech_smes,640000,2024,1250,家,revised report\n`);
      expect(again).toMatchObject({ unchanged: 1, revised: 0, inserted: 0 });
      const history = await findValueRevisions(platform.db, { indicator: 'tech_smes', org: '640000', period: '2024' }, 'all');
      expect(history.map((row) => [row.revision, Number(row.value), row.change])).toEqual([[1, 1200, 'create'], [2, 1250, 'revise']]);
    });

    it('reads the first sheet of an xlsx file with row numbers', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('数据');
      sheet.addRows([['indicator', 'org', 'period', 'value', 'unit', 'source'], ['population', '640105', '2023', 45.6, '万人', 'xlsx'], ['population', '640105', 'bad', 1, '万人', '']]);
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      const rows = await readValueFile('values.xlsx', buffer);
      const report = await importIndicatorValues(platform.db, 'values.xlsx', rows, context, { actor: systemActor, permissions, origin: noOrigin, now });
      expect(report.problems.map((problem) => problem.message)).toEqual(['values.xlsx:3 period：周期“bad”格式错误（应为 2024、2024Q3 或 2024-07）']);
    });
  });
}
