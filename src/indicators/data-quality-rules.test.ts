/**
 * The data-quality rules through the API, on both databases: the entry form (PUT
 * /api/indicator-values) and a file import (POST /api/indicator-values/import) refuse a value
 * beyond its indicator's bounds or breaking a cross-indicator rule of the pack, and accept a
 * year-on-year jump only with a comment, which the audit log keeps. Nothing is written by a
 * refused request.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type SignedIn } from '../../test/accounts.ts';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { databaseTargets } from '../../test/databases.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { line: number; field: string; message: string; severity?: string }[] | null };
}
interface Report {
  inserted: number;
  problems: { line: number; field: string; message: string; severity?: string }[];
  warnings?: { message: string; severity?: string }[];
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`data-quality rules on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform | undefined;
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let reporter: SignedIn;
    let coordinator: SignedIn;

    beforeAll(async () => {
      platform = await startApiPlatform(target);
      ({ app, database } = platform);
      reporter = await signIn(app, 'area-reporter');
      coordinator = await signIn(app, 'coordinator');
    });

    afterAll(() => platform?.close());

    const save = (period: string, values: { indicator: string; value: number; unit?: string; comment?: string }[], org = '640104') =>
      app.inject({ method: 'PUT', url: '/api/indicator-values', headers: { cookie: reporter.cookie, 'x-csrf-token': reporter.csrf }, payload: { org, period, values } });
    const importCsv = (csv: string, query = '') =>
      app.inject({ method: 'POST', url: `/api/indicator-values/import?file_name=quality.csv${query}`, headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': 'text/csv' }, payload: `indicator,org,period,value,unit,source\n${csv}` });
    const stored = async (indicator: string, org: string, period: string) =>
      (await queryRows<{ value: string }>(database.db, sql`select value::text as value from indicator_values where indicator = ${indicator} and org = ${org} and period = ${period}`))[0]?.value;

    it('refuses a count above 1,000,000家 and a percentage above 100 on the form, and takes the boundaries', async () => {
      const tooMany = await save('2030', [{ indicator: 'tech_smes', value: 1_000_001 }]);
      expect(tooMany.statusCode).toBe(400);
      expect((tooMany.json() as ErrorBody).error.message).toBe('form:1 value：数值过大，不能超过 1,000,000家（1000001）');
      const overHundred = await save('2030', [{ indicator: 'science_literacy_rate', value: 100.01 }]);
      expect(overHundred.statusCode).toBe(400);
      expect((overHundred.json() as ErrorBody).error.message).toBe('form:1 value：数值过大，不能超过 100%（100.01）');
      expect(await stored('tech_smes', '640104', '2030')).toBeUndefined();
      expect((await save('2030', [{ indicator: 'tech_smes', value: 1_000_000 }, { indicator: 'science_literacy_rate', value: 100 }])).statusCode).toBe(200);
      expect(await stored('tech_smes', '640104', '2030')).toBe('1000000');
    });

    it('refuses a negative value on the form with a message, never as 0', async () => {
      const negative = await save('2031', [{ indicator: 'tech_smes', value: -5 }]);
      expect(negative.statusCode).toBe(400);
      expect((negative.json() as ErrorBody).error.message).toBe('form:1 value：数值不能为负（-5）');
      expect(await stored('tech_smes', '640104', '2031')).toBeUndefined();
    });

    it('refuses R&D expenditure just over GDP, in a file or against the stored GDP, and takes it equal', async () => {
      const over = await importCsv('gdp,640105,2030,100,亿元,test\nrd_expenditure,640105,2030,100.01,亿元,test\n');
      expect(over.statusCode).toBe(422);
      expect((over.json() as Report).problems.map((problem) => problem.message)).toEqual(['quality.csv:2 value：全社会R&D经费支出不能超过地区生产总值：全社会R&D经费支出 100.01亿元，应不超过地区生产总值 100亿元']);
      expect(await stored('gdp', '640105', '2030')).toBeUndefined();
      const equal = await importCsv('gdp,640105,2030,100,亿元,test\nrd_expenditure,640105,2030,1000000,万元,test\n');
      expect(equal.statusCode).toBe(200);
      expect(await stored('rd_expenditure', '640105', '2030')).toBe('100');
      // The form checks against the stored GDP of the same area and period.
      const form = await save('2030', [{ indicator: 'rd_expenditure', value: 100.0001 }], '640105');
      expect(form.statusCode).toBe(400);
      expect((form.json() as ErrorBody).error.message).toContain('全社会R&D经费支出不能超过地区生产总值');
    });

    it('refuses counties whose sum passes the city\'s published total, and takes them equal to it', async () => {
      const csv = (county: number) => `national_hte,640100,2030,300,家,test\nnational_hte,640104,2030,200,家,test\nnational_hte,640105,2030,${county},家,test\n`;
      const over = await importCsv(csv(101));
      expect(over.statusCode).toBe(422);
      expect((over.json() as Report).problems.map((problem) => problem.message)).toEqual(['quality.csv:2 value：下辖区划国家高新技术企业合计不能超过上级区划公布的总数：银川市下辖区划国家高新技术企业合计 301家，应不超过银川市国家高新技术企业 300家']);
      expect((await importCsv(csv(100))).statusCode).toBe(200);
    });

    it('asks for a comment on a jump beyond ×3 from the year before, saves it with one and audits the comment', async () => {
      expect((await importCsv('new_rd_institutions,640104,2032,10,家,test\n')).statusCode).toBe(200);
      // Exactly ×3: no warning.
      expect((await save('2033', [{ indicator: 'new_rd_institutions', value: 30 }])).statusCode).toBe(200);
      const jump = await save('2033', [{ indicator: 'new_rd_institutions', value: 31 }]);
      expect(jump.statusCode).toBe(400);
      const error = (jump.json() as ErrorBody).error;
      expect(error.message).toBe('form:1 value：较上年同期（2032：10家）变化超过 3 倍（31家），请核实并填写说明');
      expect(error.details?.[0]?.severity).toBe('warning');
      expect(await stored('new_rd_institutions', '640104', '2033')).toBe('30');
      // A blank comment is no comment.
      expect((await save('2033', [{ indicator: 'new_rd_institutions', value: 31, comment: '  ' }])).statusCode).toBe(400);
      const commented = await save('2033', [{ indicator: 'new_rd_institutions', value: 31, comment: '新认定一批自治区级新型研发机构' }]);
      expect(commented.statusCode).toBe(200);
      expect((commented.json() as { warnings?: { severity?: string }[] }).warnings?.[0]?.severity).toBe('warning');
      expect(await stored('new_rd_institutions', '640104', '2033')).toBe('31');
      const [audit] = await queryRows<{ after: { comment?: string; warning?: string } }>(database.db, sql`select after from audit_log where action = 'indicator_value.save_draft' and entity_id = 'new_rd_institutions|640104|2033' order by seq desc limit 1`);
      expect(audit?.after.comment).toBe('新认定一批自治区级新型研发机构');
      expect(audit?.after.warning).toContain('变化超过 3 倍');
    });

    it('refuses a file with a jump unless the import carries a comment, and takes ÷3 exactly', async () => {
      expect((await importCsv('innovation_carriers,640105,2032,90,个,test\n')).statusCode).toBe(200);
      expect((await importCsv('innovation_carriers,640105,2033,30,个,test\n', '&dry_run=true')).statusCode).toBe(200);
      const jump = await importCsv('innovation_carriers,640105,2033,29,个,test\n');
      expect(jump.statusCode).toBe(422);
      expect((jump.json() as Report).problems).toMatchObject([{ line: 2, field: 'value', severity: 'warning' }]);
      expect(await stored('innovation_carriers', '640105', '2033')).toBeUndefined();
      const commented = await importCsv('innovation_carriers,640105,2033,29,个,test\n', `&comment=${encodeURIComponent('统计口径调整')}`);
      expect(commented.statusCode).toBe(200);
      expect((commented.json() as Report).warnings).toHaveLength(1);
      expect(await stored('innovation_carriers', '640105', '2033')).toBe('29');
    });

    it('refuses to submit a draft that is out of bounds (saved before the bound, or written around the form)', async () => {
      await database.db.execute(sql`insert into indicator_values (indicator, org, period, value, unit, entered_value, entered_unit, status, origin, updated_by) values ('tech_smes', '640104', '2034', 2000000, '家', 2000000, '家', 'draft', 'entry', 'area-reporter')`);
      const submit = await app.inject({ method: 'POST', url: '/api/indicator-values/submit', headers: { cookie: reporter.cookie, 'x-csrf-token': reporter.csrf }, payload: { org: '640104', period: '2034' } });
      expect(submit.statusCode).toBe(400);
      expect((submit.json() as ErrorBody).error.message).toBe('兴庆区（640104）2034年的数据未通过数据质量检查，不能提交：科技型中小企业(入库)：数值过大，不能超过 1,000,000家（2000000家）');
      const [row] = await queryRows<{ status: string }>(database.db, sql`select status from indicator_values where indicator = 'tech_smes' and org = '640104' and period = '2034'`);
      expect(row?.status).toBe('draft');
    });
  });
}
