import type { ScopeNames } from '../../accounts/index.ts';
import { findAreas } from '../../areas/index.ts';
import type { DatabaseOrTransaction } from '../../db/index.ts';
import { findPacks } from '../../policy/index.ts';

/** Unit and area names, so that an account's scope reads as 财政厅 or 银川市 rather than an id. */
export async function scopeNames(db: DatabaseOrTransaction): Promise<ScopeNames> {
  const units = new Map((await findPacks(db)).flatMap((pack) => pack.units.map((unit) => [unit.id, unit.name] as const)));
  const areas = new Map((await findAreas(db)).areas.map((area) => [area.code, area.name] as const));
  return { unitName: (id) => units.get(id), areaName: (code) => areas.get(code) };
}
