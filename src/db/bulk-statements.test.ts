import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { rowsPerBulkStatement } from './bulk-statements.ts';
import { inTransaction, openDatabase, type DatabaseHandle } from './open-database.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`bulk statements on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let database: DatabaseHandle;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await openDatabase(created.options);
    });

    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    it('keeps statements short where they hold the server’s thread, and large where the server runs them', async () => {
      const expected = target.name === 'pglite' ? 1_000 : 10_000;
      expect(rowsPerBulkStatement(database.db)).toBe(expected);
      expect(await inTransaction(database.db, async (tx) => rowsPerBulkStatement(tx))).toBe(expected);
    });
  });
}
