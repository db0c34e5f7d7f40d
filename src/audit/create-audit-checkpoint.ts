import type { KeyObject } from 'node:crypto';
import type { Database } from '../db/index.ts';
import { signAuditCheckpoint, type AuditCheckpoint } from './audit-checkpoint.ts';
import { verifyAuditChain, type AuditChainReport, type CheckpointSource } from './verify-audit-chain.ts';

export interface CreateAuditCheckpointOptions {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Checkpoints signed before (the output folder's): the chain must still hold them. */
  previous?: readonly CheckpointSource[];
  now: Date;
}

/**
 * Signs the head of the audit chain — only after checking the whole chain, against the earlier
 * checkpoints too, in the same snapshot as the head it signs: a checkpoint never vouches for a
 * log that was already tampered with. Returns the report alone when the chain does not hold.
 *
 * @example
 * const { checkpoint } = await createAuditCheckpoint(db, { privateKey, publicKey, previous, now: new Date() });
 */
export async function createAuditCheckpoint(db: Database, options: CreateAuditCheckpointOptions): Promise<{ report: AuditChainReport; checkpoint?: AuditCheckpoint }> {
  const report = await verifyAuditChain(db, { checkpoints: options.previous ?? [], publicKey: options.publicKey });
  if (!report.ok) return { report };
  const checkpoint = signAuditCheckpoint(
    { seq: report.head.lastSeq, hash: report.head.lastHash, rowCount: report.head.rowCount, algorithm: report.head.algorithm, createdAt: options.now.toISOString(), databaseTime: report.databaseTime },
    options.privateKey,
    options.publicKey,
  );
  return { report, checkpoint };
}
