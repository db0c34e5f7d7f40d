/**
 * Supervision over HTTP (issue 14): the unit reports, the coordinator returns, the unit corrects
 * and resubmits, the coordinator approves and the report is locked; a co-responsible area's
 * contribution appears inside the lead's report; evidence limits (a path as a name, HTML, a
 * mismatched signature, 10 per report) and downloads; close-off and reopen; views with names;
 * scopes (a unit sees only its own).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, testPassword, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createUser, defaultSecuritySettings, loadPermissionTable, noOrigin, systemActor } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import type { CycleView, MeasureDetail, ReportDetail, ReviewQueue, TaskView, Workbench } from '../supervision/index.ts';
import { buildApp } from './app.ts';

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100, 0x20)]);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`supervision routes on ${target.name}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let filesRoot: string;
    let coordinator: SignedIn;
    let finance: SignedIn;
    let area: SignedIn;
    let science: SignedIn;
    // Friday 4 December 2026 in Beijing: the current quarterly cycle is 2026-Q4, due 10 January 2027.
    let now = new Date('2026-12-04T02:00:00Z');
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await database.db.execute(sql`update supervision_measures set tracked_from = '2026-10-01'`);
      await createTestAccounts(database.db);
      const permissions = await loadPermissionTable(database.db);
      await createUser(database.db, { username: 'science-reporter', role: 'unit_reporter', password: testPassword, unit_id: 'science-technology-department' }, { actor: systemActor, permissions, origin: noOrigin, mustChangePassword: false });
      filesRoot = mkdtempSync(join(tmpdir(), 'kechuang-supervision-'));
      app = await buildApp({ database, logLevel: 'silent', filesRoot, settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000 }, now: () => now });
      coordinator = await signIn(app, 'coordinator');
      finance = await signIn(app, 'unit-reporter');
      area = await signIn(app, 'area-reporter');
      science = await signIn(app, 'science-reporter');
      const rows = await database.db.execute<{ id: string; key: string }>(sql`select id, key from supervision_measures where key in ('m-21-01', 'm-10-10', 'm-04-01', 'm-21-03')`);
      for (const row of (rows as unknown as { rows?: { id: string; key: string }[] }).rows ?? (rows as unknown as { id: string; key: string }[])) ids[row.key] = row.id;
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
      if (filesRoot) rmSync(filesRoot, { recursive: true, force: true });
    });

    const as = (session: SignedIn | undefined) => (session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {});
    const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body: object | undefined, session: SignedIn) => app.inject({ method, url, headers: as(session), ...(body ? { payload: body } : {}) });
    const get = (url: string, session: SignedIn) => app.inject({ method: 'GET', url, headers: as(session) });
    const upload = (reportId: string, name: string, content: Buffer, session: SignedIn, type = 'application/octet-stream') =>
      app.inject({ method: 'POST', url: `/api/supervision/reports/${reportId}/evidence`, headers: { ...as(session), 'content-type': type, 'x-file-name': encodeURIComponent(name) }, payload: content });

    it('seeds every measure of the pack with its lead and co-responsible units, 各市、县（区） as 27 areas, idempotently', async () => {
      const detail = (await get(`/api/supervision/measures/${ids['m-21-01']}`, coordinator)).json() as MeasureDetail;
      expect(detail.key).toBe('m-21-01');
      expect(detail.assignments[0]).toMatchObject({ role: 'lead', assignee: { kind: 'unit', id: 'finance-department', name: '财政厅' } });
      expect(detail.assignments.filter((row) => row.assignee.kind === 'area')).toHaveLength(27);
      expect(detail.assignments.find((row) => row.assignee.id === '640100')).toMatchObject({ role: 'co', assignee: { name: '银川市' } });
      expect(detail.current_cycle).toEqual({ period: '2026-Q4', period_label: '2026年第四季度', period_label_en: 'Q4 2026', frequency: 'quarterly', opens_on: '2026-10-01', due_on: '2027-01-10' });
      const { seedSupervision } = await import('../supervision/index.ts');
      const { findPacks } = await import('../policy/index.ts');
      const { findAreaTree } = await import('../areas/index.ts');
      expect(await seedSupervision(database.db, await findPacks(database.db), await findAreaTree(database.db))).toEqual({ measures: 0, assignments: 0 });
    });

    it('runs a report from draft to locked: submit, return with a reason, resubmit (revision 2), approve; illegal moves are 409 with the state named', async () => {
      const url = `/api/supervision/measures/${ids['m-21-01']}/reports/2026-Q4`;
      const draft = await send('PUT', url, { status: 'on_schedule', percent: 60, narrative: '已拨付科技专项资金', figures: [{ label: '拨付资金', value: '1200.50', unit: '万元' }] }, finance);
      expect(draft.statusCode).toBe(200);
      const report = draft.json() as ReportDetail;
      expect(report).toMatchObject({ kind: 'lead', state: 'draft', revision: 1, editable: true, assignee: { name: '财政厅' }, figures: [{ label: '拨付资金', value: '1200.50', unit: '万元' }] });
      // Approving a draft is not a move the state machine has.
      const early = await send('POST', `/api/supervision/reports/${report.id}/approve`, {}, coordinator);
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('当前状态为“草稿”，不能审核通过') } });
      expect((await send('POST', `/api/supervision/reports/${report.id}/submit`, undefined, finance)).json()).toMatchObject({ state: 'submitted', editable: false });
      // A submitted report takes no edit until it is returned.
      expect((await send('PUT', url, { status: 'behind', percent: 10 }, finance)).statusCode).toBe(409);
      const queue = (await get('/api/supervision/review-queue', coordinator)).json() as ReviewQueue;
      expect(queue.counts.submitted).toBe(1);
      expect(queue.reports[0]).toMatchObject({ id: report.id, measure: { key: 'm-21-01', task_title: expect.any(String) }, assignee: { name: '财政厅' } });
      expect((await send('POST', `/api/supervision/reports/${report.id}/return`, { comment: '' }, coordinator)).statusCode).toBe(400);
      expect((await send('POST', `/api/supervision/reports/${report.id}/return`, { comment: '请补充资金拨付明细' }, coordinator)).json()).toMatchObject({ state: 'returned', return_comment: '请补充资金拨付明细', editable: false });
      const bench = (await get('/api/supervision/workbench', finance)).json() as Workbench;
      expect(bench.counts.returned).toBe(1);
      expect(bench.returned[0]).toMatchObject({ report: { return_comment: '请补充资金拨付明细' }, measure: { key: 'm-21-01' } });
      const corrected = await send('PUT', url, { status: 'on_schedule', percent: 65, narrative: '已拨付科技专项资金，明细见附件' }, finance);
      expect(corrected.json()).toMatchObject({ state: 'returned', percent: 65, editable: true });
      const resubmitted = (await send('POST', `/api/supervision/reports/${report.id}/submit`, undefined, finance)).json() as ReportDetail;
      expect(resubmitted).toMatchObject({ state: 'submitted', revision: 2 });
      const approved = (await send('POST', `/api/supervision/reports/${report.id}/approve`, {}, coordinator)).json() as ReportDetail;
      expect(approved).toMatchObject({ state: 'approved', revision: 2, editable: false });
      expect(approved.history.map((entry) => [entry.action, entry.to_state, entry.revision])).toEqual([
        ['submit', 'submitted', 1],
        ['return', 'returned', 1],
        ['resubmit', 'submitted', 2],
        ['approve', 'approved', 2],
      ]);
      const locked = await send('PUT', url, { status: 'done', percent: 100 }, finance);
      expect(locked.statusCode).toBe(409);
      expect(locked.json()).toMatchObject({ error: { message: expect.stringContaining('已锁定'), message_en: expect.stringContaining('locked') } });
      expect((await send('POST', `/api/supervision/reports/${report.id}/return`, { comment: '再看看' }, coordinator)).statusCode).toBe(409);
      expect((await upload(report.id, 'late.pdf', pdf, finance)).statusCode).toBe(409);
      const audit = await database.db.execute(sql`select action from audit_log where entity_id = ${report.id} order by seq`);
      const actions = ((audit as unknown as { rows?: { action: string }[] }).rows ?? (audit as unknown as { action: string }[])).map((row) => row.action);
      expect(actions).toEqual(['supervision.report.save', 'supervision.report.submit', 'supervision.report.return', 'supervision.report.save', 'supervision.report.resubmit', 'supervision.report.approve']);
    });

    it('links a figure to a stored indicator value instead of asking for it again, showing the approved value, its unit and source', async () => {
      const found = await database.db.execute(sql`select indicator, org, period, value::text as value, source from indicator_values where status = 'approved' order by indicator, org, period limit 1`);
      const value = ((found as unknown as { rows?: { indicator: string; org: string; period: string; value: string; source: string | null }[] }).rows ?? (found as unknown as { indicator: string; org: string; period: string; value: string; source: string | null }[]))[0]!;
      const saved = await send('PUT', `/api/supervision/measures/${ids['m-04-01']}/reports/2026-Q4`, { indicator_links: [{ indicator: value.indicator, area: value.org, period: value.period }, { indicator: value.indicator, area: value.org, period: '1999' }] }, area);
      expect(saved.statusCode).toBe(200);
      const links = (saved.json() as ReportDetail).indicator_links;
      expect(links[0]).toMatchObject({ indicator: value.indicator, area: value.org, value: value.value, source: value.source, available: true, indicator_name: expect.not.stringMatching(/^[a-z_]+$/) });
      expect(links[1]).toMatchObject({ value: null, available: false, note: { zh: expect.stringContaining('未审核的数值不予显示') } });
      const unknown = await send('PUT', `/api/supervision/measures/${ids['m-04-01']}/reports/2026-Q4`, { indicator_links: [{ indicator: 'no_such_indicator', area: '640100', period: '2024' }] }, area);
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ error: { message: expect.stringContaining('no_such_indicator') } });
    });

    it('shows a co-responsible area’s contribution inside the lead’s report, and keeps a unit out of another’s report', async () => {
      const contribution = await send('PUT', `/api/supervision/measures/${ids['m-21-01']}/reports/2026-Q4`, { narrative: '银川市配套资金已到位', figures: [{ label: '配套资金', value: '300', unit: '万元' }], submit: true }, area);
      expect(contribution.statusCode).toBe(200);
      expect(contribution.json()).toMatchObject({ kind: 'contribution', state: 'submitted', assignee: { kind: 'area', id: '640100', name: '银川市' } });
      // A contribution has no status or percent.
      expect((await send('PUT', `/api/supervision/measures/${ids['m-21-01']}/reports/2026-Q4`, { narrative: 'x', percent: 5 }, area)).statusCode).toBe(400);
      const view = (await get(`/api/supervision/measures/${ids['m-21-01']}/cycles/2026-Q4`, finance)).json() as CycleView;
      expect(view.lead_report?.contributions).toEqual([expect.objectContaining({ narrative: '银川市配套资金已到位', assignee: expect.objectContaining({ name: '银川市' }) })]);
      expect(view.contributions).toHaveLength(1);
      const leadId = view.lead_report!.id;
      // The science department (co-responsible on m-21-01) does not read the finance department's report.
      expect((await get(`/api/supervision/reports/${leadId}`, science)).statusCode).toBe(404);
      expect((await get(`/api/supervision/reports/${leadId}`, area)).statusCode).toBe(404);
      // Nor may it report for the finance department.
      expect((await send('PUT', `/api/supervision/measures/${ids['m-10-10']}/reports/2026-Q4`, { assignee: { kind: 'unit', id: 'finance-department' }, narrative: 'x' }, science)).statusCode).toBe(403);
    });

    it('refuses evidence that is HTML, a path, mismatched or too many, and serves what it keeps as a download', async () => {
      const saved = (await send('PUT', `/api/supervision/measures/${ids['m-21-03']}/reports/2026-Q4`, { status: 'on_schedule', percent: 30 }, finance)).json() as ReportDetail;
      const html = await upload(saved.id, 'report.html', Buffer.from('<html><script>alert(1)</script></html>'), finance, 'text/html');
      expect(html.statusCode).toBe(415);
      expect(html.json()).toMatchObject({ error: { code: 'unsupported_media_type', message: expect.stringContaining('report.html') } });
      expect((await upload(saved.id, 'logo.svg', Buffer.from('<svg onload="alert(1)"/>'), finance)).statusCode).toBe(415);
      // A PDF name on HTML content is refused by its first bytes.
      const disguised = await upload(saved.id, '说明.pdf', Buffer.from('<!doctype html><p>x</p>'), finance);
      expect(disguised.statusCode).toBe(415);
      expect(disguised.json()).toMatchObject({ error: { message: expect.stringContaining('说明.pdf') } });
      // `../../x` is a path, not a name: reduced to `x`, which has no allowed type.
      const traversal = await upload(saved.id, '../../x', pdf, finance);
      expect(traversal.statusCode).toBe(415);
      expect(traversal.json()).toMatchObject({ error: { message: expect.stringContaining('“x”') } });
      const kept = await upload(saved.id, '../../进展说明.pdf', pdf, finance);
      expect(kept.statusCode).toBe(200);
      expect(kept.json()).toMatchObject({ file_name: '进展说明.pdf', original_name: '../../进展说明.pdf', media_type: 'application/pdf', size: pdf.length });
      expect(readdirSync(join(filesRoot, 'supervision'))).toEqual([kept.json().id]);
      const download = await get(kept.json().download_path, finance);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename="_*\.pdf"; filename\*=UTF-8''%E8%BF%9B/);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.rawPayload.equals(pdf)).toBe(true);
      expect((await get(kept.json().download_path, science)).statusCode).toBe(404);
      expect((await get(kept.json().download_path, coordinator)).statusCode).toBe(200);
      const tooBig = await upload(saved.id, 'big.png', Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]), finance);
      expect(tooBig.statusCode).toBe(413);
      for (let index = 2; index <= 10; index += 1) expect((await upload(saved.id, `图${index}.png`, png, finance)).statusCode).toBe(200);
      const eleventh = await upload(saved.id, '图11.png', png, finance);
      expect(eleventh.statusCode).toBe(409);
      expect(eleventh.json()).toMatchObject({ error: { message: expect.stringContaining('最多 10 个') } });
      expect((await send('DELETE', `/api/supervision/evidence/${kept.json().id}`, undefined, finance)).json()).toEqual({ id: kept.json().id, deleted: true });
      expect(readdirSync(join(filesRoot, 'supervision'))).toHaveLength(9);
    });

    it('closes off a measure (no more reports) and reopens it, both audited; milestones and work points added by the coordinator only', async () => {
      const id = ids['m-10-10']!;
      expect((await send('POST', `/api/supervision/measures/${id}/work-points`, { year: 2026, title: '完成科技经费绩效评价' }, finance)).statusCode).toBe(403);
      const withPoint = (await send('POST', `/api/supervision/measures/${id}/work-points`, { year: 2026, title: '完成科技经费绩效评价' }, coordinator)).json() as MeasureDetail;
      expect(withPoint.work_points).toEqual([expect.objectContaining({ year: 2026, title: '完成科技经费绩效评价' })]);
      const withMilestone = (await send('POST', `/api/supervision/measures/${id}/milestones`, { title: '年底完成 80%', due_date: '2026-12-31', target_percent: 80 }, coordinator)).json() as MeasureDetail;
      expect(withMilestone.milestones).toEqual([expect.objectContaining({ target_percent: 80, met: null })]);
      expect((await send('PATCH', `/api/supervision/measures/${id}`, { frequency: 'monthly' }, coordinator)).json()).toMatchObject({ frequency: 'monthly', current_cycle: { period: '2026-M11', due_on: '2026-12-10' } });
      expect((await send('POST', `/api/supervision/measures/${id}/close`, { comment: '' }, coordinator)).statusCode).toBe(400);
      const closed = (await send('POST', `/api/supervision/measures/${id}/close`, { comment: '已完成绩效评价，成果已印发' }, coordinator)).json() as MeasureDetail;
      expect(closed).toMatchObject({ state: 'closed', closure: { comment: '已完成绩效评价，成果已印发', closed_by: 'coordinator' } });
      expect(closed.progress.every((row) => row.light === 'grey')).toBe(true);
      const refused = await send('PUT', `/api/supervision/measures/${id}/reports/2026-M12`, { status: 'done', percent: 100 }, finance);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ error: { message: expect.stringContaining('已销号') } });
      expect((await send('POST', `/api/supervision/measures/${id}/close`, { comment: '再次' }, coordinator)).statusCode).toBe(409);
      expect((await send('POST', `/api/supervision/measures/${id}/reopen`, { reason: '审计发现问题需整改' }, coordinator)).json()).toMatchObject({ state: 'open', closure: null });
      expect((await send('PUT', `/api/supervision/measures/${id}/reports/2026-M12`, { status: 'on_schedule', percent: 90 }, finance)).statusCode).toBe(200);
      const split = (await send('POST', `/api/supervision/measures/${id}/sub-measures`, { title: '市县科技经费绩效评价', lead: [{ kind: 'area', id: '640100' }], co: [{ kind: 'unit', id: 'audit-department' }] }, coordinator)).json() as MeasureDetail;
      expect(split).toMatchObject({ key: 'm-10-10-1', parent_id: id, assignments: [expect.objectContaining({ role: 'lead', assignee: expect.objectContaining({ name: '银川市' }) }), expect.objectContaining({ role: 'co' })] });
      const audit = await database.db.execute(sql`select action from audit_log where action like 'supervision.measure.%' or action like 'supervision.work_point.%' or action like 'supervision.milestone.%' order by seq`);
      const actions = ((audit as unknown as { rows?: { action: string }[] }).rows ?? (audit as unknown as { action: string }[])).map((row) => row.action);
      expect(actions).toEqual(['supervision.work_point.add', 'supervision.milestone.add', 'supervision.measure.update', 'supervision.measure.close', 'supervision.measure.reopen', 'supervision.measure.split']);
    });

    it('answers the views with Chinese names, within the caller’s scope', async () => {
      const task = (await get('/api/supervision/tasks/task-21', coordinator)).json() as TaskView;
      expect(task.task).toMatchObject({ id: 'task-21', title: expect.any(String) });
      const row = task.measures.find((measure) => measure.key === 'm-21-01')!.progress.find((progress) => progress.assignee.id === 'finance-department')!;
      expect(row).toMatchObject({ role: 'lead', percent: 65, report: { state: 'approved' }, assignee: { name: '财政厅' } });
      const own = (await get('/api/supervision/tasks/task-21', finance)).json() as TaskView;
      expect(own.measures.flatMap((measure) => measure.progress.map((progress) => progress.assignee.id))).toEqual(expect.arrayContaining(['finance-department']));
      expect(new Set(own.measures.flatMap((measure) => measure.progress.map((progress) => progress.assignee.id)))).toEqual(new Set(['finance-department']));
      expect((await get('/api/supervision/assignees/unit/science-technology-department', finance)).statusCode).toBe(404);
      const mine = (await get('/api/supervision/assignees/unit/finance-department', finance)).json() as { assignee: { name: string }; measures: unknown[] };
      expect(mine.assignee.name).toBe('财政厅');
      expect(mine.measures.length).toBeGreaterThan(30);
      const heat = (await get('/api/supervision/heatmap', coordinator)).json() as { tasks: unknown[]; assignees: { name: string }[]; cells: unknown[] };
      expect(heat.tasks.length).toBe(19);
      expect(heat.assignees.map((assignee) => assignee.name)).toEqual(expect.arrayContaining(['财政厅', '银川市', '科技厅']));
      const areaBench = (await get('/api/supervision/workbench', area)).json() as Workbench;
      expect(areaBench.assignees.map((assignee) => assignee.name)).toEqual(expect.arrayContaining(['银川市']));
      expect(areaBench.counts.submitted).toBe(1);
      expect((await get('/api/supervision/review-queue', finance)).statusCode).toBe(403);
      // An area's accounts see their area and its subtree, nothing beside it.
      const leader = await signIn(app, 'area-leader');
      expect((await get('/api/supervision/assignees/area/640104', leader)).json()).toMatchObject({ assignee: { name: '兴庆区' } });
      expect((await get('/api/supervision/assignees/area/640200', leader)).statusCode).toBe(404);
      expect((await send('PUT', `/api/supervision/measures/${ids['m-04-01']}/reports/2026-Q4`, { assignee: { kind: 'area', id: '640200' }, narrative: 'x' }, leader)).statusCode).toBe(403);
      const forCounty = await send('PUT', `/api/supervision/measures/${ids['m-04-01']}/reports/2026-Q4`, { assignee: { kind: 'area', id: '640104' }, narrative: '兴庆区配合材料' }, leader);
      expect(forCounty.json()).toMatchObject({ kind: 'contribution', assignee: { id: '640104', name: '兴庆区' } });
      // Sessions time out over a month: sign in again at each new date.
      now = new Date('2027-01-03T02:00:00Z');
      finance = await signIn(app, 'unit-reporter');
      const blue = (await get('/api/supervision/workbench', finance)).json() as Workbench;
      expect(blue.due.find((item) => item.measure.key === 'm-21-03')).toMatchObject({ light: 'blue', cycle: { period: '2026-Q4' } });
      now = new Date('2027-01-11T02:00:00Z');
      finance = await signIn(app, 'unit-reporter');
      const red = (await get('/api/supervision/workbench', finance)).json() as Workbench;
      expect(red.due.find((item) => item.measure.key === 'm-21-03')).toMatchObject({ light: 'red', cycle: { period: '2026-Q4' } });
      expect(red.counts.overdue).toBeGreaterThan(0);
      now = new Date('2026-12-04T02:00:00Z');
    });
  });
}
