import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { policyPacks, policyPackVersions } from '../db/index.ts';
import { notFound } from '../shared/index.ts';
import type { PolicyPack } from './pack-schema.ts';

export interface PackSummaryRow {
  id: string;
  version: string;
  contentHash: string;
  loadedAt: Date;
}

export type SyncOutcome = 'inserted' | 'updated' | 'unchanged';

/**
 * Stores the packs read from disk. A pack whose content is unchanged is left alone; a changed
 * one replaces the current row and is added to the version history — all in one transaction,
 * so the platform never serves half a pack.
 */
export async function syncPacks(db: DatabaseOrTransaction, packs: readonly PolicyPack[]): Promise<Map<string, SyncOutcome>> {
  const outcomes = new Map<string, SyncOutcome>();
  await db.transaction(async (tx) => {
    for (const pack of packs) {
      const contentHash = hashPack(pack);
      const [current] = await tx.select({ contentHash: policyPacks.contentHash }).from(policyPacks).where(eq(policyPacks.id, pack.metadata.id));
      if (current?.contentHash === contentHash) {
        outcomes.set(pack.metadata.id, 'unchanged');
        continue;
      }
      const row = {
        id: pack.metadata.id,
        version: pack.metadata.version,
        title: pack.metadata.title,
        docNumber: pack.metadata.doc_number ?? null,
        issued: pack.metadata.issued,
        expires: pack.metadata.expires ?? null,
        region: pack.metadata.region,
        contentHash,
        content: pack,
        loadedAt: new Date(),
      };
      await tx.insert(policyPacks).values(row).onConflictDoUpdate({ target: policyPacks.id, set: row });
      await tx.insert(policyPackVersions).values({ packId: row.id, version: row.version, contentHash, content: pack });
      outcomes.set(pack.metadata.id, current ? 'updated' : 'inserted');
    }
  });
  return outcomes;
}

export async function findPacks(db: DatabaseOrTransaction): Promise<PolicyPack[]> {
  const rows = await db.select({ content: policyPacks.content }).from(policyPacks).orderBy(asc(policyPacks.id));
  return rows.map((row) => row.content as PolicyPack);
}

/** The pack with this id, or a not-found error. */
export async function getPack(db: DatabaseOrTransaction, id: string): Promise<PolicyPack> {
  const [row] = await db.select({ content: policyPacks.content }).from(policyPacks).where(eq(policyPacks.id, id));
  if (!row) throw notFound('政策包', 'Policy pack', id);
  return row.content as PolicyPack;
}

export async function findPackVersions(db: DatabaseOrTransaction, id: string): Promise<PackSummaryRow[]> {
  return db
    .select({ id: policyPackVersions.packId, version: policyPackVersions.version, contentHash: policyPackVersions.contentHash, loadedAt: policyPackVersions.loadedAt })
    .from(policyPackVersions)
    .where(eq(policyPackVersions.packId, id))
    .orderBy(asc(policyPackVersions.id));
}

export function hashPack(pack: PolicyPack): string {
  return createHash('sha256').update(JSON.stringify(pack)).digest('hex');
}
