import { permissionTableSchema, sessionSchema, actionCatalog, preparePlatform } from '../platform/index.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, testPassword } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { accountListSchema, accountWithPasswordSchema, noOrigin, systemActor, createUser, loadPermissionTable, defaultSecuritySettings, findUserByUsername, updateUser } from '../accounts/index.ts';
import { auditPageSchema, auditVerificationSchema } from '../audit/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { today } from '../shared/index.ts';
import { buildApp } from './app.ts';
import { classifyDatabaseError } from '../db/index.ts';

describe('sign-in, sessions and CSRF', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let clock = new Date('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    database = await preparePlatform({ dataDir: 'memory://', packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
    await createTestAccounts(database.db);
    app = await buildApp({ database, logLevel: 'silent', now: () => clock, settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000 } });
  });

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  beforeEach(async () => {
    clock = new Date(clock.getTime() + 24 * 3_600_000);
    const user = await findUserByUsername(database.db, 'unit-reporter');
    if (user) await updateUser(database.db, user.id, { failedLoginCount: 0, lockedUntil: null, status: 'active', mustChangePassword: false });
    await database.db.execute(sql`delete from login_failures`);
  });

  const me = (session: { cookie: string }) => app.inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } });

  it('answers a wrong password and an unknown user with the same message', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'unit-reporter', password: 'Wrong-pass-1' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'no-such-user', password: 'Wrong-pass-1' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = (response: typeof wrong) => (response.json() as { error: { code: string; message: string } }).error;
    expect(message(wrong)).toEqual({ ...message(unknown), request_id: expect.any(String) } as never);
    expect(message(wrong).message).toBe('用户名或密码错误');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'unit-reporter', password: testPassword } });
    const session = response.cookies.find((cookie) => cookie.name === 'kc_session');
    const csrf = response.cookies.find((cookie) => cookie.name === 'kc_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(csrf?.httpOnly).toBeFalsy();
    expect((response.json() as { csrf_token: string }).csrf_token).toBe(csrf?.value);
  });

  it('locks the account (for the failing address) after 5 failures for 15 minutes, even against the right password, with the same answer', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'unit-reporter', password: 'Wrong-pass-1' } });
      expect((response.json() as { error: { code: string } }).error.code).toBe('invalid_credentials');
    }
    const locked = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'unit-reporter', password: testPassword } });
    expect((locked.json() as { error: { code: string } }).error.code).toBe('invalid_credentials');
    expect((await signIn(app, 'unit-reporter')).status).toBe(401);
    clock = new Date(clock.getTime() + 14 * 60_000);
    expect((await signIn(app, 'unit-reporter')).status).toBe(401);
    clock = new Date(clock.getTime() + 2 * 60_000);
    expect((await signIn(app, 'unit-reporter')).status).toBe(200);
  });

  it('ends a session idle for more than 30 minutes with 401', async () => {
    const session = await signIn(app, 'unit-reporter');
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await me(session)).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await me(session)).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 31 * 60_000);
    const expired = await me(session);
    expect(expired.statusCode).toBe(401);
    expect((expired.json() as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it('ends any session after 12 hours, however active', async () => {
    const session = await signIn(app, 'unit-reporter');
    const signedInAt = clock.getTime();
    // Active every 20 minutes: never idle, yet the session ends at 12 hours.
    for (let minutes = 20; minutes <= 11 * 60 + 40; minutes += 20) {
      clock = new Date(signedInAt + minutes * 60_000);
      expect((await me(session)).statusCode, `${minutes} min`).toBe(200);
    }
    clock = new Date(signedInAt + (12 * 60 + 1) * 60_000);
    expect((await me(session)).statusCode).toBe(401);
  });

  it('refuses a state-changing request without the CSRF token, and accepts it with the token', async () => {
    const session = await signIn(app, 'unit-reporter');
    const without = await app.inject({ method: 'POST', url: '/api/session/revoke-all', headers: { cookie: session.cookie } });
    expect(without.statusCode).toBe(403);
    expect((without.json() as { error: { code: string } }).error.code).toBe('csrf');
    const wrong = await app.inject({ method: 'POST', url: '/api/session/revoke-all', headers: { cookie: session.cookie, 'x-csrf-token': 'forged' } });
    expect(wrong.statusCode).toBe(403);
    const right = await app.inject({ method: 'POST', url: '/api/session/revoke-all', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
    expect(right.statusCode).toBe(204);
  });

  it('logs out everywhere: every session of the account ends', async () => {
    const first = await signIn(app, 'unit-reporter');
    const second = await signIn(app, 'unit-reporter');
    const other = await signIn(app, 'coordinator');
    await app.inject({ method: 'POST', url: '/api/session/revoke-all', headers: { cookie: first.cookie, 'x-csrf-token': first.csrf } });
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);
  });

  it('forces a password change at first login, then lets the user in', async () => {
    const permissions = await loadPermissionTable(database.db);
    await createUser(database.db, { username: 'first-timer', role: 'unit_reporter', unit_id: 'finance-department', password: 'Initial-pass-1' }, { actor: systemActor, permissions, origin: noOrigin });
    const session = await signIn(app, 'first-timer', 'Initial-pass-1');
    expect(session.status).toBe(200);
    const blocked = await app.inject({ method: 'GET', url: '/api/workspace', headers: { cookie: session.cookie } });
    expect((blocked.json() as { error: { code: string } }).error.code).toBe('password_change_required');
    const weak = await app.inject({ method: 'POST', url: '/api/account/password', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, payload: { current_password: 'Initial-pass-1', new_password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect((weak.json() as { error: { code: string; details: { rule: string }[] } }).error.details.map((detail) => detail.rule)).toEqual(['min_length', 'character_classes']);
    const changed = await app.inject({ method: 'POST', url: '/api/account/password', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, payload: { current_password: 'Initial-pass-1', new_password: 'Better-pass-2' } });
    expect(changed.statusCode).toBe(204);
    const workspace = await app.inject({ method: 'GET', url: '/api/workspace', headers: { cookie: session.cookie } });
    expect(workspace.statusCode).toBe(200);
  });

  it('shows a unit reporter only its own unit in its workspace', async () => {
    const session = await signIn(app, 'unit-reporter');
    const workspace = (await app.inject({ method: 'GET', url: '/api/workspace', headers: { cookie: session.cookie } })).json() as { units: { unit: { id: string } }[] };
    expect(workspace.units.map((entry) => entry.unit.id)).toEqual(['finance-department']);
    const area = await signIn(app, 'area-reporter');
    const areaWorkspace = (await app.inject({ method: 'GET', url: '/api/workspace', headers: { cookie: area.cookie } })).json() as { units: { unit: { id: string } }[] };
    expect(areaWorkspace.units.map((entry) => entry.unit.id).sort()).toEqual(['gov-640100', 'gov-640104']);
  });

  it('lets the security administrator change a permission, but never sign-in or the administrators’ own rights', async () => {
    const security = await signIn(app, 'security-admin');
    const put = (payload: object) => app.inject({ method: 'PUT', url: '/api/permissions', headers: { cookie: security.cookie, 'x-csrf-token': security.csrf }, payload });
    expect((await put({ role: 'enterprise_user', action: 'workspace.read', scope: null })).statusCode).toBe(200);
    expect((await put({ role: 'enterprise_user', action: 'workspace.read', scope: 'own_enterprise' })).statusCode).toBe(200);
    for (const payload of [
      { role: 'unit_reporter', action: 'session.create', scope: null },
      { role: 'coordinator', action: 'audit.read', scope: 'all' },
      { role: 'security_admin', action: 'workspace.read', scope: 'all' },
    ]) {
      const refused = await put(payload);
      expect(refused.statusCode, JSON.stringify(payload)).toBe(403);
    }
  });

  it('answers the session as its contract says, with the abilities of the role', async () => {
    const session = await signIn(app, 'unit-reporter');
    const body = sessionSchema.parse((await me(session)).json());
    expect(body.user).toMatchObject({ username: 'unit-reporter', role: 'unit_reporter', unit_id: 'finance-department', status: 'active' });
    expect(body.abilities).toMatchObject({ 'workspace.read': 'own_unit', 'session.read': 'self' });
    expect(body.abilities).not.toHaveProperty('accounts.read');
  });

  it('lets the system administrator create, list, disable, enable and reset accounts, each answer as its contract says', async () => {
    const admin = await signIn(app, 'system-admin');
    const send = (method: 'POST' | 'PUT', url: string, payload?: object) => app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, ...(payload ? { payload } : {}) });
    const created = await send('POST', '/api/accounts', { username: 'new-clerk', display_name: '新办事员', role: 'unit_reporter', unit_id: 'finance-department' });
    expect(created.statusCode).toBe(201);
    const { account, temporary_password: temporaryPassword } = accountWithPasswordSchema.parse(created.json());
    expect(account).toMatchObject({ username: 'new-clerk', unit_name: '宁夏回族自治区财政厅', must_change_password: true });
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(8);
    const list = accountListSchema.parse((await app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie: admin.cookie } })).json());
    expect(list.accounts.map((entry) => entry.username)).toContain('new-clerk');
    expect((await send('POST', `/api/accounts/${account.id}/disable`)).json()).toMatchObject({ account: { status: 'disabled' } });
    expect((await send('POST', `/api/accounts/${account.id}/enable`)).json()).toMatchObject({ account: { status: 'active' } });
    const reset = accountWithPasswordSchema.parse((await send('POST', `/api/accounts/${account.id}/reset-password`)).json());
    expect(reset.temporary_password).not.toBe(temporaryPassword);
    const security = await signIn(app, 'security-admin');
    const assigned = await app.inject({ method: 'PUT', url: `/api/accounts/${account.id}/role`, headers: { cookie: security.cookie, 'x-csrf-token': security.csrf }, payload: { role: 'area_reporter', org_code: '640100' } });
    expect(assigned.json()).toMatchObject({ account: { role: 'area_reporter', org_code: '640100', org_name: '银川市', unit_id: null } });
  });

  it('sends every declared action with its label and rules, and no row of an action nobody declares', async () => {
    await database.db.execute(sql`insert into role_permissions (role, action, scope) values ('unit_reporter', 'retired.action', 'all') on conflict do nothing`);
    const security = await signIn(app, 'security-admin');
    const table = permissionTableSchema.parse((await app.inject({ method: 'GET', url: '/api/permissions', headers: { cookie: security.cookie } })).json());
    expect(table.actions.map((entry) => entry.action)).toEqual(actionCatalog.actions);
    const action = (name: string) => table.actions.find((entry) => entry.action === name);
    expect(action('audit.read')).toEqual({ action: 'audit.read', label: { zh: '查阅审计日志', en: 'Read the audit log' }, reserved_to: 'audit_admin', fixed: false, never_public: true });
    expect(action('session.create')).toMatchObject({ fixed: true, reserved_to: null, never_public: false });
    expect(action('policy.read')).toMatchObject({ fixed: false, reserved_to: null, never_public: false });
    expect(table.roles.map((entry) => entry.role)).toEqual(['public', 'system_admin', 'security_admin', 'audit_admin', 'coordinator', 'unit_leader', 'unit_reporter', 'area_leader', 'area_reporter', 'enterprise_user']);
    expect(table.roles.filter((entry) => entry.fixed).map((entry) => entry.role)).toEqual(['system_admin', 'security_admin', 'audit_admin']);
    expect(table.rows.map((row) => row.action)).not.toContain('retired.action');
    // The session of a role holding the undeclared action is answered all the same, without it.
    const reporter = await signIn(app, 'unit-reporter');
    const session = await me(reporter);
    expect(session.statusCode).toBe(200);
    expect(Object.keys(sessionSchema.parse(session.json()).abilities)).not.toContain('retired.action');
  });

  it('answers the audit page, the export and the chain check as their contracts say, days in Beijing time', async () => {
    const auditor = await signIn(app, 'audit-admin');
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: auditor.cookie } });
    // The log records real time (the sign-in above): today in Beijing holds it.
    const day = today(new Date());
    const page = auditPageSchema.parse((await get(`/api/audit?from=${day}&to=${day}&limit=5`)).json());
    expect(page).toMatchObject({ limit: 5, offset: 0 });
    expect(page.total).toBeGreaterThan(0);
    const csv = await get(`/api/audit/export.csv?from=${day}&to=${day}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n')[0]).toContain('时间（北京时间）');
    const verification = auditVerificationSchema.parse((await get('/api/audit/verify')).json());
    expect(verification).toMatchObject({ ok: true, problems: [], omitted_problems: 0 });
    const refused = await get(`/api/audit?from=${day}&to=2000-01-01`);
    expect(refused.statusCode).toBe(400);
  });

  it('audits logins, failures and refusals', async () => {
    await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'audit-admin', password: 'Wrong-pass-1' } });
    const reporter = await signIn(app, 'unit-reporter');
    await app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie: reporter.cookie } });
    const auditor = await signIn(app, 'audit-admin');
    const log = (await app.inject({ method: 'GET', url: '/api/audit?limit=20', headers: { cookie: auditor.cookie } })).json() as { events: { action: string; outcome: string; actor_username: string | null }[] };
    expect(log.events).toContainEqual(expect.objectContaining({ action: 'session.login', outcome: 'failure' }));
    expect(log.events).toContainEqual(expect.objectContaining({ action: 'session.login', outcome: 'success', actor_username: 'audit-admin' }));
    expect(log.events).toContainEqual(expect.objectContaining({ action: 'permission.denied', outcome: 'denied', actor_username: 'unit-reporter' }));
    // The filter takes the Chinese name of an action (URL-encoded, as the page sends it); events come named.
    const signIns = auditPageSchema.parse((await app.inject({ method: 'GET', url: `/api/audit?action=${encodeURIComponent('登录')}&outcome=success`, headers: { cookie: auditor.cookie } })).json());
    expect(signIns.total).toBeGreaterThan(0);
    expect(new Set(signIns.events.map((event) => event.action))).toEqual(new Set(['session.login']));
    expect(signIns.events[0]).toMatchObject({ action_label: { zh: '登录', en: 'Sign in' }, entity_label: { zh: '账号', en: 'Account' }, actor_name: 'audit-admin', entity_name: 'audit-admin' });
    // An account changed is named, not only its uuid: the accounts were created with their usernames as names.
    const created = auditPageSchema.parse((await app.inject({ method: 'GET', url: `/api/audit?action=${encodeURIComponent('创建账号')}&limit=50`, headers: { cookie: auditor.cookie } })).json());
    expect(created.events.map((event) => event.entity_name)).toContain('unit-reporter');
  });
});

// A database that does not answer says nothing about who is signed in: 503 `unavailable`, never 401.
for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`a database outage on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let closed = false;
    let webRoot: string;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform({ ...created.options, packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
      await createTestAccounts(database.db);
      webRoot = mkdtempSync(join(tmpdir(), 'kechuang-web-'));
      writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>科创</title>');
      app = await buildApp({ database, logLevel: 'silent', webRoot });
    });

    afterAll(async () => {
      await app?.close();
      if (!closed) await database?.close();
      await drop?.();
      rmSync(webRoot, { recursive: true, force: true });
    });

    const unavailable = { code: 'unavailable', message: expect.stringContaining('数据库暂时无法访问'), message_en: expect.stringContaining('database is unreachable') };

    it('answers 503 and keeps the session when the account cannot be read, and 200 once it can', async () => {
      const session = await signIn(app, 'unit-reporter');
      await database.db.execute(sql`alter table users rename to users_out_of_reach`);
      try {
        for (const url of ['/api/session', '/api/workspace']) {
          const response = await app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
          expect(response.statusCode, url).toBe(503);
          expect((response.json() as { error: unknown }).error).toMatchObject(unavailable);
        }
      } finally {
        await database.db.execute(sql`alter table users_out_of_reach rename to users`);
      }
      const back = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } });
      expect(back.statusCode).toBe(200);
    });

    it('answers 503, not 401 or 500, when the database is gone altogether', async () => {
      const session = await signIn(app, 'unit-reporter');
      await database.close();
      closed = true;
      for (const [url, cookie] of [['/api/session', session.cookie], ['/api/workspace', session.cookie], ['/api/packs', undefined]] as const) {
        const response = await app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
        expect(response.statusCode, url).toBe(503);
        expect((response.json() as { error: unknown }).error).toMatchObject(unavailable);
      }
      // The web app itself still loads, so that it can say the service is unavailable.
      const page = await app.inject({ method: 'GET', url: '/workspace', headers: { cookie: session.cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
    });
  });
}

describe('a database that cannot be reached', () => {
  it('knows a lost connection by its code, through the wrapping error', () => {
    expect(classifyDatabaseError({ message: 'query failed', cause: { code: '57P01' } })?.kind === 'unavailable').toBe(true);
    expect(classifyDatabaseError({ code: '08006' })?.kind === 'unavailable').toBe(true);
    expect(classifyDatabaseError({ cause: { code: 'ECONNREFUSED' } })?.kind === 'unavailable').toBe(true);
  });

  it('leaves a failing statement to the other handlers', () => {
    expect(classifyDatabaseError({ cause: { code: '23505' } })?.kind === 'unavailable').toBe(false);
    expect(classifyDatabaseError(new Error('connection refused'))?.kind === 'unavailable').toBe(false);
  });
});
