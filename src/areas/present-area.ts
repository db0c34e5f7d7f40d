import type { Area as AreaAnswer, Zone as ZoneAnswer } from './areas-contract.ts';
import type { Area, Zone } from './area-tree.ts';

/** What leaves the server about an area (snake_case, as the contract names it). */
export function presentArea(area: Area): AreaAnswer {
  return { code: area.code, name: area.name, parent_code: area.parentCode, level: area.level };
}

export function presentZone(zone: Zone): ZoneAnswer {
  return { id: zone.id, name: zone.name, name_en: zone.nameEn, management: zone.management, overlaps: zone.overlaps, note: zone.note };
}
