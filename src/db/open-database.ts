import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { SQL } from 'drizzle-orm';
import { PgDialect, PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { AppError } from '../shared/index.ts';
import { classifyDatabaseError } from './database-errors.ts';
import * as schema from './schema.ts';
import { readAfterAnnouncements, readEveryTime, type ChangeVersionSource } from './change-counters.ts';

/** The one database type every module's repository takes: PGlite and PostgreSQL alike. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** The change counters for caches (src/db/change-counters.ts): read per request, or after announcements. */
  changes: ChangeVersionSource;
  /** Where the data lives: the PGlite folder, or the server URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL server; when set it wins over `dataDir`. */
  databaseUrl?: string | undefined;
  /** The embedded PGlite store; `memory://` for a throwaway in-memory database. */
  dataDir?: string | undefined;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * A key for `pg_advisory_lock`, so that several app servers starting at once against one
 * PostgreSQL apply the migrations one after another, never concurrently.
 */
export const migrationLockKey = 4_216_2022;

/**
 * PGlite runs each query synchronously, in WebAssembly on this thread, and a chain of awaited
 * queries (an import's thousands of statements) completes as microtasks, which never let the event
 * loop take the next request: a 100,000-row import held every other request, even `/api/live`,
 * for its whole 15 s. So every query first waits for the event loop's next turn, and other requests
 * are answered between the statements of long work. (One statement still holds the thread while it
 * runs; a transaction still holds the database, so other requests' queries wait for its end.)
 */
function yieldBeforeEachQuery(client: PGlite): void {
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const query = client.query.bind(client);
  client.query = async function queryAfterATurn(...args: Parameters<PGlite['query']>) {
    await nextTurn();
    return query(...args);
  } as PGlite['query'];
  const transaction = client.transaction.bind(client);
  client.transaction = function transactionYielding(callback) {
    return transaction((tx) => {
      const txQuery = tx.query.bind(tx);
      tx.query = async function queryAfterATurn(...args: Parameters<typeof txQuery>) {
        await nextTurn();
        return txQuery(...args);
      } as typeof tx.query;
      return callback(tx);
    });
  } as PGlite['transaction'];
}

/** Opens the database and brings its schema up to date with the committed migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir ?? 'memory://');
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  await client.waitReady;
  yieldBeforeEachQuery(client);
  const db = drizzlePglite(client, { schema });
  // PGlite is one process's private database: no lock needed.
  await migratePglite(db, { migrationsFolder });
  const changes = await readAfterAnnouncements(db as unknown as Database, (channel, onChange) => client.listen(channel, onChange));
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    changes,
    location: dataDir,
    close: () => client.close(),
  };
}

/**
 * Whether every committed migration is already applied: then the migrator, which begins with
 * `CREATE SCHEMA IF NOT EXISTS drizzle` (a right the application's own login role should not
 * have), is not run at all. A production server connects as a role that may only use the tables;
 * the owner applies the migrations (docs/operations.md, "Database roles").
 */
async function schemaIsCurrent(client: pg.Client): Promise<boolean> {
  const newest = readMigrationFiles({ migrationsFolder }).at(-1)?.folderMillis ?? 0;
  try {
    const result = await client.query<{ at: string | null }>('select max(created_at)::text as at from drizzle.__drizzle_migrations');
    return Number(result.rows[0]?.at ?? 0) >= newest;
  } catch {
    return false;
  }
}

function migrationsNeedOwner(error: unknown): AppError {
  return new AppError(
    'unavailable',
    '数据库结构需要升级，但当前数据库账号无权执行迁移：请先用数据库所有者账号运行一次任一 kechuang 命令（如 DATABASE_URL=所有者连接 kechuang audit head），再启动服务',
    'the database schema needs migrations this login role may not apply: run any kechuang command once with DATABASE_URL naming the owner role (e.g. `kechuang audit head`), then start the server',
    { cause: error instanceof Error ? error.message : String(error) },
  );
}

async function openPostgres(databaseUrl: string): Promise<DatabaseHandle> {
  const lockClient = new pg.Client({ connectionString: databaseUrl });
  // Cut while migrating, the connection fails the migration (its query rejects): not the process.
  lockClient.on('error', () => undefined);
  await lockClient.connect();
  try {
    await lockClient.query('select pg_advisory_lock($1)', [migrationLockKey]);
    if (!(await schemaIsCurrent(lockClient))) {
      await migrateNodePostgres(drizzleNodePostgres(lockClient, { schema }), { migrationsFolder }).catch((error: unknown) => {
        if ((error as { code?: string }).code === '42501' || (error as { cause?: { code?: string } }).cause?.code === '42501') throw migrationsNeedOwner(error);
        throw error;
      });
    }
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    await lockClient.end();
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection closed by the server (a restart, a dropped database, an administrator)
  // is an event on the pool, not a failure of any request: the pool opens a new one when needed.
  // Unhandled, it would end the whole process.
  pool.on('error', () => undefined);
  // A connection cut while a request holds it (the backend terminated, the server shut down
  // immediately) rejects that request's query; node-postgres also emits 'error' on the client,
  // and an 'error' event with no listener ends the process. The pool listens only while a client
  // is idle, so every client gets a listener of its own for its whole life. The request fails
  // (503 through the error handler), the transaction is lost with the connection (PostgreSQL rolls
  // it back), and the pool drops the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = drizzleNodePostgres(pool, { schema });
  return {
    db: db as unknown as Database,
    driver: 'postgres',
    changes: readEveryTime(db as unknown as Database),
    location: redactUrl(databaseUrl),
    close: () => pool.end(),
  };
}

/** The server URL as it may be shown or logged: without its password. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/** Rows of a raw SQL query; PGlite and node-postgres both answer with `{ rows }`. */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Rows of a raw SQL query as arrays of column values, in the query's column order (each driver's
 * `rowMode: 'array'`). For reads of very many rows: node-postgres builds a row object a field at
 * a time, which costs more than the row's values themselves (a screening page: 2.5 µs a row of
 * 14 columns); the caller makes the objects it needs with a literal of fixed shape.
 */
export async function queryRowArrays(db: DatabaseOrTransaction, query: SQL): Promise<unknown[][]> {
  const { sql: text, params } = rowArrayDialect.sqlToQuery(query);
  const client = driverClientOf(db);
  if (client instanceof pg.Pool || client instanceof pg.Client) return (await client.query<unknown[]>({ text, values: params, rowMode: 'array' })).rows;
  // PGlite, or the transaction PGlite hands its callback: the same query method and option.
  return (await client.query<unknown[]>(text, params, { rowMode: 'array' })).rows;
}

const rowArrayDialect = new PgDialect();

/**
 * The driver's own client behind `db`, for what drizzle does not offer (row arrays, COPY): a
 * node-postgres pool or the pooled connection of a transaction, PGlite or the transaction it
 * hands its callback. Both drivers' sessions hold it as `client`.
 */
export function driverClientOf(db: DatabaseOrTransaction): pg.Pool | pg.Client | Pick<PGlite, 'query'> {
  return (db as unknown as { session: { client: pg.Pool | pg.Client | Pick<PGlite, 'query'> } }).session.client;
}

/** A transaction of either driver; repositories that write take this or a Database. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DatabaseOrTransaction = Database | Transaction;

/** How often a transaction that lost a race (serialisation failure, deadlock) is run again. */
const transactionAttempts = 4;

export interface TransactionOptions {
  /**
   * Run the transaction again when it fails on a unique key: another transaction inserted the
   * same new key between this one's read and its insert. Only for work that reads what exists
   * before deciding what to insert (an import), so that the next run sees the other's row and
   * updates it or leaves it unchanged.
   */
  retryUniqueViolations?: boolean;
}

/**
 * Runs `work` in a transaction (a savepoint when `db` is already one). A transaction of its own
 * that loses a race with another (serialisation failure, deadlock) is run again, a few times;
 * then it fails with 409, asking the person to try again. A savepoint is never retried alone:
 * the transaction around it is.
 */
export async function inTransaction<T>(db: DatabaseOrTransaction, work: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  if (db instanceof PgTransaction) return (db as Transaction).transaction(work);
  for (let attempt = 1; ; attempt += 1) {
    // What the work itself failed with: when the connection is gone, the driver's rollback fails
    // too, and its error ("not queryable", no code) replaces the one that says why.
    let workFailure: unknown;
    try {
      return await (db as Database).transaction(async (tx) => {
        try {
          return await work(tx);
        } catch (error) {
          workFailure = error;
          throw error;
        }
      });
    } catch (thrown) {
      const error = classifyDatabaseError(thrown) === undefined && classifyDatabaseError(workFailure)?.kind === 'unavailable' ? workFailure : thrown;
      const failure = classifyDatabaseError(error)?.kind;
      const retried = failure === 'serialization_failure' || (failure === 'unique_violation' && options.retryUniqueViolations === true);
      if (!retried) throw error;
      // Still the same key after several runs: not a race but a real duplicate, answered as such (409 naming the key).
      if (attempt >= transactionAttempts && failure === 'unique_violation') throw error;
      if (attempt >= transactionAttempts) {
        throw new AppError('conflict', '数据正被他人同时修改，请稍后重试', 'the data is being changed by someone else at the same time: try again', { attempts: attempt });
      }
      // A short, random pause so that the two racers do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
