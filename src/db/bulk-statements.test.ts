import { describe, expect, it } from 'vitest';
import { databaseTargets, suiteDatabase } from '../../test/databases.ts';
import { rowsPerBulkStatement } from './bulk-statements.ts';
import { inTransaction } from './open-database.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`bulk statements on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const suite = suiteDatabase(target);

    it('keeps statements short where they hold the server’s thread, and large where the server runs them', async () => {
      const expected = target.name === 'pglite' ? 1_000 : 10_000;
      expect(rowsPerBulkStatement(suite.database.db)).toBe(expected);
      expect(await inTransaction(suite.database.db, async (tx) => rowsPerBulkStatement(tx))).toBe(expected);
    });
  });
}
