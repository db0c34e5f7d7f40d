import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, testPassword, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createUser, defaultSecuritySettings, loadPermissionTable, noOrigin, systemActor } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`four-eyes approval on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let fourEyes: FastifyInstance;
    let alone: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      await createUser(database.db, { username: 'coordinator-2', role: 'coordinator', password: testPassword }, { actor: systemActor, permissions: await loadPermissionTable(database.db), origin: noOrigin, mustChangePassword: false });
      const settings = { ...defaultSecuritySettings, loginRateLimitPerMinute: 1000 };
      fourEyes = await buildApp({ database, logLevel: 'silent', settings: { ...settings, fourEyesApproval: true } });
      alone = await buildApp({ database, logLevel: 'silent', settings });
    });

    afterAll(async () => {
      await fourEyes?.close();
      await alone?.close();
      await database?.close();
      await drop?.();
    });

    const call = (app: FastifyInstance, session: SignedIn, method: 'POST' | 'PUT', url: string, payload: object) =>
      app.inject({ method, url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, payload });

    it('refuses the submitter’s own approval with 409 naming who submitted, and lets another account approve', async () => {
      const coordinator = await signIn(fourEyes, 'coordinator');
      const key = { org: '640105', period: '2024' };
      expect((await call(fourEyes, coordinator, 'PUT', '/api/indicator-values', { ...key, values: [{ indicator: 'gdp', value: 0.2 }] })).statusCode).toBe(200);
      expect((await call(fourEyes, coordinator, 'POST', '/api/indicator-values/submit', key)).statusCode).toBe(200);
      const own = await call(fourEyes, coordinator, 'POST', '/api/indicator-values/approve', key);
      expect(own.statusCode).toBe(409);
      const error = (own.json() as { error: { code: string; message: string; message_en: string; details: unknown } }).error;
      expect(error).toMatchObject({ code: 'conflict', details: { submitted_by: 'coordinator', indicators: ['gdp'] } });
      expect(error.message).toContain('由 coordinator 提交');
      expect(error.message_en).toContain('submitted by coordinator');
      const other = await signIn(fourEyes, 'coordinator-2');
      const approved = await call(fourEyes, other, 'POST', '/api/indicator-values/approve', key);
      expect(approved.json()).toEqual({ changed: [{ indicator: 'gdp', status: 'approved' }] });
    });

    it('lets one account submit and approve when four-eyes approval is off (the default)', async () => {
      expect(defaultSecuritySettings.fourEyesApproval).toBe(false);
      const coordinator = await signIn(alone, 'coordinator');
      const key = { org: '640105', period: '2025' };
      expect((await call(alone, coordinator, 'PUT', '/api/indicator-values', { ...key, values: [{ indicator: 'gdp', value: 0.3 }] })).statusCode).toBe(200);
      expect((await call(alone, coordinator, 'POST', '/api/indicator-values/submit', key)).statusCode).toBe(200);
      expect((await call(alone, coordinator, 'POST', '/api/indicator-values/approve', key)).json()).toEqual({ changed: [{ indicator: 'gdp', status: 'approved' }] });
    });
  });
}
