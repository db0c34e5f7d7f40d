import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, testPassword } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { accountListSchema, defaultSecuritySettings, findUserByUsername } from '../accounts/index.ts';
import { deploymentSecurity, readEnvironment } from '../cli/config.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

type ErrorAnswer = { error: { code: string; message: string; message_en: string; details?: unknown } };
const withoutRequestId = (body: ErrorAnswer) => ({ code: body.error.code, message: body.error.message, message_en: body.error.message_en, details: body.error.details });

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`sign-in lockout, unlock and refusal audit on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let clock = new Date('2026-03-02T09:00:00Z');

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform({ ...created.options, packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
      await createTestAccounts(database.db);
      app = await buildApp({ database, logLevel: 'silent', now: () => clock, settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000, accountLockoutThreshold: 8 } });
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    beforeEach(async () => {
      clock = new Date(clock.getTime() + 24 * 3_600_000);
      await database.db.execute(sql`delete from login_failures`);
      await database.db.execute(sql`update users set failed_login_count = 0, locked_until = null, status = 'active'`);
    });

    const attempt = (username: string, password: string, from: string) =>
      app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: from });

    it('locks an account for the address that failed five times only; its owner elsewhere still signs in', async () => {
      for (let failure = 1; failure <= 5; failure += 1) expect((await attempt('system-admin', 'Wrong-pass-1', '203.0.113.9')).statusCode).toBe(401);
      // The attacker's address is locked out, even with the right password.
      expect((await attempt('system-admin', testPassword, '203.0.113.9')).statusCode).toBe(401);
      // The administrator at another address is not.
      expect((await attempt('system-admin', testPassword, '198.51.100.7')).statusCode).toBe(200);
      // The lock holds for lockoutMinutes at that address, then lifts.
      clock = new Date(clock.getTime() + 16 * 60_000);
      expect((await attempt('system-admin', testPassword, '203.0.113.9')).statusCode).toBe(200);
    });

    it('locks the account everywhere at the much higher ceiling of failures from every address together', async () => {
      // accountLockoutThreshold is 8 here (50 by default): one failure from each of eight addresses.
      for (let source = 1; source <= 8; source += 1) expect((await attempt('unit-reporter', 'Wrong-pass-1', `192.0.2.${source}`)).statusCode).toBe(401);
      expect((await attempt('unit-reporter', testPassword, '198.51.100.50')).statusCode).toBe(401);
      const [reason] = await queryRows<{ reason: string }>(database.db, sql`select after->>'reason' as reason from audit_log where action = 'session.login' order by seq desc limit 1`);
      expect(reason?.reason).toBe('locked');
    });

    it('gives an unknown user, a wrong password and a locked account the same answer, and audits the lock', async () => {
      const unknown = await attempt('no-such-user', 'Wrong-pass-1', '203.0.113.20');
      const wrong: ErrorAnswer[] = [];
      for (let failure = 1; failure <= 5; failure += 1) wrong.push((await attempt('coordinator', 'Wrong-pass-1', '203.0.113.20')).json());
      const locked = await attempt('coordinator', testPassword, '203.0.113.20');
      expect(locked.statusCode).toBe(unknown.statusCode);
      for (const answer of [...wrong, locked.json() as ErrorAnswer]) expect(withoutRequestId(answer)).toEqual(withoutRequestId(unknown.json()));
      const reasons = await queryRows<{ reason: string; source: string }>(
        database.db,
        sql`select after->>'reason' as reason, after->>'source' as source from audit_log where action = 'session.login' and after->>'username' = 'coordinator' order by seq desc limit 2`,
      );
      expect(reasons).toEqual([
        { reason: 'locked_for_source', source: '203.0.113.20' },
        { reason: 'wrong_password_locked_for_source', source: '203.0.113.20' },
      ]);
    });

    it('lets the system administrator unlock a locked, active account with "enable"; 409 when nothing is locked', async () => {
      const admin = await signIn(app, 'system-admin');
      const reporter = await findUserByUsername(database.db, 'area-reporter');
      const enable = () => app.inject({ method: 'POST', url: `/api/accounts/${reporter!.id}/enable`, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
      expect((await enable()).statusCode).toBe(409);
      for (let failure = 1; failure <= 5; failure += 1) await attempt('area-reporter', 'Wrong-pass-1', '203.0.113.30');
      expect((await attempt('area-reporter', testPassword, '203.0.113.30')).statusCode).toBe(401);
      // The administrator sees for which address the account is locked, and until when.
      const listed = () => app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie: admin.cookie } });
      const entry = async () => accountListSchema.parse((await listed()).json()).accounts.find((account) => account.username === 'area-reporter');
      expect((await entry())?.locked_addresses).toEqual([{ address: '203.0.113.30', locked_until: new Date(clock.getTime() + 15 * 60_000).toISOString() }]);
      const enabled = await enable();
      expect(enabled.statusCode).toBe(200);
      expect(enabled.json()).toMatchObject({ account: { status: 'active', locked_until: null } });
      expect((await attempt('area-reporter', testPassword, '203.0.113.30')).statusCode).toBe(200);
      expect((await entry())?.locked_addresses).toEqual([]);
      // And the account-wide lock too.
      await database.db.execute(sql`update users set locked_until = ${new Date(clock.getTime() + 3_600_000).toISOString()}::timestamptz where username = 'area-reporter'`);
      expect((await attempt('area-reporter', testPassword, '198.51.100.1')).statusCode).toBe(401);
      expect((await enable()).statusCode).toBe(200);
      expect((await attempt('area-reporter', testPassword, '198.51.100.1')).statusCode).toBe(200);
    });

    it('audits a burst of refusals as one row with a count, then one row per window', async () => {
      const reporter = await signIn(app, 'unit-reporter');
      const refuse = () => app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie: reporter.cookie } });
      const denials = () =>
        queryRows<{ count: string | null }>(
          database.db,
          sql`select after->>'refused_count' as count from audit_log where action = 'permission.denied' and actor_username = 'unit-reporter' and entity_id = 'GET /api/accounts' order by seq`,
        );
      const before = (await denials()).length;
      for (let request = 1; request <= 20; request += 1) expect((await refuse()).statusCode).toBe(403);
      expect((await denials()).slice(before)).toEqual([{ count: '1' }]);
      clock = new Date(clock.getTime() + 61_000);
      expect((await refuse()).statusCode).toBe(403);
      // The row after the window counts the 19 refused in between and itself.
      expect((await denials()).slice(before)).toEqual([{ count: '1' }, { count: '20' }]);
    });

    it('counts concurrent wrong passwords from one address without a 500, and locks that address only', async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => attempt('unit-leader', 'Wrong-pass-1', '203.0.113.40')));
      expect(answers.map((response) => response.statusCode)).toEqual(Array.from({ length: 12 }, () => 401));
      expect((await attempt('unit-leader', testPassword, '203.0.113.40')).statusCode).toBe(401);
      expect((await attempt('unit-leader', testPassword, '198.51.100.40')).statusCode).toBe(200);
    });

    it('writes one row for refusals that arrive at once, and answers every one of them 403', async () => {
      const reporter = await signIn(app, 'area-reporter');
      const refusals = await Promise.all(Array.from({ length: 25 }, () => app.inject({ method: 'GET', url: '/api/permissions', headers: { cookie: reporter.cookie } })));
      expect(refusals.map((response) => response.statusCode)).toEqual(Array.from({ length: 25 }, () => 403));
      const rows = await queryRows<{ count: string }>(
        database.db,
        sql`select after->>'refused_count' as count from audit_log where action = 'permission.denied' and actor_username = 'area-reporter' and entity_id = 'GET /api/permissions'`,
      );
      expect(rows).toEqual([{ count: '1' }]);
      const [burst] = await queryRows<{ pending: number }>(database.db, sql`select pending from refusal_bursts where route = 'GET /api/permissions'`);
      expect(burst?.pending).toBe(24);
    });
  });
}

describe('client address and cookies, as the environment configures them', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await preparePlatform({ dataDir: 'memory://', packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
    await createTestAccounts(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  const environment = (env: Record<string, string>) => {
    const read = readEnvironment(env);
    if (!read.ok) throw new Error(read.problems.join('; '));
    return deploymentSecurity(read.config);
  };
  const appWith = async (env: Record<string, string>, loginRateLimitPerMinute = 10_000) => {
    const security = environment(env);
    return buildApp({ database, logLevel: 'silent', trustProxy: security.trustProxy, settings: { ...defaultSecuritySettings, loginRateLimitPerMinute, secureCookies: security.secureCookies } });
  };

  it('reads COOKIE_SECURE and TRUST_PROXY once: Secure by default in production, no proxy trusted by default', () => {
    expect(environment({})).toEqual({ secureCookies: false, trustProxy: false, fourEyesApproval: false, reviewLevels: ['city', 'region'] });
    expect(environment({ REVIEW_LEVELS: 'region' })).toMatchObject({ reviewLevels: ['region'] });
    expect(environment({ REVIEW_LEVELS: 'region, city' })).toMatchObject({ reviewLevels: ['city', 'region'] });
    const levels = readEnvironment({ REVIEW_LEVELS: 'county' });
    expect(levels.ok ? [] : levels.problems).toEqual([expect.stringContaining('REVIEW_LEVELS')]);
    expect(environment({ NODE_ENV: 'production' })).toMatchObject({ secureCookies: true });
    expect(environment({ NODE_ENV: 'production', COOKIE_SECURE: 'false' })).toMatchObject({ secureCookies: false });
    expect(environment({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' })).toMatchObject({ trustProxy: ['10.0.0.1', '10.1.0.0/16'] });
    expect(environment({ TRUST_PROXY: '1', FOUR_EYES_APPROVAL: 'true' })).toMatchObject({ trustProxy: 1, fourEyesApproval: true });
    const bad = readEnvironment({ COOKIE_SECURE: 'maybe', TRUST_PROXY: 'proxy.example' });
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringContaining('COOKIE_SECURE'), expect.stringContaining('TRUST_PROXY')]);
  });

  it('sends the session cookies with the Secure flag when configured, and without it when not', async () => {
    for (const [env, secure] of [[{ COOKIE_SECURE: 'true' }, true], [{ NODE_ENV: 'production' }, true], [{}, false]] as const) {
      const app = await appWith(env);
      try {
        const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'unit-reporter', password: testPassword } });
        expect(response.statusCode).toBe(200);
        for (const name of ['kc_session', 'kc_csrf']) expect(response.cookies.find((cookie) => cookie.name === name)?.secure ?? false, `${JSON.stringify(env)} ${name}`).toBe(secure);
      } finally {
        await app.close();
      }
    }
  });

  it('ignores X-Forwarded-For by default: a forged one neither escapes the login rate limit nor reaches the audit', async () => {
    const app = await appWith({}, 3);
    try {
      const statuses: number[] = [];
      for (let request = 1; request <= 4; request += 1) {
        const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'no-such-user', password: 'Wrong-pass-1' }, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': `198.51.100.${request}` } });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const [row] = await queryRows<{ client_ip: string }>(database.db, sql`select client_ip from audit_log where action = 'session.login' order by seq desc limit 1`);
      expect(row?.client_ip).toBe('127.0.0.1');
    } finally {
      await app.close();
    }
  });

  it('believes X-Forwarded-For from a proxy named in TRUST_PROXY', async () => {
    const app = await appWith({ TRUST_PROXY: '127.0.0.1' });
    try {
      await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'no-such-user', password: 'Wrong-pass-1' }, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.77' } });
      const [row] = await queryRows<{ client_ip: string }>(database.db, sql`select client_ip from audit_log where action = 'session.login' order by seq desc limit 1`);
      expect(row?.client_ip).toBe('198.51.100.77');
    } finally {
      await app.close();
    }
  });
});
