/**
 * The screening routes (issue 13): the coordinator starts a run over HTTP, follows it to the end,
 * reads and exports the results and compares two runs; an area leader reads only its own area.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { defaultSecuritySettings, loadPermissionTable, noOrigin, systemActor } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { importRegistry } from '../registry/index.ts';
import { createInProcessDispatcher, type InProcessDispatcher } from '../screening/index.ts';
import { creditCodeCheckCharacter, readTableFile } from '../shared/index.ts';
import { buildApp } from './app.ts';

/** A workbook's rows as text, without the line that carries the time it was made. */
async function sheetRows(payload: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => (value === null || value === undefined ? '' : String(value)))));
  return rows.filter((row) => !row.some((cell) => cell.includes('导出时间')));
}

const code = (body: string) => `${body}${creditCodeCheckCharacter(body)}`;
const firmA = code('91640104MA0000401');
const firmB = code('91640202MA0000402');
const award = 'ningxia-2022.first-above-scale-rd-award';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`screening routes on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let dispatcher: InProcessDispatcher;
    let coordinator: SignedIn;
    let leader: SignedIn;
    const send = (session: SignedIn, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(payload === undefined ? {} : { payload: payload as object }) });

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      const tree = await findAreaTree(database.db);
      const permissions = await loadPermissionTable(database.db);
      const now = new Date('2025-06-30T12:00:00+08:00');
      const load = async (kind: 'enterprises' | 'enterprise_events' | 'enterprise_years', csv: string) =>
        expect((await importRegistry(database.db, kind, `${kind}.csv`, await readTableFile(`${kind}.csv`, Buffer.from(csv)), { tree, actor: systemActor, permissions, origin: noOrigin, now, dryRun: false })).problems).toEqual([]);
      await load('enterprises', `credit_code,name,org,above_scale\n${firmA},宁夏甲科技有限公司,640104,是\n${firmB},石嘴山乙科技有限公司,640202,是\n`);
      await load('enterprise_events', `credit_code,type,year\n${firmA},first_above_scale,2024\n${firmB},first_above_scale,2024\n`);
      await load('enterprise_years', `credit_code,year,rd_expense\n${firmA},2023,1234567.89\n`);
      dispatcher = createInProcessDispatcher(database.db);
      app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 1000 }, screeningDispatcher: dispatcher.dispatch });
      coordinator = await signIn(app, 'coordinator');
      leader = await signIn(app, 'area-leader');
    });

    afterAll(async () => {
      await dispatcher?.idle();
      await app?.close();
      await database?.close();
      await drop?.();
    });

    it('starts a run, follows it to the end, lists, filters and exports its results, and compares two runs', async () => {
      const started = await send(coordinator, 'POST', '/api/screening/runs', { year: 2024 });
      expect(started.statusCode).toBe(201);
      const id = (started.json() as { id: string }).id;
      await dispatcher.idle();
      const run = await send(coordinator, 'GET', `/api/screening/runs/${id}`);
      expect(run.json()).toMatchObject({ id, state: 'done', enterprises_total: 2, enterprises_done: 2, started_at_text: expect.stringContaining('北京时间') });
      const results = await send(coordinator, 'GET', `/api/screening/runs/${id}/results?incentive=${award}`);
      expect((results.json() as { results: { credit_code: string; status: string; amount: string | null; missing_labels: string[] }[] }).results.map((row) => [row.credit_code, row.status, row.amount, row.missing_labels])).toEqual([
        [firmA, 'eligible', '246913.58', []],
        [firmB, 'needs_info', null, ['2023年研发费用']],
      ]);
      const xlsx = await send(coordinator, 'GET', `/api/screening/runs/${id}/results.xlsx?status=needs_info`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      // The same export in the background (导出任务): a report job, the same rows.
      const background = await send(coordinator, 'POST', '/api/reports', { kind: 'screening.results', params: { run: id, status: 'needs_info' } });
      expect(background.statusCode).toBe(202);
      const reportId = (background.json() as { id: string }).id;
      let report = { state: 'queued' };
      for (let attempt = 0; attempt < 400 && (report.state === 'queued' || report.state === 'running'); attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25));
        report = (await send(coordinator, 'GET', `/api/reports/${reportId}`)).json() as { state: string };
      }
      expect(report).toMatchObject({ state: 'done', label: { zh: '免申即享筛查结果（Excel）' } });
      const file = await send(coordinator, 'GET', `/api/reports/${reportId}/file`);
      expect(await sheetRows(file.rawPayload)).toEqual(await sheetRows(xlsx.rawPayload));
      expect((await sheetRows(file.rawPayload)).some((row) => row.includes(firmB))).toBe(true);
      // A done run cannot be cancelled: 409 naming its state.
      const cancel = await send(coordinator, 'POST', `/api/screening/runs/${id}/cancel`);
      expect(cancel.statusCode).toBe(409);
      expect(cancel.json()).toMatchObject({ error: { code: 'conflict', message: '筛查已完成，不能取消' } });
      // The area leader of 银川市 sees 兴庆区's firm only.
      const own = await send(leader, 'GET', `/api/screening/runs/${id}/results?incentive=${award}`);
      expect((own.json() as { results: { credit_code: string }[] }).results.map((row) => row.credit_code)).toEqual([firmA]);
      expect((await send(leader, 'POST', '/api/screening/runs', { year: 2024 })).statusCode).toBe(403);
      // Same data, same rules: nothing changed.
      const again = (await send(coordinator, 'POST', '/api/screening/runs', { year: 2024 })).json() as { id: string };
      await dispatcher.idle();
      const comparison = await send(coordinator, 'GET', `/api/screening/compare?a=${id}&b=${again.id}`);
      expect(comparison.json()).toMatchObject({ rules_changed: false, total: 0, changes: [] });
      const list = await send(coordinator, 'GET', '/api/screening/runs');
      expect((list.json() as { runs: { id: string }[] }).runs.map((entry) => entry.id)).toEqual([again.id, id]);
      // A bad body names the field.
      expect((await send(coordinator, 'POST', '/api/screening/runs', { year: 1999 })).statusCode).toBe(400);
    });
  });
}
