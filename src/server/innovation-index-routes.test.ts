/**
 * The innovation index over HTTP (issue 15): the specs, a result from the store's approved values
 * (demo cities and counties) and from a bundled CSV (the EIS 2025), a unit's inputs through every
 * stage, sensitivity, the Word and Excel exports, and the refusals.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { unzip } from '../../test/zip.ts';
import { defaultSecuritySettings, loadPermissionTable, noOrigin, systemActor } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { findApprovedValues, saveDraftValues } from '../indicators/index.ts';
import { bundledIndexSpecs, type IndexResultDto, type IndexSensitivity, type IndexSpecList, type IndexUnitInputs } from '../innovation-index/index.ts';
import { InProcessJobQueue, startJobWorker } from '../jobs/index.ts';
import { jobHandlers, preparePlatform } from '../platform/index.ts';
import { reportGenerateJob } from '../reports/index.ts';
import { seedIndexDemoValues } from '../platform/innovation-index-demo.ts';
import { buildApp } from './app.ts';

const now = new Date('2026-12-06T02:00:00Z');

/** A small store spec over the demo cities and counties: two pillars, national_hte per 10k people, county gaps filled from their city. */
const testSpec = `id: test-areas
version: 1
title: { zh: 测试地区创新指数, en: Test areas index }
input: store
levels: [city, county]
indicators:
  - { code: national_hte, name: { zh: 每万人高新技术企业, en: HTEs per 10k people }, denominator: { code: population, scale: 1 } }
  - { code: tech_smes, name: { zh: 科技型中小企业, en: Tech SMEs } }
  - { code: rd_intensity, name: { zh: 研发投入强度, en: R&D intensity }, weight: 2 }
tree:
  id: index
  name: { zh: 综合指数, en: Index }
  children:
    - { id: subjects, name: { zh: 创新主体, en: Innovation actors }, children: [national_hte, tech_smes] }
    - { id: inputs, name: { zh: 创新投入, en: Innovation inputs }, children: [{ indicator: rd_intensity, weight: 2 }] }
steps:
  denominate: true
  impute: group_mean
  normalise: { method: minmax, low: 0, high: 100, over: panel }
sensitivity: { weight_spread: 0.2, runs: 30, seed: 7 }
notes:
  - { zh: 测试说明, en: A test note }
`;

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`innovation index API on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let folder: string;
    let queue: InProcessJobQueue;
    const get = (url: string) => app.inject({ method: 'GET', url });

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      const permissions = await loadPermissionTable(database.db);
      await seedIndexDemoValues(database.db, { permissions, now });
      // A draft where no approved value exists (兴庆区's tech SMEs of 2021): never an input.
      await saveDraftValues(database.db, { org: '640104', period: '2021', values: [{ indicator: 'tech_smes', value: 999, source: '草稿' }] }, { actor: systemActor, permissions, origin: noOrigin, now });
      folder = mkdtempSync(join(tmpdir(), 'index-spec-'));
      writeFileSync(join(folder, 'test-areas.yaml'), testSpec);
      await createTestAccounts(database.db);
      queue = new InProcessJobQueue();
      await startJobWorker(queue, { [reportGenerateJob]: jobHandlers(database.db)[reportGenerateJob]! });
      app = await buildApp({ database, reportQueue: queue, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000 }, now: () => now, indexSpecs: () => [...bundledIndexSpecs(), { id: 'test-areas', file: join(folder, 'test-areas.yaml') }] });
    });

    afterAll(async () => {
      await app?.close();
      await queue?.stop();
      await database?.close();
      await drop?.();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    it('lists the specs', async () => {
      const response = await get('/api/innovation-index/specs');
      expect(response.statusCode).toBe(200);
      const ids = response.json<IndexSpecList>().specs.map((spec) => spec.id);
      expect(ids).toContain('eis-2025');
      expect(ids).toContain('test-areas');
    });

    it('ranks the cities and counties of the latest year with scores, pillar scores adding up, demo inputs flagged', async () => {
      const response = await get('/api/innovation-index/specs/test-areas');
      expect(response.statusCode).toBe(200);
      const body = response.json<IndexResultDto>();
      expect(body.year).toBe(2023);
      expect(body.nodes.map((node) => node.id)).toEqual(['index', 'subjects', 'inputs']);
      expect(body.indicators.map((indicator) => [indicator.code, indicator.pillar])).toEqual([
        ['national_hte', 'subjects'],
        ['tech_smes', 'subjects'],
        ['rd_intensity', 'inputs'],
      ]);
      expect(body.ranking).toHaveLength(27);
      expect(body.ranking.map((row) => row.rank)).toEqual([...body.ranking.map((row) => row.rank)].sort((a, b) => (a ?? 99) - (b ?? 99)));
      expect(body.ranking[0]!.rank).toBe(1);
      for (const row of body.ranking) {
        expect(row.score).not.toBeNull();
        expect(row.score!).toBeGreaterThanOrEqual(0);
        expect(row.score!).toBeLessThanOrEqual(100);
        // The root is the mean of its two pillars (weights 1 and 1).
        expect(row.score!).toBeCloseTo((row.nodes[1]! + row.nodes[2]!) / 2, 9);
        expect(row.demo).toBe(true);
      }
      expect(body.ranking.find((row) => row.unit === '640104')).toMatchObject({ name: { zh: '兴庆区', en: 'Xingqing District' }, parent: '640100' });
      expect(body.ranking.find((row) => row.unit === '640100')).toMatchObject({ parent: null });
      expect(body.has_demo).toBe(true);
      expect(body.spec.notes).toEqual([{ zh: '测试说明', en: 'A test note' }]);
      expect(body.spec.steps.map((step) => step.step)).toEqual(['input', 'denominate', 'impute', 'outliers', 'normalise', 'aggregate', 'rank']);
      expect(body.spec.steps[1]!.detail.zh).toContain('每万人高新技术企业 ÷ 常住人口');
      const trend = body.trend.find((entry) => entry.unit === '640104')!;
      expect(trend.points.map((point) => point.year)).toEqual(body.years);
      expect(trend.points.find((point) => point.year === 2023)!.score).toBe(body.ranking.find((row) => row.unit === '640104')!.score);
    });

    it('opens a unit’s inputs: raw value and source, each stage, what changed it, the normalised score', async () => {
      const response = await get('/api/innovation-index/specs/test-areas/units/640104?year=2023');
      expect(response.statusCode).toBe(200);
      const body = response.json<IndexUnitInputs>();
      const stored = await findApprovedValues(database.db, { orgs: ['640104'], indicators: ['national_hte', 'population'] });
      const hte = Number(stored.find((value) => value.indicator === 'national_hte' && value.period === '2023')!.value);
      const population = Number(stored.find((value) => value.indicator === 'population' && value.period === '2023')!.value);
      const national = body.indicators.find((indicator) => indicator.code === 'national_hte')!;
      expect(national).toMatchObject({ raw: hte, weight: 1, pillar: { id: 'subjects', name: { zh: '创新主体', en: 'Innovation actors' } }, demo: true, denominator: { code: 'population', name: { zh: '常住人口', en: 'Resident population' }, value: population, scale: 1 } });
      expect(national.source).toContain('演示数据');
      expect(national.stages.map((stage) => stage.stage)).toEqual(['raw', 'denominated', 'imputed', 'treated', 'normalised']);
      expect(national.stages[1]!.value).toBeCloseTo(hte / population, 12);
      expect(national.changes[0]).toMatchObject({ stage: 'denominated', from: hte, reason: { zh: `除以常住人口（${population}）`, en: `divided by Resident population (${population})` } });
      expect(national.normalised).toBe(national.stages[4]!.value);
      // The pillar is the mean of its indicators' normalised scores.
      const techSmes = body.indicators.find((indicator) => indicator.code === 'tech_smes')!;
      expect(body.nodes.find((node) => node.id === 'subjects')!.score).toBeCloseTo((national.normalised! + techSmes.normalised!) / 2, 9);
      expect(body.rank_of).toBe(27);
    });

    it('fills a county’s missing value from its city’s counties and says so; a draft is no input', async () => {
      const response = await get('/api/innovation-index/specs/test-areas/units/640104?year=2021');
      expect(response.statusCode).toBe(200);
      const techSmes = response.json<IndexUnitInputs>().indicators.find((indicator) => indicator.code === 'tech_smes')!;
      // No approved value (the region published none for 2021, and the draft does not count), and no county of 银川市 has one either.
      expect(techSmes.raw).toBeNull();
      expect(techSmes.source).toBeNull();
      expect(techSmes.normalised).toBeNull();
    });

    it('gives rank ranges under dropped indicators and perturbed weights', async () => {
      const response = await get('/api/innovation-index/specs/test-areas/sensitivity?year=2023');
      expect(response.statusCode).toBe(200);
      const body = response.json<IndexSensitivity>();
      expect(body.year).toBe(2023);
      expect(body.runs).toBe(30);
      expect(body.indicators.map((indicator) => indicator.code)).toEqual(['national_hte', 'tech_smes', 'rd_intensity']);
      expect(body.units).toHaveLength(27);
      for (const unit of body.units) {
        expect(unit.dropped).toHaveLength(3);
        expect(unit.min!).toBeLessThanOrEqual(unit.max!);
        expect(unit.dropped_min!).toBeLessThanOrEqual(unit.dropped_max!);
      }
    });

    it('ranks the demo cities and counties on the bundled Ningxia spec, the region as the unranked reference', async () => {
      const response = await get('/api/innovation-index/specs/ningxia-areas');
      expect(response.statusCode).toBe(200);
      const body = response.json<IndexResultDto>();
      expect(body.year).toBe(2023);
      expect(body.ranking.filter((row) => row.rank !== null)).toHaveLength(27);
      const region = body.ranking.find((row) => row.unit === '640000')!;
      expect(region).toMatchObject({ rank: null, group: null });
      expect(region.score).not.toBeNull();
      expect(body.ranking.at(-1)!.unit).toBe('640000');
      expect(body.has_demo).toBe(true);
      expect(body.spec.steps.find((step) => step.step === 'relative')!.detail.zh).toBe('得分 ÷ 宁夏回族自治区（2020年）得分 × 100。');
      // Relative to the region in 2020 (= 100).
      const trend = body.trend.find((entry) => entry.unit === '640000')!;
      expect(trend.points.find((point) => point.year === 2020)!.relative).toBeCloseTo(100, 9);
      const docx = await get('/api/innovation-index/specs/ningxia-areas/report.docx');
      expect(unzip(docx.rawPayload).get('word/document.xml')!.toString('utf8')).toContain('宁夏回族自治区作为参照，不参与排名');
    });

    it('reproduces the EIS 2025 from its bundled CSV', async () => {
      const response = await get('/api/innovation-index/specs/eis-2025?year=2025');
      expect(response.statusCode).toBe(200);
      const body = response.json<IndexResultDto>();
      const sweden = body.ranking.find((row) => row.unit === 'SE')!;
      expect(Math.abs(sweden.relative! - 155.456409603317)).toBeLessThan(1e-9);
      expect(sweden.group).toBe('leader');
      expect(body.has_demo).toBe(false);
    });

    it('exports the year as Excel with Chinese headers and as Word', async () => {
      const xlsx = await get('/api/innovation-index/specs/test-areas/report.xlsx?year=2023');
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['排名', '指标数据', '方法说明']);
      const ranking = workbook.getWorksheet('排名')!;
      const cells = (row: number) => (ranking.getRow(row).values as unknown[]).slice(1);
      expect(cells(1)[0]).toBe('2023年测试地区创新指数得分及排名');
      expect(cells(2).slice(0, 4)).toEqual(['名次', '地区代码', '地区', '得分']);
      expect(cells(3).slice(0, 3)).toEqual([1, expect.any(String), expect.any(String)]);
      // 27 units × 3 indicators, each with its stages and source.
      expect(workbook.getWorksheet('指标数据')!.getColumn(1).values.filter((value) => value === '640104')).toHaveLength(3);
      const docx = await get('/api/innovation-index/specs/test-areas/report.docx?year=2023');
      expect(docx.statusCode).toBe(200);
      const xml = unzip(docx.rawPayload).get('word/document.xml')!.toString('utf8');
      expect(xml).toContain('2023年测试地区创新指数测算结果');
      expect(xml).toContain('演示数据');
      expect(xml).toContain('兴庆区');
    });

    it('generates the same files in the background (report kinds of the index)', async () => {
      const reader = await signIn(app, 'area-leader');
      const ask = (kind: string) => app.inject({ method: 'POST', url: '/api/reports', headers: { cookie: reader.cookie, 'x-csrf-token': reader.csrf }, payload: { kind, params: { spec: 'ningxia-areas', year: 2023 } } });
      const workbook = await ask('innovation_index.workbook');
      const report = await ask('innovation_index.report');
      expect([workbook.statusCode, report.statusCode]).toEqual([202, 202]);
      await queue.idle();
      for (const [asked, media] of [[workbook, 'spreadsheetml'], [report, 'wordprocessingml']] as const) {
        const file = await app.inject({ method: 'GET', url: `/api/reports/${asked.json<{ id: string }>().id}/file`, headers: { cookie: reader.cookie } });
        expect(file.statusCode).toBe(200);
        expect(file.headers['content-type']).toContain(media);
        expect(file.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
      }
      const bad = await app.inject({ method: 'POST', url: '/api/reports', headers: { cookie: reader.cookie, 'x-csrf-token': reader.csrf }, payload: { kind: 'innovation_index.report', params: { spec: '../etc' } } });
      expect(bad.statusCode).toBe(400);
    });

    it('answers 404 for an unknown spec, year or unit, and 400 for a malformed id', async () => {
      expect((await get('/api/innovation-index/specs/no-such-spec')).statusCode).toBe(404);
      expect((await get('/api/innovation-index/specs/test-areas?year=1999')).statusCode).toBe(404);
      expect((await get('/api/innovation-index/specs/test-areas/units/999999?year=2023')).statusCode).toBe(404);
      expect((await get('/api/innovation-index/specs/..%2Fetc')).statusCode).toBe(400);
      expect((await get('/api/innovation-index/specs/test-areas?year=abc')).statusCode).toBe(400);
    });
  });
}
