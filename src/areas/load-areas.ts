import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { AreaTree, countryArea, type Area, type Zone } from './area-tree.ts';

/** The GB/T 2260 edition the bundled areas follow. */
export const areaEdition = 'GB/T 2260 (NBS statistical division codes, 2023 edition)';

const areasFile = new URL('./data/ningxia-gbt2260-2023.csv', import.meta.url);
const zonesFile = new URL('./data/zones.csv', import.meta.url);

const areaRowSchema = z.object({
  code: z.string().regex(/^\d{6}$/),
  name: z.string().min(1),
  parent_code: z.string().regex(/^(\d{6})?$/),
  level: z.enum(['province', 'prefecture', 'county']),
});

const zoneRowSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  name_en: z.string().min(1),
  management: z.string().min(1),
  overlaps: z.string(),
  note: z.string(),
});

function readCsv<T>(file: URL, schema: z.ZodType<T>): T[] {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as unknown[];
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new Error(`${file.pathname}:${index + 2}: ${parsed.error.issues[0]?.message ?? 'bad row'}`);
    return parsed.data;
  });
}

/** The bundled areas: Ningxia's GB/T 2260 tree, and the country (100000) beside it for benchmarks. */
export function loadBundledAreas(): Area[] {
  const rows = readCsv(areasFile, areaRowSchema);
  return [
    countryArea,
    ...rows.map((row) => ({
      code: row.code,
      name: row.name,
      // The province is a root of its own: the country (100000) holds published national
      // figures (benchmarks) and is never the sum of the provinces Kechuang happens to know.
      parentCode: row.parent_code === '' ? null : row.parent_code,
      level: row.level,
    })),
  ];
}

export function loadBundledAreaTree(): AreaTree {
  return new AreaTree(loadBundledAreas());
}

export function loadBundledZones(): Zone[] {
  return readCsv(zonesFile, zoneRowSchema).map((row) => ({
    id: row.id,
    name: row.name,
    nameEn: row.name_en,
    management: row.management,
    overlaps: row.overlaps.split(';').filter(Boolean),
    note: row.note,
  }));
}
