import { asc, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { areas, zones } from '../db/index.ts';
import { AreaTree, type Area, type Zone } from './area-tree.ts';

/** Writes the bundled areas and zones, replacing what an older edition left (in one transaction). */
export async function syncAreas(db: DatabaseOrTransaction, bundled: { areas: Area[]; zones: Zone[]; edition: string }): Promise<void> {
  await db.transaction(async (tx) => {
    for (const area of bundled.areas) {
      const row = { code: area.code, name: area.name, parentCode: area.parentCode, level: area.level, edition: bundled.edition };
      await tx.insert(areas).values(row).onConflictDoUpdate({ target: areas.code, set: row });
    }
    for (const zone of bundled.zones) {
      const row = { id: zone.id, name: zone.name, nameEn: zone.nameEn, management: zone.management, overlaps: zone.overlaps, note: zone.note };
      await tx.insert(zones).values(row).onConflictDoUpdate({ target: zones.id, set: row });
    }
  });
}

export async function findAreas(db: DatabaseOrTransaction): Promise<{ areas: Area[]; edition: string | null }> {
  const rows = await db.select().from(areas).orderBy(asc(areas.code));
  return {
    areas: rows.map((row) => ({ code: row.code, name: row.name, parentCode: row.parentCode, level: row.level })),
    edition: rows.find((row) => row.level !== 'country')?.edition ?? null,
  };
}

export async function findAreaTree(db: DatabaseOrTransaction): Promise<AreaTree> {
  return new AreaTree((await findAreas(db)).areas);
}

export async function findZones(db: DatabaseOrTransaction): Promise<Zone[]> {
  const rows = await db.select().from(zones).orderBy(asc(zones.id));
  return rows.map((row) => ({ ...row, overlaps: row.overlaps }));
}

export async function countAreas(db: DatabaseOrTransaction): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(areas);
  return row?.count ?? 0;
}
