import { createHash } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
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

/**
 * Parsed packs by content hash. A pack is read and parsed once per process; every request still
 * asks the database which content hash is current, so a pack changed through another app server
 * (or a restart) is seen at once. Entries are frozen: requests share them. The few packs a
 * platform carries, in a few versions, fit easily; the oldest entries go past a small bound.
 */
const parsedPacks = new Map<string, PolicyPack>();
const parsedPackLimit = 64;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

async function packsByHash(db: DatabaseOrTransaction, current: readonly { id: string; contentHash: string }[]): Promise<PolicyPack[]> {
  const missing = current.filter((row) => !parsedPacks.has(row.contentHash));
  if (missing.length > 0) {
    const rows = await db.select({ contentHash: policyPacks.contentHash, content: policyPacks.content }).from(policyPacks).where(inArray(policyPacks.id, missing.map((row) => row.id)));
    for (const row of rows) {
      parsedPacks.delete(row.contentHash);
      parsedPacks.set(row.contentHash, deepFreeze(row.content as PolicyPack));
      while (parsedPacks.size > parsedPackLimit) parsedPacks.delete(parsedPacks.keys().next().value!);
    }
  }
  // A row replaced between the two reads is read again by the next request: take what was found.
  return current.flatMap((row) => parsedPacks.get(row.contentHash) ?? []);
}

/** Every current pack, by id: one small read of ids and hashes, the contents from the parse cache. */
export async function findPacks(db: DatabaseOrTransaction): Promise<PolicyPack[]> {
  const current = await db.select({ id: policyPacks.id, contentHash: policyPacks.contentHash }).from(policyPacks).orderBy(asc(policyPacks.id));
  const packs = await packsByHash(db, current);
  // Policies before the criteria they refer to; by id within each (stable sort).
  return packs.sort((a, b) => Number(a.metadata.kind === 'criteria') - Number(b.metadata.kind === 'criteria'));
}

/** The pack with this id, or a not-found error. */
export async function getPack(db: DatabaseOrTransaction, id: string): Promise<PolicyPack> {
  const current = await db.select({ id: policyPacks.id, contentHash: policyPacks.contentHash }).from(policyPacks).where(eq(policyPacks.id, id));
  const [pack] = await packsByHash(db, current);
  if (!pack) throw notFound('政策包', 'Policy pack', id);
  return pack;
}

/** How many packs are loaded: one trivial query (the readiness probe). */
export async function countPacks(db: DatabaseOrTransaction): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(policyPacks);
  return row?.count ?? 0;
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
