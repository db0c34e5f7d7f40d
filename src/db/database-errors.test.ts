import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { classifyDatabaseError } from './database-errors.ts';
import { inTransaction, openDatabase, type DatabaseHandle } from './open-database.ts';

/** A promise and the function that settles it: lets a test order two transactions without sleeping. */
function latch(): { promise: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`database failures on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let handle: DatabaseHandle;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      handle = await openDatabase(created.options);
      await handle.db.execute(sql`create table race (id int primary key, a text, b text, n int not null default 0, constraint race_a_b unique (a, b))`);
      await handle.db.execute(sql`insert into race (id, a, b) values (1, 'x', 'y'), (2, 'x', 'z')`);
    });

    afterAll(async () => {
      await handle?.close();
      await drop?.();
    });

    it('reads a unique violation from its SQLSTATE, with the key’s columns, under drizzle’s wrapper', async () => {
      const error: unknown = await handle.db.execute(sql`insert into race (id, a, b) values (3, 'x', 'y')`).catch((caught: unknown) => caught);
      expect(classifyDatabaseError(error)).toEqual({ kind: 'unique_violation', table: 'race', constraint: 'race_a_b', columns: ['a', 'b'] });
      expect(classifyDatabaseError(new Error('duplicate key value violates unique constraint'))).toBeUndefined();
    });

    it.skipIf(target.name === 'pglite')('runs a transaction that lost a deadlock again, so that both writers succeed', async () => {
      // Two transactions lock rows 1 and 2 in opposite orders: PostgreSQL aborts one with 40P01.
      const firstHolds = latch();
      const secondHolds = latch();
      let attempts = 0;
      const writer = (first: number, second: number, holds: ReturnType<typeof latch>, other: ReturnType<typeof latch>) =>
        inTransaction(handle.db, async (tx) => {
          attempts += 1;
          await tx.execute(sql`update race set n = n + 1 where id = ${first}`);
          holds.open();
          await other.promise;
          await tx.execute(sql`update race set n = n + 1 where id = ${second}`);
        });
      await Promise.all([writer(1, 2, firstHolds, secondHolds), writer(2, 1, secondHolds, firstHolds)]);
      expect(attempts).toBe(3);
      const rows = (await handle.db.execute(sql`select id, n from race order by id`)) as unknown as { rows: { id: number; n: number }[] };
      expect(rows.rows).toEqual([
        { id: 1, n: 2 },
        { id: 2, n: 2 },
      ]);
    });
  });
}
