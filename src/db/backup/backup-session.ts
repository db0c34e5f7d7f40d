import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { AppError } from '../../shared/index.ts';
// The same lock as app servers take: a restore and a start never migrate at the same time.
import { migrationLockKey, migrationsFolder, redactUrl } from '../open-database.ts';


/**
 * One connection of its own (never the app's pool): a backup reads in one snapshot, a restore
 * writes in one transaction, and both need session settings (time zone, output formats) that
 * must not leak into a pool.
 */
export interface BackupSession {
  driver: 'pglite' | 'postgres';
  /** Where the data lives: the PGlite folder, or the server URL without its password. */
  location: string;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Applies the committed migrations up to and including the first `count` of them. */
  migrateTo(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Settings under which every value prints the same way on PGlite and PostgreSQL: timestamps in
 * UTC, floats shortest-exact, bytea as hex. The canonical row text (`to_jsonb(row)::text`) and so
 * the table digests depend on them.
 */
const canonicalSettings = ["set timezone = 'UTC'", 'set extra_float_digits = 1', "set bytea_output = 'hex'", "set intervalstyle = 'postgres'", "set datestyle = 'ISO, YMD'", "set client_encoding = 'UTF8'"];

export interface SessionOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

/**
 * Opens a session. `mustExist`: refuse a PGlite folder that holds no database yet instead of
 * creating one (a backup of nothing is a mistake; a restore creates the target).
 */
export async function openBackupSession(options: SessionOptions, mustExist: boolean): Promise<BackupSession> {
  const session = options.databaseUrl ? await openPostgresSession(options.databaseUrl) : await openPgliteSession(options.dataDir ?? 'memory://', mustExist);
  try {
    for (const setting of canonicalSettings) await session.query(setting);
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}

async function openPgliteSession(dataDir: string, mustExist: boolean): Promise<BackupSession> {
  const memory = dataDir.startsWith('memory://');
  if (!memory && mustExist && !existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new AppError('bad_request', `数据目录 ${dataDir} 中没有数据库`, `there is no database in the data directory ${dataDir}`);
  }
  if (!memory) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  await client.waitReady;
  return {
    driver: 'pglite',
    location: dataDir,
    query: async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows,
    migrateTo: (count) => withMigrationsFolder(count, (folder) => migratePglite(drizzlePglite(client), { migrationsFolder: folder })),
    close: () => client.close(),
  };
}

async function openPostgresSession(databaseUrl: string): Promise<BackupSession> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A cut connection fails the query that runs on it; without a listener it would end the process.
  client.on('error', () => undefined);
  await client.connect();
  return {
    driver: 'postgres',
    location: redactUrl(databaseUrl),
    query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    migrateTo: async (count) => {
      await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
      try {
        await withMigrationsFolder(count, (folder) => migrateNodePostgres(drizzleNodePostgres(client), { migrationsFolder: folder }));
      } finally {
        await client.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
      }
    },
    close: () => client.end(),
  };
}

/** One migration the code knows: its journal tag, when it was generated (drizzle's key) and hash. */
export interface KnownMigration {
  tag: string;
  createdAt: number;
  hash: string;
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

let knownMigrationsCache: KnownMigration[] | undefined;

/** The committed migrations, in order, as drizzle records them once applied. */
export function knownMigrations(): KnownMigration[] {
  if (knownMigrationsCache) return knownMigrationsCache;
  const files = readMigrationFiles({ migrationsFolder });
  const journal = JSON.parse(readJournalText()) as Journal;
  knownMigrationsCache = journal.entries.map((entry, index) => ({ tag: entry.tag, createdAt: entry.when, hash: files[index]?.hash ?? '' }));
  return knownMigrationsCache;
}

function readJournalText(): string {
  return readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8');
}

/**
 * Runs `work` with a migrations folder holding only the first `count` committed migrations, so
 * that drizzle's migrator brings a database exactly to a backup's level and no further.
 */
async function withMigrationsFolder(count: number, work: (folder: string) => Promise<void>): Promise<void> {
  const journal = JSON.parse(readJournalText()) as Journal & Record<string, unknown>;
  const entries = journal.entries.slice(0, count);
  const folder = mkdtempSync(join(tmpdir(), 'kechuang-migrations-'));
  try {
    mkdirSync(join(folder, 'meta'));
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const entry of entries) copyFileSync(join(migrationsFolder, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
    await work(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
