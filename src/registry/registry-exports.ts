import type { AreaTree } from '../areas/index.ts';
import { formatBeijingTime } from '../shared/index.ts';
import type { XlsxSheet } from '../shared/index.ts';
import { areaName } from './registry-presenters.ts';

/** An export: the file's name and its one table (the route sends it as a workbook). */
export interface RegistryExport {
  fileName: string;
  sheet: XlsxSheet;
}

/** Exports stop at this many rows; a larger one is a job for the CLI or the database. */
export const exportRowLimit = 100_000;

/** Every row of a paged finder, 200 at a time, up to the export limit. */
export async function allPages<T>(page: (limit: number, offset: number) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let offset = 0; offset < exportRowLimit; offset += 200) {
    const batch = await page(200, offset);
    rows.push(...batch);
    if (batch.length < 200) break;
  }
  return rows;
}

/** When the export was taken, in Beijing time and labelled so. */
export function exportTimeNote(now: Date): string {
  return `导出时间（北京时间）：${formatBeijingTime(now)}`;
}

/** The filter an export was taken with, in words, and when it was taken: written under its table. */
export function filterNote(conditions: readonly (string | undefined)[], now: Date): string {
  const used = conditions.filter((condition): condition is string => condition !== undefined);
  return `导出条件：${used.length > 0 ? used.join('，') : '全部'}；${exportTimeNote(now)}`;
}

/** 地区：银川市（640100）, for a filter note. */
export function areaCondition(tree: AreaTree, org: string | undefined): string | undefined {
  return org ? `地区：${areaName(tree, org)}（${org}）` : undefined;
}

/** Synthetic records say so in every export. */
export function syntheticLabel(synthetic: boolean): string {
  return synthetic ? '合成数据' : '';
}
