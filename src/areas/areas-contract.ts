/**
 * The HTTP contract of the areas module: GB/T 2260 areas and functional zones. The routes declare
 * these schemas as their responses; the web imports the inferred types (`import type`).
 * Imports zod only.
 */
import { z } from 'zod';

export const areaLevelSchema = z.enum(['country', 'province', 'prefecture', 'county']);
export type AreaLevel = z.infer<typeof areaLevelSchema>;

const areaCode = z.string().regex(/^\d{6}$/);

/** An area; `100000` (全国) stands beside the province for national benchmarks and is never a roll-up. */
export const areaSchema = z.object({
  code: areaCode,
  name: z.string(),
  /** null for a root (the country, the province). */
  parent_code: areaCode.nullable(),
  level: areaLevelSchema,
});
export type Area = z.infer<typeof areaSchema>;

/** A functional zone that is not an area (宁东能源化工基地): it overlaps areas and has no roll-up. */
export const zoneSchema = z.object({
  id: z.string(),
  name: z.string(),
  name_en: z.string(),
  management: z.string(),
  /** Areas the zone lies in, wholly or partly. */
  overlaps: z.array(areaCode),
  note: z.string(),
});
export type Zone = z.infer<typeof zoneSchema>;

export const areaListSchema = z.object({
  /** The GB/T 2260 edition loaded; null before any area is. */
  edition: z.string().nullable(),
  areas: z.array(areaSchema),
  zones: z.array(zoneSchema),
});
export type AreaList = z.infer<typeof areaListSchema>;

/** One area with its ancestors (nearest first, up to its root) and its children. */
export const areaDetailSchema = z.object({ area: areaSchema, ancestors: z.array(areaSchema), children: z.array(areaSchema) });
export type AreaDetail = z.infer<typeof areaDetailSchema>;
