/**
 * Registry files as Chinese offices make them: every kind's template carries Chinese headers and
 * its import reads them (beside the English column names); a dry run reports the counts the
 * import would, compared with the stored records, and writes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openRegistryTestPlatform, type RegistryTestPlatform } from '../../test/registry-platform.ts';
import { queryRows } from '../db/index.ts';
import { buildXlsxTable, creditCodeCheckCharacter, readTableFile } from '../shared/index.ts';
import { getImportTemplate } from './get-import-template.ts';
import { registryColumns, registryTable } from './registry-kinds.ts';
import { registryKinds } from './registry-vocabulary.ts';

const code = (body: string) => `${body}${creditCodeCheckCharacter(body)}`;
const [first, second] = [code('91640104MA0000D01'), code('91640104MA0000D02')];

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`registry files on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let registry: RegistryTestPlatform;

    beforeAll(async () => {
      registry = await openRegistryTestPlatform(target);
    });
    afterAll(() => registry?.close());

    /** What an import may have written: records, their history, the audit log. */
    const written = async () => {
      const [row] = await queryRows<Record<string, string>>(
        registry.platform.db,
        sql`select (select count(*) from enterprises) as enterprises, (select count(*) from registry_history) as history, (select count(*) from audit_log) as audit, (select coalesce(string_agg(credit_code || ':' || name || ':' || coalesce(years::text, ''), '|' order by credit_code), '') from enterprises) as content`,
      );
      return row;
    };

    it('has Chinese headers in every kind’s template, and reads each of them as its column', async () => {
      for (const kind of registryKinds) {
        const headers = getImportTemplate(kind).sheet.columns.map((column) => column.header);
        expect(headers, kind).toHaveLength(registryColumns[kind].columns.length);
        for (const header of headers) expect(header, `${kind}: ${header}`).not.toMatch(/[a-z_]/i);
        // Only the header: the import gets past it, to the file's one problem, that it has no rows.
        const report = await registry.load(kind, `${headers.join(',')}\n`, { dryRun: true });
        expect(report.problems.map((problem) => problem.message), kind).toEqual([`${kind}.csv：没有数据行`]);
        // The workbook itself reads back as its columns and no row (its guidance once sat in a row below the header, read as data).
        const workbook = registryTable(kind, 'template.xlsx', await readTableFile('template.xlsx', await buildXlsxTable(getImportTemplate(kind).sheet)));
        expect(workbook.columns, kind).toEqual(registryColumns[kind].columns);
        expect(workbook.rows, kind).toEqual([]);
      }
    });

    it('reads an enterprise file under Chinese headers as the same file under English ones', async () => {
      const row = `${first},宁夏中文表头科技有限公司,640104,是`;
      const chinese = await registry.load('enterprises', `统一社会信用代码,企业名称,区划代码,规模以上\n${row}\n`, { dryRun: true });
      const english = await registry.load('enterprises', `credit_code,name,org,above_scale\n${row}\n`, { dryRun: true });
      expect(chinese.problems).toEqual([]);
      expect({ ...chinese, file: '' }).toEqual({ ...english, file: '' });
    });

    it('refuses a header naming no column of the kind, a column given twice, and Chinese and English mixed, naming the column', async () => {
      const refusal = async (csv: string) => registry.load('enterprises', csv).then(() => '', (error: Error) => error.message);
      expect(await refusal(`统一社会信用代码,企业名称,区划代码,电子邮箱\n${first},甲,640104,a@b.cn\n`)).toMatch(/^enterprises\.csv:1：表头 D 列“电子邮箱”不是本导入的列/);
      expect(await refusal(`credit_code,name,org,统一社会信用代码\n${first},甲,640104,${first}\n`)).toMatch(/^enterprises\.csv:1：表头 D 列“统一社会信用代码”与 A 列“credit_code”是同一列（credit_code）/);
      expect(await refusal(`统一社会信用代码,name,区划代码\n${first},甲,640104\n`)).toMatch(/^enterprises\.csv:1：表头 B 列“name”是英文列名，而 A 列“统一社会信用代码”是中文列名/);
    });

    it('counts in a dry run what the import then does — new, revised, unchanged — writing nothing', async () => {
      const file = (secondName: string) => `credit_code,name,org\n${first},宁夏试算科技有限公司,640104\n${second},${secondName},640104\n`;
      const empty = await written();
      const dry = await registry.load('enterprises', file('宁夏试算二号有限公司'), { dryRun: true });
      expect(dry).toMatchObject({ dry_run: true, created: 2, updated: 0, unchanged: 0, problems: [] });
      expect(await written()).toEqual(empty);
      expect(await registry.load('enterprises', file('宁夏试算二号有限公司'))).toMatchObject({ dry_run: false, created: 2, updated: 0, unchanged: 0 });

      const before = await written();
      const revised = file('宁夏试算二号（改名）有限公司');
      expect(await registry.load('enterprises', revised, { dryRun: true })).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
      expect(await written()).toEqual(before);
      expect(await registry.load('enterprises', revised)).toMatchObject({ created: 0, updated: 1, unchanged: 1 });

      // A year's financials: new, then the same again, then revised; each dry run as the import.
      const years = (revenue: string) => `统一社会信用代码,年度,营业收入（元）,职工总数\n${first},2024,${revenue},12\n`;
      for (const [revenue, counts] of [
        ['1000000', { created: 1, updated: 0, unchanged: 0 }],
        ['1000000', { created: 0, updated: 0, unchanged: 1 }],
        ['1200000', { created: 0, updated: 1, unchanged: 0 }],
      ] as const) {
        const stored = await written();
        expect(await registry.load('enterprise_years', years(revenue), { dryRun: true }), `dry run, revenue ${revenue}`).toMatchObject(counts);
        expect(await written()).toEqual(stored);
        expect(await registry.load('enterprise_years', years(revenue)), `import, revenue ${revenue}`).toMatchObject(counts);
      }
    });
  });
}
