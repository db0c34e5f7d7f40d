/**
 * The assessment over HTTP (issue 14): scores computed on read from injected records, ranks over
 * everybody, rows cut to the reader's areas; the scheme; the 督查通报 as Word and Excel for the
 * coordinator only.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { unzip } from '../../test/zip.ts';
import { defaultSecuritySettings } from '../accounts/index.ts';
import type { AssessmentResult, AssessmentScheme } from '../assessment/index.ts';
import { area, exampleRecords } from '../assessment/fixtures/example-records.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { readTableFile } from '../shared/index.ts';
import { buildApp } from './app.ts';

const now = new Date('2026-12-06T02:00:00Z');
// 兴庆区 (in 银川市, the area leader's city): 4 reports on time, 1 of 2 milestones met, no notice,
// one target at 0.9 → 30 + 15 + 20 + 18 = 83.00, second among the four areas after 石嘴山市's 100.
const records = [...exampleRecords, area('640104', '兴庆区', { reports: { due: 4, on_time: 4, late: 0, missing: 0 }, milestones: { due: 2, met: 1 }, targets: [{ indicator: 'national_hte', attainment: 0.9 }] })];

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`assessment API on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let coordinator: SignedIn;
    let areaLeader: SignedIn;
    const years: number[] = [];
    const get = (session: SignedIn, url: string) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      app = await buildApp({
        database,
        logLevel: 'silent',
        settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000 },
        now: () => now,
        assessmentRecords: { recordsOf: (year) => (years.push(year), Promise.resolve(year === 2026 ? records : [])) },
      });
      coordinator = await signIn(app, 'coordinator');
      areaLeader = await signIn(app, 'area-leader');
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    it('scores and ranks every unit and area for the coordinator, with each part’s basis', async () => {
      const response = await get(coordinator, '/api/assessment/2026');
      expect(response.statusCode).toBe(200);
      const body = response.json<AssessmentResult>();
      expect(body.scheme).toEqual({ id: 'default', title: { zh: '督查督办年度考核评分办法（默认方案）', en: 'Yearly supervision assessment scheme (default)' }, version: 1 });
      expect(body.units.map((score) => [score.name, score.total, score.rank])).toEqual([
        ['科技厅', '95.31', 1],
        ['财政厅', '84.38', 2],
        ['发展改革委', '84.38', 2],
        ['卫生健康委', '70.00', 4],
        ['教育厅', '0.00', null],
      ]);
      expect(body.areas.map((score) => [score.name, score.total, score.rank])).toEqual([
        ['石嘴山市', '100.00', 1],
        ['兴庆区', '83.00', 2],
        ['银川市', '70.50', 3],
        ['吴忠市', '32.50', 4],
      ]);
      expect(body.units[0]!.parts[0]!.basis.counts).toEqual({ due: 4, on_time: 3, late: 1, missing: 0 });
      expect(years).toContain(2026);
    });

    it('gives an area leader only its own areas’ rows, with their ranks among all areas', async () => {
      const body = (await get(areaLeader, '/api/assessment/2026')).json<AssessmentResult>();
      expect(body.units).toEqual([]);
      expect(body.areas.map((score) => [score.name, score.rank])).toEqual([
        ['兴庆区', 2],
        ['银川市', 3],
      ]);
    });

    it('answers an empty year with empty lists, and refuses a year that is no year', async () => {
      expect((await get(coordinator, '/api/assessment/2025')).json()).toMatchObject({ year: 2025, units: [], areas: [] });
      const bad = await get(coordinator, '/api/assessment/20x6');
      expect(bad.statusCode).toBe(400);
    });

    it('presents the scheme', async () => {
      const scheme = (await get(areaLeader, '/api/assessment/scheme')).json<AssessmentScheme>();
      expect(scheme.criteria.map((criterion) => `${criterion.label.zh} ${criterion.max}`)).toEqual(['按时报送 30.00', '节点完成 30.00', '督办落实 20.00', '指标目标完成 20.00']);
    });

    it('gives the coordinator the 通报 as Word, with the number asked for, and refuses it to an area leader', async () => {
      const response = await get(coordinator, `/api/assessment/2026/report.docx?red_header=1&doc_number=${encodeURIComponent('宁科督〔2026〕3号')}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('wordprocessingml');
      expect(response.headers['content-disposition']).toContain(encodeURIComponent('2026年度督查考核通报.docx'));
      const xml = unzip(response.rawPayload).get('word/document.xml')!.toString('utf8');
      expect(xml).toContain('宁科督〔2026〕3号');
      expect(xml).toContain('二〇二六年十二月六日');
      expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
      const refused = await get(areaLeader, '/api/assessment/2026/report.docx');
      expect(refused.statusCode).toBe(403);
    });

    it('gives the coordinator the scores as Excel with Chinese headers', async () => {
      const response = await get(coordinator, '/api/assessment/2026/report.xlsx');
      expect(response.statusCode).toBe(200);
      const table = await readTableFile('scores.xlsx', response.rawPayload);
      expect(table.columns.slice(0, 4)).toEqual(['类别', '名次', '名称', '代码']);
      expect(table.rows.map((row) => row.cells['名称'])).toEqual(['科技厅', '财政厅', '发展改革委', '卫生健康委', '教育厅', '石嘴山市', '兴庆区', '银川市', '吴忠市']);
      expect((await get(areaLeader, '/api/assessment/2026/report.xlsx')).statusCode).toBe(403);
    });
  });
}
