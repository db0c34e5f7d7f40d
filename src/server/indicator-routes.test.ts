import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type SignedIn } from '../../test/accounts.ts';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { databaseTargets } from '../../test/databases.ts';
import type { EntrySheet, ReviewQueue, IndicatorSeries, ValueHistory } from '../indicators/index.ts';

const zipSignature = 'PK';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`indicator API on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform | undefined;
    let app: FastifyInstance;

    beforeAll(async () => {
      platform = await startApiPlatform(target);
      ({ app } = platform);
    });

    afterAll(() => platform?.close());

    it('publishes the evaluation of the real data with its rules, to anyone', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/packs/ningxia-2022-st-action/evaluation?as_of=2023' });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { org_name: string; targets: { indicator: string; status: string; source: string | null }[]; status_rules: unknown[] };
      expect(body.org_name).toBe('宁夏回族自治区');
      expect(body.targets.find((item) => item.indicator === 'national_hte')).toMatchObject({ status: 'achieved', source: expect.stringContaining('2024年全区科技工作会议') });
      expect(body.status_rules).toHaveLength(7);
    });

    it('exports the evaluation as Excel and the final-evaluation report as Word', async () => {
      const xlsx = await app.inject({ method: 'GET', url: '/api/packs/ningxia-2022-st-action/evaluation.xlsx' });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe(zipSignature);
      const docx = await app.inject({ method: 'GET', url: '/api/packs/ningxia-2022-st-action/evaluation/report.docx' });
      expect(docx.statusCode).toBe(200);
      expect(docx.headers['content-disposition']).toContain('final-evaluation-640000-2025.docx');
      expect(docx.rawPayload.subarray(0, 2).toString()).toBe(zipSignature);
    });

    it('drills down from the region to its cities, with coverage when a sum cannot be made', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/packs/ningxia-2022-st-action/indicators/gdp/areas?parent=640000&period=2020' });
      const body = response.json() as { parent: { value: number; kind: string; coverage?: { with_value: number; total: number } }; children: { org: string; value: number | null }[] };
      // 中卫市 has no published 2020 GDP: the region's own figure stands, the cities cover 4 of 5.
      expect(body.parent).toMatchObject({ value: 3920.55, kind: 'published', coverage: { with_value: 4, total: 5 } });
      expect(body.children.find((child) => child.org === '640100')?.value).toBe(1964.37);
      const cities = await app.inject({ method: 'GET', url: '/api/packs/ningxia-2022-st-action/indicators/gdp/areas.xlsx?parent=640000&period=2020' });
      expect(cities.rawPayload.subarray(0, 2).toString()).toBe(zipSignature);
    });

    it('shows a value’s revisions: first published 1.52 %, revised to 1.51 %', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/indicator-values/history?indicator=rd_intensity&org=640000&period=2020' });
      expect((response.json() as { history: { value: number }[] }).history.map((row) => row.value)).toEqual([1.52, 1.51]);
    });

    it('imports an uploaded file for the coordinator: a dry run, a refusal with every bad row (422), then the import', async () => {
      const coordinator = await signIn(app, 'coordinator');
      const upload = (csv: string, dryRun: boolean) =>
        app.inject({ method: 'POST', url: `/api/indicator-values/import?file_name=cities.csv&dry_run=${dryRun}`, headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': 'text/csv' }, payload: csv });
      const good = 'indicator,org,period,value,unit,source\ngdp,640400,2022,400,亿元,固原市统计公报\n';
      expect((await upload(good, true)).json()).toMatchObject({ dry_run: true, rows: 1, inserted: 1, revised: 0, unchanged: 0, problems: [] });
      const bad = await upload(`${good}gdp,640400,2022x,1,亿元,\n`, false);
      expect(bad.statusCode).toBe(422);
      expect((bad.json() as { problems: { line: number; field: string }[] }).problems).toEqual([expect.objectContaining({ line: 3, field: 'period' })]);
      expect((await upload(good, false)).json()).toMatchObject({ inserted: 1 });
    });

    it('answers an indicator’s series through its schema: the definition with its formula in words, the target and its evaluation', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/packs/ningxia-2022-st-action/indicators/rd_intensity/series' });
      expect(response.statusCode).toBe(200);
      const body = response.json() as IndicatorSeries;
      expect(body.indicator).toMatchObject({ code: 'rd_intensity', formula: 'rd_expenditure / gdp * 100.0', formula_text: { zh: expect.stringContaining(' ÷ ') } });
      expect(body.indicator.formula_text?.zh).not.toContain('rd_expenditure');
      expect(body.target).toMatchObject({ indicator: 'rd_intensity', benchmark_org: '100000' });
      expect(body.evaluation?.target_id).toBe(body.target?.id);
      expect(body.series.find((point) => point.period === '2020')).toMatchObject({ value: 1.51, kind: 'published' });
      expect((await app.inject({ method: 'GET', url: '/api/packs/ningxia-2022-st-action/indicators/no_such_code/series' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/api/packs/ningxia-2022-st-action/indicators/gdp/series?org=64' })).statusCode).toBe(400);
    });

    it('takes a value through entry, review and a closed period over HTTP, every answer through its schema', async () => {
      const reporter = await signIn(app, 'area-reporter');
      const coordinator = await signIn(app, 'coordinator');
      const call = (session: SignedIn | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
        app.inject({ method, url, headers: session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}, ...(payload ? { payload } : {}) });
      const key = { org: '640105', period: '2023' };

      expect((await call(reporter, 'PUT', '/api/indicator-values', { ...key, values: [{ indicator: 'gdp', value: 0.1 }, { indicator: 'tech_smes', value: 12 }] })).json()).toEqual({ saved: 2 });
      const sheet = (await call(reporter, 'GET', `/api/indicator-values?org=${key.org}&period=${key.period}`)).json() as EntrySheet;
      expect(sheet).toMatchObject({ org: '640105', org_name: '西夏区', period: '2023', closure: null, abilities: { enter: true, approve: false, close: false } });
      expect(sheet.values.find((value) => value.indicator === 'gdp')).toMatchObject({ value: 0.1, entered_value: 0.1, status: 'draft', origin: 'entry', updated_by: 'area-reporter' });
      expect((await call(reporter, 'POST', '/api/indicator-values/submit', key)).json()).toEqual({ changed: [{ indicator: 'gdp', status: 'submitted', review_level: 'city' }, { indicator: 'tech_smes', status: 'submitted', review_level: 'city' }] });
      // A county's submission waits for its city's leader (审核队列), not yet for the coordinator.
      const leader = await signIn(app, 'area-leader');
      const queue = (await call(leader, 'GET', '/api/review-queue?kind=review')).json() as ReviewQueue;
      expect(queue.items.map((item) => [item.indicator, item.org_name, item.review_level, item.submitted_by])).toEqual([['gdp', '西夏区', 'city', 'area-reporter'], ['tech_smes', '西夏区', 'city', 'area-reporter']]);
      expect(queue.counts).toMatchObject({ review: 2, returned: 0 });
      expect(((await call(coordinator, 'GET', '/api/review-queue')).json() as ReviewQueue).items).toEqual([]);
      expect((await call(reporter, 'GET', '/api/review-queue/counts')).json()).toMatchObject({ review: 0, returned: 0 });
      expect((await call(reporter, 'GET', '/api/review-queue?kind=nope')).statusCode).toBe(400);
      expect((await call(coordinator, 'POST', '/api/indicator-values/approve', { ...key, indicators: ['gdp'] })).json()).toEqual({ changed: [{ indicator: 'gdp', status: 'approved' }] });

      // The coordinator closes the period; the reporter's sheet says so, and further steps are refused with 409.
      const closed = await call(coordinator, 'POST', '/api/indicator-values/close', { ...key, reason: '年度填报结束' });
      expect(closed.statusCode).toBe(200);
      expect(closed.json()).toEqual({ org: '640105', org_name: '西夏区', period: '2023', closure: { closed_by: 'coordinator', closed_at: expect.any(String) } });
      expect(((await call(reporter, 'GET', `/api/indicator-values?org=${key.org}&period=${key.period}`)).json() as EntrySheet).closure).toMatchObject({ closed_by: 'coordinator' });
      const refused = await call(coordinator, 'POST', '/api/indicator-values/approve', key);
      expect(refused.statusCode).toBe(409);
      expect((refused.json() as { error: { message: string } }).error.message).toContain('西夏区（640105）2023年的填报期已关闭');
      const again = await call(coordinator, 'POST', '/api/indicator-values/close', { ...key, reason: '再关一次' });
      expect(again.statusCode).toBe(409);
      expect((again.json() as { error: { message: string } }).error.message).toContain('已经是关闭状态');
      const imported = await app.inject({ method: 'POST', url: '/api/indicator-values/import?file_name=closed.csv', headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': 'text/csv' }, payload: 'indicator,org,period,value,unit,source\ngdp,640105,2023,1,亿元,x\n' });
      expect(imported.statusCode).toBe(409);
      // A reason is required, and only the coordinator closes or reopens.
      expect((await call(coordinator, 'POST', '/api/indicator-values/reopen', { ...key, reason: '  ' })).statusCode).toBe(400);
      expect((await call(reporter, 'POST', '/api/indicator-values/reopen', { ...key, reason: '请开放' })).statusCode).toBe(403);
      expect((await call(coordinator, 'POST', '/api/indicator-values/reopen', { ...key, reason: '统计局修订' })).json()).toEqual({ org: '640105', org_name: '西夏区', period: '2023', closure: null });
      expect((await call(coordinator, 'POST', '/api/indicator-values/reopen', { ...key, reason: '统计局修订' })).statusCode).toBe(409);

      // The history: the public sees the approved revision without a username; the coordinator sees who entered it.
      const url = `/api/indicator-values/history?indicator=gdp&org=${key.org}&period=${key.period}`;
      expect(((await call(null, 'GET', url)).json() as ValueHistory).history).toEqual([expect.objectContaining({ change: 'approve', status: 'approved', value: 0.1, changed_by: null })]);
      expect(((await call(coordinator, 'GET', url)).json() as ValueHistory).history.map((row) => [row.change, row.changed_by])).toEqual([['submit', 'area-reporter'], ['approve', 'coordinator']]);
    });

    it('serves the import template', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/indicator-values/template.xlsx' });
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.subarray(0, 2).toString()).toBe(zipSignature);
    });
  });
}
