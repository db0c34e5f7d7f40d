/**
 * `inTransaction` runs work again that lost a race on a unique key only when asked to (an import
 * that reads what exists before inserting), and answers a duplicate that stays a duplicate as one.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { classifyDatabaseError } from './database-errors.ts';
import { inTransaction, openDatabase, queryRows, type DatabaseHandle } from './open-database.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`transaction retries on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let database: DatabaseHandle;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await openDatabase(created.options);
      await database.db.execute(sql`create table retry_probe (id int primary key, note text)`);
    });

    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    it('runs the work again after a unique violation when asked, and the second run sees the row', async () => {
      await database.db.execute(sql`insert into retry_probe (id, note) values (1, 'there first')`);
      let runs = 0;
      const note = await inTransaction(
        database.db,
        async (tx) => {
          runs += 1;
          // The first run behaves as if it had read "no such row" before another request inserted it.
          const existing = runs === 1 ? [] : await queryRows<{ note: string }>(tx, sql`select note from retry_probe where id = 1`);
          if (existing[0]) return existing[0].note;
          await tx.execute(sql`insert into retry_probe (id, note) values (1, 'second')`);
          return 'second';
        },
        { retryUniqueViolations: true },
      );
      expect({ runs, note }).toEqual({ runs: 2, note: 'there first' });
    });

    it('does not run the work again unasked, and answers a lasting duplicate with the unique violation itself', async () => {
      let runs = 0;
      const insertDuplicate = async (retryUniqueViolations: boolean) =>
        inTransaction(database.db, async (tx) => {
          runs += 1;
          await tx.execute(sql`insert into retry_probe (id, note) values (1, 'again')`);
        }, { retryUniqueViolations }).then(() => undefined, (error: unknown) => error);
      expect(classifyDatabaseError(await insertDuplicate(false))?.kind).toBe('unique_violation');
      expect(runs).toBe(1);
      runs = 0;
      expect(classifyDatabaseError(await insertDuplicate(true))).toMatchObject({ kind: 'unique_violation', columns: ['id'] });
      expect(runs).toBe(4);
    });
  });
}
