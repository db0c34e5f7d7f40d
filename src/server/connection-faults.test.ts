/**
 * The backend of a registry import is terminated in the middle of the import (its records are
 * written, its audit row is waiting for the chain's head): the request fails with a clear error,
 * nothing of the file is kept, the process stays up, and the same app imports the file next time.
 * PGlite has no connections to cut, so this runs on PostgreSQL only.
 */
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { backendRunning } from '../../test/postgres-backends.ts';
import { defaultSecuritySettings } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

const postgres = databaseTargets.find((target) => target.name === 'postgres')!;

describe.skipIf(postgres.skipReason !== undefined)(`an import whose connection is cut on postgres${postgres.skipReason ? ` (skipped: ${postgres.skipReason})` : ''}`, () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let admin: pg.Client;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await postgres.create();
    drop = created.drop;
    database = await preparePlatform({ ...created.options, packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
    await createTestAccounts(database.db);
    app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 1000 } });
    admin = new pg.Client({ connectionString: created.options.databaseUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await app?.close();
    await database?.close();
    await drop?.();
  });

  it('fails the request with 503 when its backend is terminated mid-import, keeps nothing, and imports the file on the next try', async () => {
    const coordinator = await signIn(app, 'coordinator');
    const csv = 'credit_code,name,org\n91640100MA76543219,银川某科技有限公司,640104\n91640100MA7654323F,银川另一科技有限公司,640105\n';
    const upload = () =>
      app.inject({ method: 'POST', url: '/api/registry/enterprises/import?file_name=cut.csv', headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': 'text/csv' }, payload: csv });

    // The administrator holds the audit chain's head: the import writes its records, then waits
    // for the head (audit_append(), appending its audit row) inside its transaction. That wait is the latch.
    await admin.query('begin');
    await admin.query('lock table audit_head in exclusive mode');
    // (light-my-request sends the request when it is first awaited: start it now.)
    const cut = (async () => upload())();
    const pid = await backendRunning(admin, 'audit_append', { waitEventType: 'Lock' });
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await admin.query('commit');

    const response = await cut;
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: { code: 'unavailable' } });
    const kept = await admin.query("select count(*)::int as count from enterprises where credit_code in ('91640100MA76543219', '91640100MA7654323F')");
    expect(kept.rows[0]).toEqual({ count: 0 });
    const history = await admin.query("select count(*)::int as count from registry_history where key in ('91640100MA76543219', '91640100MA7654323F')");
    expect(history.rows[0]).toEqual({ count: 0 });

    // The process is up and the same app, through the same pool, answers and imports.
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    const again = await upload();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: 2, problems: [] });
  });
});
