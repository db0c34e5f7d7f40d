/**
 * Permissions that fail closed, over HTTP: unreviewed values never reach the public, a scoped
 * grant checked without a resource is refused, and a change of the permission table made through
 * one app server holds on another at once (app servers keep no permission state).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { defaultSecuritySettings } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

const settings = { ...defaultSecuritySettings, loginRateLimitPerMinute: 1000 };

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`scoped permissions on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let first: FastifyInstance;
    let second: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    const call = (app: FastifyInstance, session: SignedIn | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object | string, contentType?: string) =>
      app.inject({
        method,
        url,
        headers: { ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}), ...(contentType ? { 'content-type': contentType } : {}) },
        ...(payload !== undefined ? { payload } : {}),
      });

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      // Two app servers on one database, as behind a load balancer.
      first = await buildApp({ database, logLevel: 'silent', settings });
      second = await buildApp({ database, logLevel: 'silent', settings });
    });

    afterAll(async () => {
      await first?.close();
      await second?.close();
      await database?.close();
      await drop?.();
    });

    it('shows a submitted value and its reporter to reviewers only: the public sees approved revisions without usernames', async () => {
      const reporter = await signIn(first, 'area-reporter');
      const key = { org: '640104', period: '2024' };
      expect((await call(first, reporter, 'PUT', '/api/indicator-values', { ...key, values: [{ indicator: 'gdp', value: 812.5 }] })).statusCode).toBe(200);
      expect((await call(first, reporter, 'POST', '/api/indicator-values/submit', key)).statusCode).toBe(200);
      const url = `/api/indicator-values/history?indicator=gdp&org=${key.org}&period=${key.period}`;

      const anonymous = (await call(first, null, 'GET', url)).json() as { history: { status: string; changed_by: string | null }[] };
      expect(anonymous.history).toEqual([]);

      const coordinator = await signIn(first, 'coordinator');
      const reviewed = (await call(first, coordinator, 'GET', url)).json() as { history: { status: string; changed_by: string | null }[] };
      expect(reviewed.history).toEqual([expect.objectContaining({ status: 'submitted', changed_by: 'area-reporter' })]);

      expect((await call(first, coordinator, 'POST', '/api/indicator-values/approve', key)).statusCode).toBe(200);
      const published = (await call(first, null, 'GET', url)).json() as { history: { status: string; value: number; changed_by: string | null }[] };
      expect(published.history).toEqual([expect.objectContaining({ status: 'approved', value: 812.5, changed_by: null })]);
    });

    it('refuses a scoped import grant outside the reporter’s area, and a change made through one server holds on the other at once', async () => {
      const security = await signIn(first, 'security-admin');
      const granted = await call(first, security, 'PUT', '/api/permissions', { role: 'area_reporter', action: 'registry.import', scope: 'own_area' });
      expect(granted.statusCode).toBe(200);

      // The 银川 reporter (640100) may not import an enterprise of 大武口区 (640202, 石嘴山市) through either server:
      // the import is refused (422), naming the row and its area, and nothing is written.
      const reporter = await signIn(second, 'area-reporter');
      const outside = 'credit_code,name,org\n91640200MA7654321X,石嘴山某科技有限公司,640202\n';
      for (const app of [first, second]) {
        const response = await call(app, reporter, 'POST', '/api/registry/enterprises/import?file_name=outside.csv', outside, 'text/csv');
        expect(response.statusCode).toBe(422);
        const report = response.json() as { created: number; problems: { line: number; field: string; message: string }[] };
        // Every problem of the row is named: its check character is wrong too.
        expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(['2 credit_code', '2 org']);
        expect(report.problems[1]?.message).toContain('大武口区（640202）的记录不在您的导入范围（银川市）内');
        expect(report.created).toBe(0);
      }
      const coordinator = await signIn(first, 'coordinator');
      const listed = (await call(first, coordinator, 'GET', '/api/registry/enterprises?q=石嘴山某科技')).json() as { total: number };
      expect(listed.total).toBe(0);
      // An enterprise of 兴庆区 (640104, within 银川市) the same reporter does import.
      const inside = 'credit_code,name,org\n91640100MA76543219,银川某科技有限公司,640104\n';
      const imported = await call(first, reporter, 'POST', '/api/registry/enterprises/import?file_name=inside.csv', inside, 'text/csv');
      expect(imported.statusCode).toBe(200);
      expect(imported.json()).toMatchObject({ created: 1, problems: [] });
      expect(((await call(first, coordinator, 'GET', '/api/registry/enterprises?q=银川某科技')).json() as { total: number }).total).toBe(1);

      // Revoked through the first server: the second refuses the very next request.
      const coordinatorOnSecond = await signIn(second, 'coordinator');
      expect((await call(second, coordinatorOnSecond, 'GET', '/api/registry/enterprises')).statusCode).toBe(200);
      expect((await call(first, security, 'PUT', '/api/permissions', { role: 'coordinator', action: 'registry.read', scope: null })).statusCode).toBe(200);
      expect((await call(second, coordinatorOnSecond, 'GET', '/api/registry/enterprises')).statusCode).toBe(403);
      expect((await call(first, security, 'PUT', '/api/permissions', { role: 'coordinator', action: 'registry.read', scope: 'all' })).statusCode).toBe(200);
      expect((await call(second, coordinatorOnSecond, 'GET', '/api/registry/enterprises')).statusCode).toBe(200);
    });

    it('never grants unreviewed data, contacts or administration to the public', async () => {
      const security = await signIn(first, 'security-admin');
      for (const action of ['indicators.enter', 'registry.contacts', 'registry.read', 'accounts.read']) {
        const response = await call(first, security, 'PUT', '/api/permissions', { role: 'public', action, scope: 'all' });
        expect(response.statusCode, action).toBe(403);
      }
    });
  });
}
