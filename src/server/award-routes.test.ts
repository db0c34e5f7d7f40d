/**
 * The award ledger over HTTP: the coordinator proposes, confirms, publishes the 公示, approves and
 * pays; a second payment of a one-time award is a 409 with a clear message; the enterprise sees its
 * own award as paid; the public 公示 carries names, areas, titles and amounts only.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { defaultSecuritySettings, demoCreditCode } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

const oneTime = 'ningxia-2022.first-above-scale-rd-award';
const candidate = (year: number) => ({ enterprise_id: demoCreditCode, credit_code: demoCreditCode, name: '示范科技有限公司', area_code: '640104', incentive_id: oneTime, pack_id: 'ningxia-2022-st-action', year, amount: '246913.58', run_id: 'run-http' });

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`award ledger routes on ${target.name}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let coordinator: SignedIn;
    let enterprise: SignedIn;
    // Friday 4 December 2026 in Beijing; moved on below.
    let now = new Date('2026-12-04T02:00:00Z');

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000 }, now: () => now });
      coordinator = await signIn(app, 'coordinator');
      enterprise = await signIn(app, 'enterprise-user');
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    const as = (session: SignedIn | undefined) => (session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {});
    const post = (url: string, body: object | undefined, session: SignedIn = coordinator) => app.inject({ method: 'POST', url, headers: as(session), ...(body ? { payload: body } : {}) });
    const get = (url: string, session?: SignedIn) => app.inject({ method: 'GET', url, headers: as(session) });

    it('runs an award from candidate to paid, refuses paying the one-time award twice, and shows the enterprise its award', async () => {
      const proposed = await post('/api/awards/candidates', { candidates: [candidate(2024), candidate(2025)] });
      expect(proposed.statusCode).toBe(200);
      const ids = (proposed.json() as { created: string[] }).created;
      expect(ids).toHaveLength(2);
      expect((await post('/api/awards/confirm', { ids })).statusCode).toBe(200);
      const again = await post('/api/awards/confirm', { ids });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('当前状态为“已确认”，不能确认') } });
      const notice = await post('/api/award-notices', { title: '2026年第一批科技奖补公示', ids });
      expect(notice.json()).toMatchObject({ published_on: '2026-12-04', ends_on: '2026-12-11', state: 'open', award_count: 2 });
      const noticeId = (notice.json() as { id: string }).id;
      expect((await post('/api/awards/approve', { ids })).statusCode).toBe(409);
      now = new Date('2026-12-12T02:00:00Z');
      // Eight days on, the sessions have expired: sign in again.
      coordinator = await signIn(app, 'coordinator');
      enterprise = await signIn(app, 'enterprise-user');
      expect((await post('/api/awards/approve', { ids })).statusCode).toBe(200);
      const paid = await post(`/api/awards/${ids[0]}/payment`, { amount: '246913.58', paid_on: '2026-12-12', reference: '宁财拨〔2026〕8号' });
      expect(paid.json()).toMatchObject({ state: 'paid' });
      const twice = await post(`/api/awards/${ids[1]}/payment`, { amount: '246913.58', paid_on: '2026-12-12', reference: '宁财拨〔2026〕9号' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('该企业已领取过这项一次性奖励，不能再次拨付') } });
      const own = await get('/api/awards', enterprise);
      expect(own.statusCode).toBe(200);
      expect((own.json() as { awards: { state: string; year: number }[] }).awards.map((award) => [award.year, award.state])).toEqual([
        [2025, 'approved'],
        [2024, 'paid'],
      ]);
      const detail = await get(`/api/awards/${ids[0]}`, enterprise);
      expect(detail.json()).toMatchObject({ state: 'paid', payment: { reference: '宁财拨〔2026〕8号' } });
      // The 公示's files, public.
      const docx = await get(`/api/public/award-notices/${noticeId}/notice.docx`);
      expect(docx.statusCode).toBe(200);
      expect(docx.headers['content-type']).toContain('wordprocessingml');
      const xlsx = await get(`/api/public/award-notices/${noticeId}/notice.xlsx`);
      expect(xlsx.statusCode).toBe(200);
    });

    it('shows the public 公示 without signing in: names, areas, titles and amounts, never codes, contacts or figures', async () => {
      const response = await get('/api/public/award-notices');
      expect(response.statusCode).toBe(200);
      const body = response.json() as { notices: { items: Record<string, unknown>[] }[] };
      expect(body.notices[0]!.items[0]).toEqual({ enterprise_name: '示范科技有限公司', area_name: '兴庆区', incentive_title: '首次达到规模以上工业企业研发投入奖补', year: 2024, amount: '246913.58' });
      expect(response.body).not.toContain(demoCreditCode);
      expect(response.body).not.toMatch(/contact|phone|credit_code|run_id|created_by|reference/);
      // The ledger itself is not public.
      expect((await get('/api/awards')).statusCode).toBe(401);
    });
  });
}
