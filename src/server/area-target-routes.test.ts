import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type SignedIn } from '../../test/accounts.ts';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { databaseTargets } from '../../test/databases.ts';
import type { AreaTargetImportReport, AreaTargetList, PackEvaluation } from '../indicators/indicator-contract.ts';
import { buildXlsxTable } from '../shared/index.ts';

const pack = 'ningxia-2022-st-action';
const hte = 'target-national-hte-2025';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`areas' own targets on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform | undefined;
    let app: FastifyInstance;
    let coordinator: SignedIn;

    beforeAll(async () => {
      platform = await startApiPlatform(target);
      ({ app } = platform);
      // 银川市: 350 national high-tech enterprises in 2023 (approved), as the issue saw it.
      await platform.database.db.execute(sql`insert into indicator_values (indicator, org, period, value, unit, entered_value, status, origin, source)
        values ('national_hte', '640100', '2023', 350, '家', 350, 'approved', 'import', '测试数据') on conflict (indicator, org, period) do update set value = 350, entered_value = 350, status = 'approved'`);
      coordinator = await signIn(app, 'coordinator');
    });

    afterAll(() => platform?.close());

    const evaluationOf = async (org: string) => {
      const response = await app.inject({ method: 'GET', url: `/api/packs/${pack}/evaluation?org=${org}&as_of=2023` });
      expect(response.statusCode).toBe(200);
      return response.json() as PackEvaluation;
    };
    const write = (session: SignedIn, method: 'PUT' | 'DELETE' | 'POST', url: string, payload?: unknown, contentType?: string) =>
      app.inject({ method, url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(contentType ? { 'content-type': contentType } : {}) }, ...(payload === undefined ? {} : { payload: payload as string }) });

    it('never judges 银川 against the regional ≥ 500: its value, its share of the region and its rank instead', async () => {
      const evaluation = await evaluationOf('640100');
      const row = evaluation.targets.find((item) => item.target_id === hte)!;
      expect(row).toMatchObject({ value: 350, target_basis: 'none', target: null, progress: null, status: 'no_own_target', target_source: null });
      expect(row.comparison).toMatchObject({ region: { org: '640000', name: '宁夏回族自治区', period: '2023' }, share_meaningful: true, rank: expect.any(Number), rank_of: expect.any(Number) });
      expect(row.comparison!.rank).toBeGreaterThanOrEqual(1);
      // A ratio: no share, the region's value beside it.
      const ratio = evaluation.targets.find((item) => item.indicator === 'rd_intensity')!;
      expect(ratio).toMatchObject({ target_basis: 'none' });
      expect(ratio.comparison?.share_of_region ?? null).toBeNull();
      expect(ratio.comparison?.share_meaningful).toBe(false);
      // The region itself is judged against the pack's target, citing its clause.
      const region = (await evaluationOf('640000')).targets.find((item) => item.target_id === hte)!;
      expect(region).toMatchObject({ target_basis: 'own', target: 500, target_source: { kind: 'pack', clause: 3 }, comparison: null });
    });

    it('names who supplies each target’s figure', async () => {
      const evaluation = await evaluationOf('640000');
      const platforms = evaluation.targets.find((item) => item.target_id === 'target-st-platforms-2025')!;
      expect(platforms.supplier).toMatchObject({ unit_id: expect.any(String), name: expect.any(String), via: 'measure' });
    });

    it('refuses a non-coordinator (403) and judges 银川 against the target the coordinator sets, saying who set it', async () => {
      const leader = await signIn(app, 'area-leader');
      const refused = await write(leader, 'PUT', `/api/packs/${pack}/area-targets`, { target_id: hte, org: '640100', value: 400 });
      expect(refused.statusCode).toBe(403);
      const bad = await write(coordinator, 'PUT', `/api/packs/${pack}/area-targets`, { target_id: hte, org: '640100', value: 400.5 });
      expect(bad.statusCode).toBe(400);
      const set = await write(coordinator, 'PUT', `/api/packs/${pack}/area-targets`, { target_id: hte, org: '640100', value: 400, note: '市政府下达' });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toMatchObject({ org: '640100', org_name: '银川市', value: 400, kind: 'coordinator', set_by: 'coordinator', note: '市政府下达' });
      const row = (await evaluationOf('640100')).targets.find((item) => item.target_id === hte)!;
      // The public learns that the coordinator set it and when, never the username.
      expect(row).toMatchObject({ target_basis: 'own', target: 400, progress: 0.875, target_source: { kind: 'coordinator', set_by: null, set_at: expect.any(String), note: '市政府下达' } });
      expect(row.status).not.toBe('no_own_target');
      const seen = await app.inject({ method: 'GET', url: `/api/packs/${pack}/evaluation?org=640100&as_of=2023`, headers: { cookie: coordinator.cookie } });
      expect((seen.json() as PackEvaluation).targets.find((item) => item.target_id === hte)?.target_source).toMatchObject({ set_by: 'coordinator' });
      const publicList = (await app.inject({ method: 'GET', url: `/api/packs/${pack}/area-targets` })).json() as AreaTargetList;
      expect(publicList.area_targets.find((item) => item.org === '640100')).toMatchObject({ set_by: null, value: 400 });
      const audit = await platform!.database.db.execute(sql`select count(*)::int as n from audit_log where action = 'area_target.set'`);
      expect((audit as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
      const removed = await write(coordinator, 'DELETE', `/api/packs/${pack}/area-targets?target_id=${hte}&org=640100`);
      expect(removed.statusCode).toBe(200);
      expect((await evaluationOf('640100')).targets.find((item) => item.target_id === hte)).toMatchObject({ target_basis: 'none' });
    });

    it('answers concurrent first writes of one area target with 200 each, never a 500 (an upsert)', async () => {
      const key = { target_id: 'target-st-platforms-2025', org: '640500' };
      const answers = await Promise.all([120, 121, 122, 123].map((value) => write(coordinator, 'PUT', `/api/packs/${pack}/area-targets`, { ...key, value })));
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
      const listed = ((await app.inject({ method: 'GET', url: `/api/packs/${pack}/area-targets` })).json() as AreaTargetList).area_targets.filter((row) => row.org === key.org);
      expect(listed).toHaveLength(1);
      expect((await write(coordinator, 'DELETE', `/api/packs/${pack}/area-targets?target_id=${key.target_id}&org=${key.org}`)).statusCode).toBe(200);
      expect((await write(coordinator, 'DELETE', `/api/packs/${pack}/area-targets?target_id=${key.target_id}&org=${key.org}`)).statusCode).toBe(404);
    });

    it('imports a file with Chinese headers all or nothing: every problem names its line and field, and nothing is written', async () => {
      const upload = (csv: string, dryRun = false) => write(coordinator, 'POST', `/api/packs/${pack}/area-targets/import?file_name=targets.csv&dry_run=${dryRun}`, csv, 'text/csv');
      const bad = await upload('目标,地区,目标值,说明\ntarget-national-hte-2025,640100,400,\n国家高新技术企业,640200,abc,\ntarget-national-hte-2025,649999,10,\ntarget-rd-intensity-2025,640100,2,\ntarget-national-hte-2025,640300,-5,\n');
      expect(bad.statusCode).toBe(422);
      const report = bad.json() as AreaTargetImportReport;
      expect(report.problems.map((problem) => [problem.line, problem.field])).toEqual([
        [3, 'value'],
        [4, 'org'],
        [5, 'target'],
        [6, 'value'],
      ]);
      expect(report.problems[0]!.message).toContain('targets.csv:3');
      const listed = async () => ((await app.inject({ method: 'GET', url: `/api/packs/${pack}/area-targets` })).json() as AreaTargetList).area_targets;
      expect(await listed()).toEqual([]);
      const good = '目标,地区,目标值,说明\ntarget-national-hte-2025,640100,400,市政府下达\n国家高新技术企业,石嘴山市,60,\n';
      expect((await upload(good, true)).json()).toMatchObject({ dry_run: true, rows: 2, inserted: 2, revised: 0, unchanged: 0, problems: [] });
      expect(await listed()).toEqual([]);
      expect((await upload(good)).json()).toMatchObject({ dry_run: false, inserted: 2 });
      expect((await listed()).map((row) => [row.org_name, row.value])).toEqual([
        ['银川市', 400],
        ['石嘴山市', 60],
      ]);
      expect((await upload(good, true)).json()).toMatchObject({ inserted: 0, revised: 0, unchanged: 2 });
      const leader = await signIn(app, 'area-leader');
      expect((await write(leader, 'POST', `/api/packs/${pack}/area-targets/import?file_name=t.csv`, good, 'text/csv')).statusCode).toBe(403);
    });

    it('reads the same columns from an Excel file, naming the row of a bad value', async () => {
      const columns = [
        { header: '目标', key: 'target' },
        { header: '地区', key: 'org' },
        { header: '目标值', key: 'value', format: 'number' as const },
        { header: '说明', key: 'note' },
      ];
      const xlsx = (rows: Record<string, string | number | null>[]) => buildXlsxTable({ name: '目标分解', columns, rows });
      const upload = async (rows: Record<string, string | number | null>[]) =>
        write(coordinator, 'POST', `/api/packs/${pack}/area-targets/import?file_name=targets.xlsx&dry_run=true`, (await xlsx(rows)) as unknown as string, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const bad = await upload([
        { target: '各类科技创新平台', org: '吴忠市', value: 80, note: null },
        { target: '各类科技创新平台', org: '固原市', value: 12.5, note: null },
      ]);
      expect(bad.statusCode).toBe(422);
      expect((bad.json() as AreaTargetImportReport).problems.map((problem) => [problem.line, problem.field])).toEqual([[3, 'value']]);
      expect((await upload([{ target: '各类科技创新平台', org: '吴忠市', value: 80, note: null }])).json()).toMatchObject({ rows: 1, inserted: 1, problems: [] });
    });
  });
}
