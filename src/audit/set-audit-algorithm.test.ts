import { describe, expect, it } from 'vitest';
import { noOrigin, systemActor } from '../accounts/index.ts';
import { inTransaction, openDatabase } from '../db/index.ts';
import { findAuditRowsAfter, setAuditAlgorithm } from './audit-repository.ts';
import { recordAuditEvent } from './record-audit-event.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

describe('the deployment’s audit hash algorithm', () => {
  it('hashes new rows with the algorithm kept in the head; the mixed chain still verifies', async () => {
    const { db, close } = await openDatabase({ dataDir: 'memory://' });
    try {
      await recordAuditEvent(db, { actor: systemActor, action: 'test.before', entityType: 'test', origin: noOrigin });
      await inTransaction(db, (tx) => setAuditAlgorithm(tx, 'sm3'));
      await recordAuditEvent(db, { actor: systemActor, action: 'test.after', entityType: 'test', origin: noOrigin });
      const rows = await findAuditRowsAfter(db, null, 10);
      expect(rows.map((row) => [row.action, row.hashAlgorithm])).toEqual([['test.before', 'sha256-v2'], ['test.after', 'sm3']]);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      await close();
    }
  });
});
