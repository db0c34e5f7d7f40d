/**
 * POST /api/calc: the calculator over the packs in the database, for signed-in callers; the
 * answer goes through the contract schema (contracts §6) and bad input names the field. GET
 * /api/calc/enterprises/:code: the same for a registry enterprise, within the caller's scope.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { defaultSecuritySettings, demoCreditCode, loadPermissionTable, noOrigin, systemActor } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import type { EnterpriseCalc } from '../incentives/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { importRegistry, type RegistryKind } from '../registry/index.ts';
import { readTableFile } from '../shared/index.ts';
import { buildApp } from './app.ts';
import { unzip } from '../../test/zip.ts';

const profile = {
  credit_code: '91640100MA76A0018N',
  name: '甲科技有限公司',
  industry: 'C3989',
  events: [{ type: 'first_above_scale', year: 2024 }],
  years: { '2023': { revenue: 48000000, rd_expense: 1234567.89 } },
};

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`POST /api/calc on ${target.name}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let session: SignedIn;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000 }, now: () => new Date('2024-06-01T04:00:00Z') });
      session = await signIn(app, 'enterprise-user');
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    const post = (body: unknown, signedIn = true) =>
      app.inject({ method: 'POST', url: '/api/calc', headers: signedIn ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}, payload: body as object });

    it('answers the exact award with its clause, trace and contract fields', async () => {
      const response = await post({ year: 2024, profile });
      expect(response.statusCode).toBe(200);
      const result = response.json() as { year: number; calculated_on: string; benefits: { incentive: string; status: string; amount: number; amount_text: string; cap: number; clause_label: string; trace: { step: string }[] }[] };
      expect(result.calculated_on).toBe('2024-06-01');
      const award = result.benefits.find((b) => b.incentive === 'ningxia-2022.first-above-scale-rd-award');
      expect(award).toMatchObject({ status: 'eligible', amount: 246913.58, amount_text: '246913.58', cap: 2000000, clause_label: '（七）' });
      expect(award?.trace.map((step) => step.step)).toEqual(expect.arrayContaining(['trigger', 'base_rd', 'amount']));
    });

    it('refuses the public', async () => {
      expect((await post({ year: 2024, profile }, false)).statusCode).toBe(401);
    });

    it('refuses a bad profile naming the field', async () => {
      const response = await post({ year: 2024, profile: { ...profile, years: { '2023': { rd_expense: -5 } } } });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('profile.years.2023.rd_expense');
    });

    it('computes a horizontal research project by its kind, its threshold 500,000 exceeded by 0.01; names a misspelt field', async () => {
      const response = await post({ year: 2024, profile: { kind: 'project', undertaker: 'research_institute', horizontal: true, funding: 500000.01 } });
      expect(response.statusCode).toBe(200);
      const result = response.json() as { benefits: { incentive: string; status: string }[]; packs: { id: string; in_force: boolean }[] };
      expect(result.benefits.map((b) => [b.incentive, b.status])).toEqual([['ningxia-2022.horizontal-project-equivalence', 'eligible']]);
      expect(result.packs.find((pack) => pack.id === 'ningxia-2022-st-action')).toMatchObject({ in_force: true });
      const misspelt = await post({ year: 2024, profile: { kind: 'project', fundng: 600000 } });
      expect(misspelt.statusCode).toBe(400);
      expect(misspelt.body).toContain('profile.fundng: unknown field');
    });
  });
}


for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`GET /api/calc/enterprises/:code on ${target.name}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    const other = '91640202MA0000012X';

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      const options = { tree: await findAreaTree(database.db), actor: systemActor, permissions: await loadPermissionTable(database.db), origin: noOrigin, now: new Date('2024-06-01T04:00:00Z') };
      const load = async (kind: RegistryKind, csv: string) => expect((await importRegistry(database.db, kind, `${kind}.csv`, await readTableFile(`${kind}.csv`, Buffer.from(csv)), options)).problems).toEqual([]);
      await load('enterprises', `credit_code,name,org,industry,founded\n${demoCreditCode},合成·演示企业有限公司,640106,I6513,2016-05-18\n${other},石嘴山黄河化工有限公司,640202,C2614,2010-01-01\n`);
      await load('enterprise_years', `credit_code,year,revenue,rd_expense\n${demoCreditCode},2023,48000000,1234567.89\n`);
      await load('enterprise_events', `credit_code,type,year\n${demoCreditCode},first_above_scale,2024\n`);
      app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000 }, now: () => new Date('2024-06-01T04:00:00Z') });
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    const get = (session: SignedIn, url: string) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });

    it('computes the enterprise user’s own benefits from its registry profile, and answers the profile used', async () => {
      const own = await signIn(app, 'enterprise-user');
      const response = await get(own, `/api/calc/enterprises/${demoCreditCode}`);
      expect(response.statusCode).toBe(200);
      const result = response.json() as EnterpriseCalc;
      // The year defaults to the current year in Beijing (the injected clock).
      expect(result).toMatchObject({ year: 2024, credit_code: demoCreditCode, calculated_on: '2024-06-01' });
      expect(result.profile).toMatchObject({ credit_code: demoCreditCode, events: [{ type: 'first_above_scale', year: 2024 }], years: { '2023': { revenue: '48000000.00', rd_expense: '1234567.89' } } });
      const award = result.benefits.find((b) => b.incentive === 'ningxia-2022.first-above-scale-rd-award');
      expect(award).toMatchObject({ status: 'eligible', amount_text: '246913.58', cap: 2000000 });
      // Every pack in force: the national criteria are there too.
      expect(result.benefits.map((b) => b.incentive)).toEqual(expect.arrayContaining(['national.hte-recognition', 'national.tech-sme-evaluation', 'national.rd-super-deduction']));
      // Another year: no first above-scale event in 2025, so no award.
      const later = (await get(own, `/api/calc/enterprises/${demoCreditCode}?year=2025`)).json() as EnterpriseCalc;
      expect(later.year).toBe(2025);
      expect(later.benefits.find((b) => b.incentive === 'ningxia-2022.first-above-scale-rd-award')?.status).toBe('ineligible');
    });

    it('keeps to the caller’s registry scope: another firm is 404 for an enterprise user and an area role of another area; the coordinator sees any', async () => {
      const own = await signIn(app, 'enterprise-user');
      expect((await get(own, `/api/calc/enterprises/${other}`)).statusCode).toBe(404);
      const area = await signIn(app, 'area-reporter');
      expect((await get(area, `/api/calc/enterprises/${other}`)).statusCode).toBe(404);
      const coordinator = await signIn(app, 'coordinator');
      const response = await get(coordinator, `/api/calc/enterprises/${other}`);
      expect(response.statusCode).toBe(200);
      expect((response.json() as EnterpriseCalc).profile.name).toBe('石嘴山黄河化工有限公司');
      expect((await get(coordinator, '/api/calc/enterprises/91640000MA00000000')).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: `/api/calc/enterprises/${demoCreditCode}` })).statusCode).toBe(401);
    });

    it('exports the result as a Word document naming the firm, the amount and the clause, within the same scope', async () => {
      const own = await signIn(app, 'enterprise-user');
      const response = await get(own, `/api/calc/enterprises/${demoCreditCode}/report.docx?year=2024`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const xml = unzip(response.rawPayload).get('word/document.xml')?.toString('utf8') ?? '';
      const text = xml.replace(/<[^>]+>/g, '');
      expect(text).toContain('合成·演示企业有限公司');
      // 20 % of 1,234,567.89, in the policy's unit and to the 分.
      expect(text).toContain('24.691358万元（246,913.58元）');
      expect(text).toContain('依据：（七）');
      // Every traced step in words, the extra outputs too (no raw tax_saving).
      expect(text).toContain('少缴企业所得税（加计扣除额 × 适用税率）：308641.97');
      expect(text).toContain('可享受');
      // Codes of the rules and packs are put in words: 首次纳入规模以上企业, 国家高新技术企业, 2023年研发费用.
      expect(text).toContain('2024年发生事件 首次纳入规模以上企业');
      expect(text).not.toMatch(/national_hte|first_above_scale|years\.\d{4}\./);
      // GB/T 9704 body text: 3号 (16 pt = 32 half-points) 仿宋_GB2312.
      expect(unzip(response.rawPayload).get('word/styles.xml')?.toString('utf8')).toContain('仿宋_GB2312');
      expect((await get(own, `/api/calc/enterprises/${other}/report.docx?year=2024`)).statusCode).toBe(404);
    });

    it('refuses a year out of range', async () => {
      const coordinator = await signIn(app, 'coordinator');
      expect((await get(coordinator, `/api/calc/enterprises/${demoCreditCode}?year=abc`)).statusCode).toBe(400);
    });
  });
}
