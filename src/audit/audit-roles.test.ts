import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../accounts/index.ts';
import { openDatabase, readChangeVersions, type Database, type DatabaseHandle } from '../db/index.ts';
import { hashAuditRowV2 } from './audit-hash.ts';
import { getAuditHead } from './audit-repository.ts';
import { recordAuditEvent } from './record-audit-event.ts';
import { secureAuditChain } from './secure-audit-chain.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

/**
 * Role separation (migration 0010) on PostgreSQL: the application connects as a non-superuser
 * login role and may append only through audit_append(). PGlite has one user, a superuser, so
 * none of this applies there (docs/audit.md): this suite needs a server.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const migrationsFolder = fileURLToPath(new URL('../db/migrations', import.meta.url));
const origin = { requestId: null, clientIp: null };

/** The SQLSTATE of a failed query, through drizzle's wrapping error. */
function sqlState(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code;
}

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return sqlState(error);
  }
  return 'not refused';
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The committed migrations up to 0009 only: what a deployment from before migration 0010 ran. */
function migrationsBefore0010(): string {
  const folder = mkdtempSync(join(tmpdir(), 'kechuang-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((entry) => entry.idx <= 9);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

const setups = [
  'upgraded from a deployment whose application role ran the migrations',
  'installed by a superuser, the application a separate login role',
  'migrated by the application role itself, then secured by a superuser',
] as const;

for (const setup of setups) {
  describe.skipIf(!serverUrl)(`the application's role on PostgreSQL, ${setup}`, () => {
    const suffix = randomBytes(5).toString('hex');
    const appRole = `kechuang_test_app_${suffix}`;
    const databaseName = `kechuang_test_roles_${suffix}`;
    let adminUrl: string;
    let app: DatabaseHandle;

    beforeAll(async () => {
      await adminQuery(serverUrl!, `create role ${appRole} login`);
      const url = new URL(serverUrl!);
      url.pathname = `/${databaseName}`;
      adminUrl = url.toString();
      const appUrl = new URL(adminUrl);
      appUrl.username = appRole;
      if (setup.startsWith('upgraded')) {
        // Before 0010 the application owned its database and ran the migrations itself.
        await adminQuery(serverUrl!, `create database ${databaseName} owner ${appRole}`);
        const folder = migrationsBefore0010();
        const client = new pg.Client({ connectionString: appUrl.toString() });
        await client.connect();
        try {
          await migrate(drizzle(client), { migrationsFolder: folder });
        } finally {
          await client.end();
          rmSync(folder, { recursive: true, force: true });
        }
        // The upgrade, run by an administrator.
        await (await openDatabase({ databaseUrl: adminUrl })).close();
      } else if (setup.startsWith('migrated')) {
        // Not a superuser: migration 0010 still applies — appends go through audit_append() — but
        // gives nothing away, and says so; a superuser finishes the job later.
        await adminQuery(serverUrl!, `create database ${databaseName} owner ${appRole}`);
        const client = new pg.Client({ connectionString: appUrl.toString() });
        const warnings: string[] = [];
        client.on('notice', (notice) => warnings.push(notice.message ?? ''));
        await client.connect();
        try {
          await migrate(drizzle(client), { migrationsFolder });
          const owner = await client.query<{ owner: string }>(`select pg_get_userbyid(relowner) as owner from pg_class where oid = 'public.audit_log'::regclass`);
          expect(owner.rows[0]?.owner).toBe(appRole);
        } finally {
          await client.end();
        }
        expect(warnings).toContain(`audit_log stays owned by ${appRole}, which can rewrite it: run \`kechuang audit secure\` as a superuser (docs/audit.md)`);
        const admin = await openDatabase({ databaseUrl: adminUrl });
        try {
          expect(await secureAuditChain(admin.db)).toBe('separated: owned by kechuang_audit_owner');
          // Again: nothing changes, nothing fails.
          expect(await secureAuditChain(admin.db)).toBe('separated: owned by kechuang_audit_owner');
        } finally {
          await admin.close();
        }
      } else {
        await adminQuery(serverUrl!, `create database ${databaseName}`);
        await (await openDatabase({ databaseUrl: adminUrl })).close();
        // The one grant the application needs for the audit log (docs/audit.md).
        await adminQuery(adminUrl, `grant kechuang_audit_writer to ${appRole}`);
      }
      // Connected as the application. Not through openDatabase, which would try to migrate: what
      // the application needs to run its migrations is the db module's business, not this suite's.
      const pool = new pg.Pool({ connectionString: appUrl.toString(), max: 2 });
      const appDb = drizzle(pool) as unknown as Database;
      app = { db: appDb, driver: 'postgres', changes: { current: () => readChangeVersions(appDb) }, location: databaseName, close: () => pool.end() };
      await recordAuditEvent(app.db, { actor: systemActor, action: 'platform.start', entityType: 'platform', origin });
      await recordAuditEvent(app.db, { actor: systemActor, action: 'platform.start', entityType: 'platform', origin });
    });

    afterAll(async () => {
      await app?.close();
      await adminQuery(serverUrl!, `drop database if exists ${databaseName} with (force)`);
      await adminQuery(serverUrl!, `drop role if exists ${appRole}`);
    });

    it('appends through audit_append() and reads the log: the chain verifies', async () => {
      expect(await getAuditHead(app.db)).toMatchObject({ rowCount: 2, algorithm: 'sha256-v2' });
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, rows: 2, problems: [] });
    });

    it('cannot insert, update, delete or truncate audit_log, nor update audit_head', async () => {
      for (const statement of [
        sql`insert into audit_log (occurred_at, action, entity_type, outcome, hash_algorithm, prev_hash, hash) values (now(), 'forged', 'x', 'success', 'sha256-v2', 'x', 'y')`,
        sql`update audit_log set action = 'forged'`,
        sql`delete from audit_log`,
        sql`truncate audit_log`,
        sql`update audit_head set row_count = 0`,
        sql`delete from audit_head`,
        sql`truncate audit_head`,
      ]) {
        expect(await refusal(app.db.execute(statement))).toBe('42501');
      }
    });

    it('cannot disable the trigger, alter or replace the functions, or take the tables', async () => {
      for (const statement of [
        sql`alter table audit_log disable trigger user`,
        sql`alter table audit_log disable trigger audit_log_no_update_or_delete`,
        sql`alter table audit_log owner to current_user`,
        sql`alter function audit_append(timestamptz, text, text, text, text, text, text, jsonb, jsonb, text, text, text, text, text, text) security invoker`,
        sql`create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$`,
        sql`create or replace function audit_canonical_v2(text, timestamptz, text, text, text, text, text, text, jsonb, jsonb, text, text, text, text) returns text language sql as $$ select 'x' $$`,
        sql`set role kechuang_audit_owner`,
        // What the owner of the schema public (the database's owner, on an upgraded deployment) could otherwise do:
        sql`drop table audit_log cascade`,
        sql`drop table audit_head`,
        sql`drop function audit_append(timestamptz, text, text, text, text, text, text, jsonb, jsonb, text, text, text, text, text, text)`,
        sql`drop function kechuang_audit.audit_guard_ddl() cascade`,
        sql`drop schema public cascade`,
        sql`alter schema public rename to replaced`,
      ]) {
        expect(await refusal(app.db.execute(statement))).toBe('42501');
      }
    });

    it('cannot do what the issue did: append a correctly hashed row and advance the head', async () => {
      const head = await getAuditHead(app.db);
      const row = { occurredAt: '2025-01-01T00:00:00.000Z', actorId: null, actorUsername: 'forger', actorRole: 'system_admin', action: 'account.update', entityType: 'account', entityId: 'forged', beforeText: null, afterText: null, outcome: 'success', requestId: null, clientIp: null, hashAlgorithm: 'sha256-v2' };
      const hash = hashAuditRowV2(head.lastHash, row);
      const forged = app.db.transaction(async (tx) => {
        await tx.execute(sql`insert into audit_log (occurred_at, actor_username, actor_role, action, entity_type, entity_id, outcome, hash_algorithm, prev_hash, hash)
          values (${row.occurredAt}, 'forger', 'system_admin', 'account.update', 'account', 'forged', 'success', 'sha256-v2', ${head.lastHash}, ${hash})`);
        await tx.execute(sql`update audit_head set last_seq = last_seq + 1, last_hash = ${hash}, row_count = row_count + 1`);
      });
      expect(await refusal(forged)).toBe('42501');
      // Through the function the row is the application's own, hashed and linked by the database:
      // it cannot choose the previous hash, the seq, or skip the head.
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, rows: 2 });
    });
  });
}

describe.skipIf(!serverUrl)('upgrading a deployment whose application role hung its own code on audit_log', () => {
  const suffix = randomBytes(5).toString('hex');
  const appRole = `kechuang_test_app_${suffix}`;
  const databaseName = `kechuang_test_roles_${suffix}`;

  afterAll(async () => {
    await adminQuery(serverUrl!, `drop database if exists ${databaseName} with (force)`);
    await adminQuery(serverUrl!, `drop role if exists ${appRole}`);
  });

  it('stops the handover rather than let audit_append() run that code as the owner', async () => {
    await adminQuery(serverUrl!, `create role ${appRole} login`);
    await adminQuery(serverUrl!, `create database ${databaseName} owner ${appRole}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${databaseName}`;
    const appUrl = new URL(url);
    appUrl.username = appRole;
    const folder = migrationsBefore0010();
    const client = new pg.Client({ connectionString: appUrl.toString() });
    await client.connect();
    try {
      await migrate(drizzle(client), { migrationsFolder: folder });
      // Code that would run as kechuang_audit_owner inside every append, once the owner changed.
      await client.query(`create function steal() returns trigger language plpgsql as $$ begin return new; end $$`);
      await client.query(`create trigger steal before insert on audit_log for each row execute function steal()`);
    } finally {
      await client.end();
      rmSync(folder, { recursive: true, force: true });
    }
    const error = await openDatabase({ databaseUrl: url.toString() }).then(
      () => undefined,
      (thrown: unknown) => thrown as { cause?: { message?: string; code?: string } },
    );
    expect(error?.cause).toMatchObject({ code: '55000', message: 'the audit tables carry what no migration made (trigger steal); inspect them before securing the chain (docs/audit.md)' });
    const check = new pg.Client({ connectionString: url.toString() });
    await check.connect();
    try {
      const owner = await check.query<{ owner: string }>(`select pg_get_userbyid(relowner) as owner from pg_class where oid = 'public.audit_log'::regclass`);
      // Nothing of migration 0010 was applied: the whole migration rolled back.
      expect(owner.rows[0]?.owner).toBe(appRole);
    } finally {
      await check.end();
    }
  });
});
