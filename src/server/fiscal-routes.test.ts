/**
 * The fiscal view over HTTP (issue 13): what-if (nothing stored), scenarios saved and deleted
 * with a 409 on a taken name, and the Excel exports with Chinese headers.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { defaultSecuritySettings, demoCreditCode, loadPermissionTable, noOrigin, systemActor } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { importRegistry, type RegistryKind } from '../registry/index.ts';
import { readTableFile } from '../shared/index.ts';
import { buildApp } from './app.ts';

const award = 'ningxia-2022.first-above-scale-rd-award';
const now = new Date('2025-06-30T04:00:00Z');

async function sheetRows(payload: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => (value === null || value === undefined ? '' : String(value)))));
  return rows;
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`fiscal API on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let session: SignedIn;
    const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
      app.inject({ method, url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(payload ? { payload } : {}) });

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      const options = { tree: await findAreaTree(database.db), actor: systemActor, permissions: await loadPermissionTable(database.db), origin: noOrigin, now };
      const load = async (kind: RegistryKind, csv: string) => expect((await importRegistry(database.db, kind, `${kind}.csv`, await readTableFile(`${kind}.csv`, Buffer.from(csv)), options)).problems).toEqual([]);
      await load('enterprises', `credit_code,name,org,industry,founded\n${demoCreditCode},合成·演示企业有限公司,640106,I6513,2016-05-18\n`);
      await load('enterprise_years', `credit_code,year,revenue,rd_expense\n${demoCreditCode},2023,48000000,1234567.89\n`);
      await load('enterprise_events', `credit_code,type,year\n${demoCreditCode},first_above_scale,2024\n`);
      app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000 }, now: () => now });
      session = await signIn(app, 'coordinator');
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    it('answers a what-if with exact decimal strings and names a bad override’s field', async () => {
      const response = await call('POST', '/api/fiscal/what-if', { year: 2024, overrides: { [award]: { rate: '0.25' } } });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { difference_total: string; changes: { name: string; county_name: string; before_amount: string; after_amount: string }[] };
      expect(body.difference_total).toBe('61728.39');
      expect(body.changes).toEqual([expect.objectContaining({ name: '合成·演示企业有限公司', county_name: '金凤区', before_amount: '246913.58', after_amount: '308641.97' })]);
      const bad = await call('POST', '/api/fiscal/what-if', { year: 2024, overrides: { [award]: { ratio: '0.25' } } });
      expect(bad.statusCode).toBe(400);
      expect((bad.json() as { error: { message_en: string } }).error.message_en).toContain('no parameter "ratio"');
      const notDecimal = await call('POST', '/api/fiscal/what-if', { year: 2024, overrides: { [award]: { rate: '0x10' } } });
      expect(notDecimal.statusCode).toBe(400);
      expect((await call('GET', '/api/fiscal/scenarios')).json()).toEqual({ scenarios: [] });
    });

    it('saves a scenario once (409 for the same name), exports it with Chinese headers, and deletes it', async () => {
      const saved = await call('POST', '/api/fiscal/scenarios', { name: '比例25%', year: 2024, overrides: { [award]: { rate: '0.25' } } });
      expect(saved.statusCode).toBe(200);
      const scenario = saved.json() as { id: string; difference_total: string };
      expect(scenario.difference_total).toBe('61728.39');
      const again = await call('POST', '/api/fiscal/scenarios', { name: '比例25%', year: 2024, overrides: {} });
      expect(again.statusCode).toBe(409);
      const exported = await call('GET', `/api/fiscal/scenarios/${scenario.id}/export.xlsx`);
      expect(exported.statusCode).toBe(200);
      const rows = await sheetRows(exported.rawPayload);
      expect(rows[1]).toEqual(['类别', '政策 / 地区', '区划代码', '现行参数（元）', '调整后（元）', '差额（元）', '企业', '调整前状态', '调整后状态']);
      expect(rows.some((row) => row[0] === '变化企业' && row[6]?.includes('合成·演示企业有限公司（91640'))).toBe(true);
      expect((await call('DELETE', `/api/fiscal/scenarios/${scenario.id}`)).statusCode).toBe(200);
      expect((await call('GET', `/api/fiscal/scenarios/${scenario.id}`)).statusCode).toBe(404);
    });

    it('exports the overview with Chinese headers and the forecast method', async () => {
      const response = await call('GET', '/api/fiscal/overview.xlsx?year=2024');
      expect(response.statusCode).toBe(200);
      const rows = await sheetRows(response.rawPayload);
      expect(rows[1]).toEqual(['政策', '市', '县（区）', '区划代码', '2024年已拨付（元）', '2024年已批准（元）', '2025年预测（元）', '预测符合条件企业数']);
      expect(rows.some((row) => row[0]?.startsWith('预测方法'))).toBe(true);
    });
  });
}
