/**
 * POST /api/calc: the calculator over the packs in the database, for signed-in callers; the
 * answer goes through the contract schema (contracts §6) and bad input names the field.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { defaultSecuritySettings } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

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
      expect(award).toMatchObject({ status: 'eligible', amount: 246913.58, amount_text: '246913.58', cap: 2000000, clause_label: '(七)' });
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
  });
}
