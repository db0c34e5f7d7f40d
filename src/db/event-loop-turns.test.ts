import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { databaseTargets, suiteDatabase } from '../../test/databases.ts';
import { inTransaction } from './open-database.ts';

// The embedded PGlite runs on the server's own thread: long work made of many queries must let the
// event loop answer other requests between them (an import of 100,000 rows held even /api/live).
for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`other work between queries on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const suite = suiteDatabase(target);

    it('runs a callback queued by another request before a transaction of many queries ends', async () => {
      const steps: string[] = [];
      const work = inTransaction(suite.database.db, async (tx) => {
        for (let index = 0; index < 50; index += 1) await tx.execute(sql`select ${index}::int`);
        steps.push('transaction done');
      });
      setImmediate(() => steps.push('other request answered'));
      await work;
      expect(steps).toEqual(['other request answered', 'transaction done']);
    });

    it('does the same for queries outside a transaction', async () => {
      const steps: string[] = [];
      const work = (async () => {
        for (let index = 0; index < 50; index += 1) await suite.database.db.execute(sql`select ${index}::int`);
        steps.push('queries done');
      })();
      setImmediate(() => steps.push('other request answered'));
      await work;
      expect(steps).toEqual(['other request answered', 'queries done']);
    });
  });
}
