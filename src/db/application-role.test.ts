import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../test/databases.ts';
import { createJobQueue } from '../jobs/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from '../server/app.ts';
import { grantApplicationRole } from './grant-application-role.ts';
import { openDatabase, type DatabaseHandle } from './open-database.ts';

const serverUrl = process.env.TEST_DATABASE_URL;

// Production runs the server as a login role of its own that owns nothing: the owner migrates,
// `kechuang db grant-app-role` grants, and the server starts without trying to migrate.
describe.skipIf(!serverUrl)(`the application's own database role on postgres${serverUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  const suffix = randomBytes(5).toString('hex');
  const databaseName = `kechuang_app_role_${suffix}`;
  const appRole = `kechuang_app_${suffix}`;
  const password = `App-${randomBytes(9).toString('hex')}`;
  let admin: pg.Client;
  let owner: DatabaseHandle;
  const urlAs = (user?: { name: string; password: string }) => {
    const url = new URL(serverUrl!);
    url.pathname = `/${databaseName}`;
    if (user) {
      url.username = user.name;
      url.password = user.password;
    }
    return url.toString();
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${databaseName}`);
    await admin.query(`create role ${appRole} login password '${password}'`);
    owner = await preparePlatform({ databaseUrl: urlAs() });
  });

  afterAll(async () => {
    await owner?.close();
    await dropDatabase(databaseName);
    await admin.query(`drop owned by ${appRole} cascade`).catch(() => undefined);
    await admin.query(`drop role if exists ${appRole}`);
    await admin.end();
  });

  it('refuses to start without the grants, saying that the owner must migrate or grant', async () => {
    await expect(openDatabase({ databaseUrl: urlAs({ name: appRole, password }) })).rejects.toThrow(/无权执行迁移/);
  });

  it('refuses a superuser or a role that may create roles', async () => {
    await expect(grantApplicationRole(owner.db, 'postgres')).rejects.toThrow(/超级用户或可创建角色/);
    await expect(grantApplicationRole(owner.db, 'no_such_role_here')).rejects.toThrow(/不存在/);
  });

  it('starts and serves after the grants, and still cannot write the audit log except through audit_append()', async () => {
    const grants = await grantApplicationRole(owner.db, appRole);
    expect(grants.keptFromWrites).toEqual(expect.arrayContaining(['audit_head', 'audit_log']));
    expect(grants.tables).toEqual(expect.arrayContaining(['role_permissions', 'enterprises', 'change_counters']));
    const app = await preparePlatform({ databaseUrl: urlAs({ name: appRole, password }) });
    const server = await buildApp({ database: app, logLevel: 'silent' });
    try {
      expect((await server.inject({ method: 'GET', url: '/api/packs' })).statusCode).toBe(200);
      await app.db.execute(sql`insert into role_permissions (role, action, scope) values ('coordinator', 'test.granted', 'all')`);
      await expect(app.db.execute(sql`delete from audit_log`)).rejects.toMatchObject({ cause: expect.objectContaining({ code: '42501' }) });
    } finally {
      await server.close();
      await app.close();
    }
  });

  it('may run the job queue: pg-boss installs in its schema and makes a queue as the application role', async () => {
    await grantApplicationRole(owner.db, appRole);
    const queue = createJobQueue({ databaseUrl: urlAs({ name: appRole, password }) });
    await queue.start();
    try {
      expect(await queue.send('test.granted', { n: 1 })).toEqual(expect.any(String));
    } finally {
      await queue.stop();
    }
  }, 60_000);
});
