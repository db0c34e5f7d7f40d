/**
 * A PostgreSQL connection cut while a query holds it (the backend terminated by an administrator,
 * an immediate server shutdown) fails that query, rolls its transaction back, and leaves the
 * process and the handle working. Before, node-postgres emitted an 'error' event on the checked-out
 * client with no listener, and the process died (`Unhandled 'error' event … Connection terminated
 * unexpectedly`). PGlite has no connections to cut, so this runs on PostgreSQL only.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { backendRunning } from '../../test/postgres-backends.ts';
import { classifyDatabaseError } from './database-errors.ts';
import { inTransaction, openDatabase, queryRows, type DatabaseHandle } from './open-database.ts';

const postgres = databaseTargets.find((target) => target.name === 'postgres')!;

describe.skipIf(postgres.skipReason !== undefined)(`a connection cut mid-query on postgres${postgres.skipReason ? ` (skipped: ${postgres.skipReason})` : ''}`, () => {
  let database: DatabaseHandle;
  let admin: pg.Client;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await postgres.create();
    drop = created.drop;
    database = await openDatabase(created.options);
    admin = new pg.Client({ connectionString: created.options.databaseUrl });
    await admin.connect();
    await database.db.execute(sql`create table fault_probe (id int primary key)`);
  });

  afterAll(async () => {
    await admin?.end();
    await database?.close();
    await drop?.();
  });

  it('fails a query whose backend is terminated, and the same handle answers the next one', async () => {
    // A drizzle query runs each time it is awaited: run it once, as a plain promise.
    const running = (async () => database.db.execute(sql`select pg_sleep(600) as probe_plain_sleep`))();
    running.catch(() => undefined);
    const pid = await backendRunning(admin, 'probe_plain_sleep');
    await admin.query('select pg_terminate_backend($1)', [pid]);
    const error: unknown = await running.then(() => undefined, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(Error);
    expect(classifyDatabaseError(error)).toEqual({ kind: 'unavailable' });
    expect(await queryRows<{ one: number }>(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it('rolls back a transaction whose backend is terminated after its first write, and writes nothing', async () => {
    const running = inTransaction(database.db, async (tx) => {
      await tx.execute(sql`insert into fault_probe (id) values (1)`);
      await tx.execute(sql`select pg_sleep(600) as probe_transaction_sleep`);
      await tx.execute(sql`insert into fault_probe (id) values (2)`);
    });
    running.catch(() => undefined);
    const pid = await backendRunning(admin, 'probe_transaction_sleep');
    await admin.query('select pg_terminate_backend($1)', [pid]);
    // The failure says why (the connection is gone: 503), not what the rollback on a dead client said.
    const error: unknown = await running.then(() => undefined, (failure: unknown) => failure);
    expect(classifyDatabaseError(error)).toEqual({ kind: 'unavailable' });
    expect((await admin.query('select id from fault_probe')).rows).toEqual([]);
    // The broken client left the pool: every connection the pool hands out now works.
    const answers = await Promise.all(Array.from({ length: 12 }, () => queryRows<{ one: number }>(database.db, sql`select 1 as one`)));
    expect(answers.flat()).toEqual(Array.from({ length: 12 }, () => ({ one: 1 })));
    await inTransaction(database.db, async (tx) => {
      await tx.execute(sql`insert into fault_probe (id) values (3)`);
    });
    expect((await admin.query('select id from fault_probe')).rows).toEqual([{ id: 3 }]);
  });
});
