import { and, eq, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { areaTargets } from './indicators-schema.ts';

/**
 * Areas' own targets set by the coordinator (table area_targets, migration 0013). Values stay
 * `numeric` in SQL and arrive as decimal strings.
 */
export type AreaTargetRow = typeof areaTargets.$inferSelect;

export interface AreaTargetWrite {
  targetId: string;
  org: string;
  /** A decimal string, exact. */
  value: string;
  note: string | null;
}

/** Every area target of a pack. */
export async function findAreaTargetRows(db: DatabaseOrTransaction, pack: string): Promise<AreaTargetRow[]> {
  return db.select().from(areaTargets).where(eq(areaTargets.pack, pack)).orderBy(areaTargets.targetId, areaTargets.org);
}

/**
 * Sets area targets (a first write or a change: INSERT … ON CONFLICT): who set it and when are
 * the caller's, the same for every row.
 */
export async function upsertAreaTargetRows(tx: DatabaseOrTransaction, pack: string, writes: readonly AreaTargetWrite[], by: string, at: Date): Promise<void> {
  if (writes.length === 0) return;
  for (let start = 0; start < writes.length; start += 1_000) {
    const batch = writes.slice(start, start + 1_000);
    await tx
      .insert(areaTargets)
      .values(batch.map((write) => ({ pack, targetId: write.targetId, org: write.org, value: write.value, note: write.note, setBy: by, setAt: at })))
      .onConflictDoUpdate({
        target: [areaTargets.pack, areaTargets.targetId, areaTargets.org],
        set: { value: sqlExcluded('value'), note: sqlExcluded('note'), setBy: sqlExcluded('set_by'), setAt: sqlExcluded('set_at') },
      });
  }
}

/** Removes one area target; the removed row, or undefined when there was none. */
export async function deleteAreaTargetRow(tx: DatabaseOrTransaction, pack: string, targetId: string, org: string): Promise<AreaTargetRow | undefined> {
  const [row] = await tx.delete(areaTargets).where(and(eq(areaTargets.pack, pack), eq(areaTargets.targetId, targetId), eq(areaTargets.org, org))).returning();
  return row;
}

function sqlExcluded(column: string) {
  return sql.raw(`excluded."${column}"`);
}
