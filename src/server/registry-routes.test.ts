/**
 * The registry's HTTP edges: an enterprise user's edit through PATCH (conflict and field errors
 * as the web form sees them), the exports of the platform, contract and turnover lists as real
 * workbooks, and "today" as the day in Beijing, from the injected clock.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { noOrigin, systemActor, demoCreditCode, loadPermissionTable, defaultSecuritySettings } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { importRegistry } from '../registry/index.ts';
import type { RegistryKind } from '../registry/index.ts';
import { readTableFile } from '../shared/index.ts';
import { buildApp } from './app.ts';

/** The cells of a workbook's first sheet, row by row, as text. */
async function sheetRows(payload: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => (value === null || value === undefined ? '' : String(value)))));
  return rows;
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`registry API on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    const call = (session: SignedIn, method: 'GET' | 'PATCH', url: string, payload?: object, on: FastifyInstance = app) => on.inject({ method, url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(payload ? { payload } : {}) });
    const settings = { ...defaultSecuritySettings, loginRateLimitPerMinute: 1000 };
    let load: (kind: RegistryKind, csv: string) => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      // The bundled packs and data: the comparison needs the Ningxia pack's indicators and published values.
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      const options = { tree: await findAreaTree(database.db), actor: systemActor, permissions: await loadPermissionTable(database.db), origin: noOrigin, now: new Date() };
      load = async (kind: RegistryKind, csv: string) => expect((await importRegistry(database.db, kind, `${kind}.csv`, await readTableFile(`${kind}.csv`, Buffer.from(csv)), options)).problems).toEqual([]);
      await load('enterprises', `credit_code,name,org\n${demoCreditCode},合成·演示企业有限公司,640106\n`);
      await load('platforms', 'registration_number,name,type,level,host,org,approved_on\nPT-1,宁夏枸杞工程技术研究中心,工程技术研究中心,regional,宁夏大学,640104,2019-05-01\n');
      await load('platform_evaluations', 'registration_number,evaluated_on,result\nPT-1,2022-12-15,优秀\n');
      await load(
        'tech_contracts',
        'registration_number,type,contract_amount,tech_amount,seller_name,seller_org,buyer_name,buyer_org,registered_on\n' +
          'JS-1,技术开发,30000000,25000000,宁夏枸杞研究所,640104,北京某研究院,110108,2023-05-01\n' +
          'JS-2,技术服务,6000000,5000000,宁夏枸杞研究所,640104,石嘴山黄河化工,640202,2023-12-31\n',
      );
      app = await buildApp({ database, logLevel: 'silent', settings });
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    it('answers the enterprise profile within the caller’s scope: its own for an enterprise user, 404 for another’s', async () => {
      const other = '91640202MA0000012X';
      await load('enterprises', `credit_code,name,org,hte_innovation_score,deemed_taxation\n${other},石嘴山黄河化工有限公司,640202,75,否\n`);
      await load('enterprise_events', `credit_code,type,year,amount\n${other},national_st_award,2023,200000\n`);
      const coordinator = await signIn(app, 'coordinator');
      const profile = await call(coordinator, 'GET', `/api/registry/enterprises/${other}/profile`);
      expect(profile.statusCode).toBe(200);
      expect(profile.json()).toMatchObject({ credit_code: other, events: [{ type: 'national_st_award', year: 2023, amount: '200000.00' }], hte_innovation_score: 75, flags: { deemed_taxation: false }, years: {} });
      const own = await signIn(app, 'enterprise-user');
      expect((await call(own, 'GET', `/api/registry/enterprises/${demoCreditCode}/profile`)).json()).toMatchObject({ credit_code: demoCreditCode });
      expect((await call(own, 'GET', `/api/registry/enterprises/${other}/profile`)).statusCode).toBe(404);
      const area = await signIn(app, 'area-reporter');
      expect((await call(area, 'GET', `/api/registry/enterprises/${other}/profile`)).statusCode).toBe(404);
    });

    it('saves an enterprise user’s edit, and answers a stale or wrong one with 409 and 400 naming the field', async () => {
      const session = await signIn(app, 'enterprise-user');
      const loaded = (await call(session, 'GET', `/api/registry/enterprises/${demoCreditCode}`)).json() as { enterprise: { updated_at: string }; editable_fields: string[] };
      expect(loaded.editable_fields).toContain('years');
      // Money travels as decimal strings of yuan, exact to the 分.
      const saved = await call(session, 'PATCH', `/api/registry/enterprises/${demoCreditCode}`, { expected_updated_at: loaded.enterprise.updated_at, contact_name: '王芳', years: { '2023': { revenue: '5000000', rd_expense: '400000.1', staff: 12 } } });
      expect(saved.statusCode).toBe(200);
      const body = saved.json() as { enterprise: { contact_name: string; years: Record<string, unknown> }; history: { change: string }[] };
      expect(body.enterprise).toMatchObject({ contact_name: '王芳', years: { '2023': { revenue: '5000000.00', rd_expense: '400000.10', staff: 12 } } });
      expect(body.history.at(-1)?.change).toBe('update');

      const stale = await call(session, 'PATCH', `/api/registry/enterprises/${demoCreditCode}`, { expected_updated_at: loaded.enterprise.updated_at, contact_name: '李明' });
      expect(stale.statusCode).toBe(409);
      expect((stale.json() as { error: { code: string } }).error.code).toBe('conflict');

      const current = (await call(session, 'GET', `/api/registry/enterprises/${demoCreditCode}`)).json() as { enterprise: { updated_at: string } };
      const wrong = await call(session, 'PATCH', `/api/registry/enterprises/${demoCreditCode}`, { expected_updated_at: current.enterprise.updated_at, years: { '2023': { revenue: '-1' } } });
      expect(wrong.statusCode).toBe(400);
      expect((wrong.json() as { error: { details: { field: string }[] } }).error.details.map((problem) => problem.field)).toEqual(['years.2023.revenue']);
      // The body's schema refuses in both languages, naming each field as the form knows it.
      const refused = await call(session, 'PATCH', `/api/registry/enterprises/${demoCreditCode}`, { expected_updated_at: current.enterprise.updated_at, industry: 'XYZ', contact_phone: 'call me', years: { '2023': { revenue: '0x10', staff: 12.5 } } });
      expect(refused.statusCode).toBe(400);
      const details = (refused.json() as { error: { details: { field: string; message: string; message_en: string }[] } }).error.details;
      expect(details.map((problem) => problem.field)).toEqual(['industry', 'contact_phone', 'years.2023.revenue', 'years.2023.staff']);
      expect(details[0]?.message).toContain('“XYZ”不是国民经济行业分类代码');
      expect(details[0]?.message_en).toContain('"XYZ" is not a GB/T 4754 code');
      expect(details[2]?.message).toContain('“0x10”不是金额');

      const master = await call(session, 'PATCH', `/api/registry/enterprises/${demoCreditCode}`, { expected_updated_at: current.enterprise.updated_at, above_scale: true });
      expect(master.statusCode).toBe(403);
    });

    it('exports platforms, contracts and the turnover table as workbooks with the list’s rows', async () => {
      const session = await signIn(app, 'coordinator');
      const platforms = await sheetRows((await call(session, 'GET', '/api/registry/platforms/export.xlsx?q=枸杞')).rawPayload);
      expect(platforms[0]).toContain('最近评估');
      expect(platforms[1]).toEqual(expect.arrayContaining(['PT-1', '宁夏枸杞工程技术研究中心', '自治区级', '2022-12-15 优秀']));

      const contracts = await sheetRows((await call(session, 'GET', '/api/registry/tech-contracts/export.xlsx?q=黄河')).rawPayload);
      expect(contracts[0]?.slice(0, 2)).toEqual(['登记编号', '合同类型']);
      expect(contracts[1]).toEqual(expect.arrayContaining(['JS-2', '技术服务', '石嘴山黄河化工', '大武口区']));
      expect(contracts.filter((row) => row[0]?.startsWith('JS-'))).toHaveLength(1);

      const comparison = await sheetRows((await call(session, 'GET', '/api/registry/indicators.xlsx?year=2023&org=640000')).rawPayload);
      expect(comparison[0]?.[0]).toContain('登记库统计与公布数据对比');
      // The two contracts sold from 兴庆区 in 2023: 0.3 亿元 of technology turnover, beside the published figure and the gap.
      const turnover2023 = comparison.find((row) => row[0] === 'tech_contract_turnover');
      expect(turnover2023?.slice(1, 4)).toEqual(['技术合同成交额', '亿元', '0.3']);
      expect(Number(turnover2023?.[4])).toBeGreaterThan(1);
      expect(Number(turnover2023?.[5])).toBeCloseTo(0.3 - Number(turnover2023?.[4]), 6);

      const candidates = await call(session, 'GET', '/api/registry/pipeline/candidates.xlsx');
      expect(candidates.statusCode).toBe(200);
      expect((await sheetRows(candidates.rawPayload))[1]).toEqual(expect.arrayContaining(['统一社会信用代码', '研发费用占比']));

      const turnover = await sheetRows((await call(session, 'GET', '/api/registry/tech-contracts/turnover.xlsx?year=2023&org=640000')).rawPayload);
      expect(turnover[0]?.[0]).toContain('2023 年技术合同输出与吸纳');
      const yinchuan = turnover.find((row) => row[0] === '640100');
      // 银川市 sells 0.25 亿元 outside the region and 0.05 亿元 to 石嘴山市.
      expect(yinchuan?.slice(1, 5)).toEqual(['银川市', '0.3', '2', '0.25']);
      // The note says how the table counts: a contract within an area is in both its output and its absorption.
      expect(turnover.flat().join('')).toContain('同一地区内部的合同同时计入该地区的输出和吸纳');
      expect(turnover.flat().join('')).toContain('导出时间（北京时间）：');
    });

    it('shows a certificate expiring on a day as valid until midnight in Beijing, and stamps exports in Beijing time', async () => {
      // A national high-tech certificate of 2021-11-15 runs to 2024-11-14 (inclusive).
      await load('certifications', `credit_code,type,number,valid_from\n${demoCreditCode},national_hte,GR202164000099,2021-11-15\n`);
      let clock = new Date('2024-11-14T23:30:00+08:00');
      const clocked = await buildApp({ database, logLevel: 'silent', settings, now: () => clock });
      try {
        const certificate = async () => {
          const session = await signIn(clocked, 'coordinator');
          const detail = (await call(session, 'GET', `/api/registry/enterprises/${demoCreditCode}`, undefined, clocked)).json() as { certifications: { type: string; valid_today: boolean }[] };
          const list = (await call(session, 'GET', '/api/registry/enterprises?q=演示企业', undefined, clocked)).json() as { enterprises: { certifications: string[] }[] };
          return { validToday: detail.certifications.find((cert) => cert.type === 'national_hte')?.valid_today, listed: list.enterprises[0]?.certifications, session };
        };
        // 23:30 on the last day, Beijing time: still valid.
        expect(await certificate()).toMatchObject({ validToday: true, listed: ['national_hte'] });
        // 00:30 the next day in Beijing is still 16:30 of the last day in UTC: expired all the same.
        clock = new Date('2024-11-15T00:30:00+08:00');
        expect(clock.toISOString()).toBe('2024-11-14T16:30:00.000Z');
        const after = await certificate();
        expect(after).toMatchObject({ validToday: false, listed: [] });
        const exported = await sheetRows((await call(after.session, 'GET', '/api/registry/platforms/export.xlsx?q=枸杞', undefined, clocked)).rawPayload);
        expect(exported.at(-1)?.[0]).toContain('导出时间（北京时间）：2024-11-15 00:30:00');
      } finally {
        await clocked.close();
      }
    });
  });
}
