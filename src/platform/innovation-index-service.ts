import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DatabaseOrTransaction } from '../db/index.ts';
import {
  bundledIndexSpecs,
  buildIndexDocx,
  buildIndexXlsx,
  latestScoredYear,
  presentIndexResult,
  presentSensitivity,
  presentSpecSummary,
  presentUnitInputs,
  readIndexCsv,
  readIndexSpec,
  runIndex,
  type ColumnNames,
  type IndexResult,
  type IndexResultDto,
  type IndexSensitivity,
  type IndexSpec,
  type IndexSpecList,
  type IndexTable,
  type IndexUnitInputs,
} from '../innovation-index/index.ts';
import { findPacks, indicatorsOf } from '../policy/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import { readStoreIndexTable } from './innovation-index-inputs.ts';

/** Where the specs come from: the bundled ones unless a test gives others. */
export type IndexSpecSource = () => { id: string; file: string }[];

/**
 * The CSV a bundled spec with `input: csv` reads: `<id>.csv` beside the spec, or the data folder
 * named after it (eis-2025 → eis2025/eis2025_wide.csv). Undefined when there is none.
 */
export function csvDataOf(specFile: string, id: string): string | undefined {
  const folder = id.replace(/-/g, '');
  const candidates = [join(dirname(specFile), `${id}.csv`), join(dirname(specFile), folder, `${folder}_wide.csv`), join(dirname(specFile), folder, `${folder}.csv`)];
  return candidates.find((candidate) => existsSync(candidate));
}

export function listIndexSpecs(specs: IndexSpecSource = bundledIndexSpecs): IndexSpecList {
  return { specs: specs().map((entry) => presentSpecSummary(readIndexSpec(entry.file))) };
}

function loadSpec(id: string, specs: IndexSpecSource): { spec: IndexSpec; file: string } {
  const entry = specs().find((candidate) => candidate.id === id);
  if (!entry) throw notFound('创新指数方案', 'Index spec', id);
  return { spec: readIndexSpec(entry.file), file: entry.file };
}

/** A spec's input table: the store's approved values, or its bundled CSV. */
export async function readIndexTableFor(db: DatabaseOrTransaction, spec: IndexSpec, file: string): Promise<IndexTable> {
  if (spec.input === 'store') return readStoreIndexTable(db, spec);
  const csv = csvDataOf(file, spec.id);
  if (!csv) throw new AppError('not_found', `指数方案 ${spec.id} 没有附带 CSV 数据（${basename(file)}）`, `the index spec ${spec.id} has no bundled CSV data (${basename(file)})`);
  return readIndexCsv(csv, spec);
}

export interface ComputedIndex {
  spec: IndexSpec;
  table: IndexTable;
  result: IndexResult;
  /** The year asked for, or the latest with a score. */
  year: number | null;
  /** The names of the columns (the store's indicators: denominators such as population). */
  names: ColumnNames;
}

/** The loaded packs' indicator names, by code. */
async function storeColumnNames(db: DatabaseOrTransaction): Promise<ColumnNames> {
  return new Map(indicatorsOf(await findPacks(db)).map((indicator) => [indicator.code, { zh: indicator.name, en: indicator.name_en ?? indicator.name }]));
}

/**
 * Runs a spec over its input with every stage kept (and the sensitivity of the year when asked).
 * 404 for an unknown spec or a year the index has not got. Computed on each read: the input is
 * small (areas × indicators × years) and the store may change between reads.
 */
export async function computeIndex(db: DatabaseOrTransaction, id: string, options: { year?: number | undefined; sensitivity?: boolean; specs?: IndexSpecSource } = {}): Promise<ComputedIndex> {
  const { spec, file } = loadSpec(id, options.specs ?? bundledIndexSpecs);
  const table = await readIndexTableFor(db, spec, file);
  const years = spec.years ?? table.years;
  if (options.year !== undefined && !years.includes(options.year)) throw notFound('年度', 'Year', String(options.year));
  const preliminary = options.year === undefined ? runIndex(spec, table, { keepStages: true }) : null;
  const year = options.year ?? (preliminary ? latestScoredYear(preliminary) : null);
  const result = options.sensitivity && year !== null ? runIndex(spec, table, { keepStages: true, sensitivity: { year } }) : (preliminary ?? runIndex(spec, table, { keepStages: true }));
  return { spec, table, result, year, names: spec.input === 'store' ? await storeColumnNames(db) : new Map() };
}

export async function getIndexResult(db: DatabaseOrTransaction, id: string, options: { year?: number | undefined; specs?: IndexSpecSource } = {}): Promise<IndexResultDto> {
  const computed = await computeIndex(db, id, options);
  return presentIndexResult(computed.result, computed.table, computed.year, computed.names);
}

export async function getIndexUnitInputs(db: DatabaseOrTransaction, id: string, unit: string, options: { year?: number | undefined; specs?: IndexSpecSource } = {}): Promise<IndexUnitInputs> {
  const computed = await computeIndex(db, id, options);
  const inputs = computed.year === null ? null : presentUnitInputs(computed.result, computed.table, unit, computed.year, computed.names);
  if (!inputs) throw notFound('地区', 'Unit', unit);
  return inputs;
}

export async function getIndexSensitivity(db: DatabaseOrTransaction, id: string, options: { year?: number | undefined; specs?: IndexSpecSource } = {}): Promise<IndexSensitivity> {
  const computed = await computeIndex(db, id, { ...options, sensitivity: true });
  return presentSensitivity(computed.result);
}

/** The year's index as Excel (ranking, every unit's inputs through every stage, the method). */
export async function exportIndexXlsx(db: DatabaseOrTransaction, id: string, options: { year?: number | undefined; now: Date; specs?: IndexSpecSource }): Promise<{ fileName: string; content: Buffer }> {
  const computed = await computeIndex(db, id, options);
  const result = presentIndexResult(computed.result, computed.table, computed.year, computed.names);
  const inputs = computed.year === null ? [] : result.ranking.flatMap((row) => presentUnitInputs(computed.result, computed.table, row.unit, computed.year!, computed.names) ?? []);
  return buildIndexXlsx(result, inputs, options.now);
}

/** The year's index as Word (GB/T 9704 layout). */
export async function exportIndexDocx(db: DatabaseOrTransaction, id: string, options: { year?: number | undefined; now: Date; specs?: IndexSpecSource }): Promise<{ fileName: string; content: Buffer }> {
  const result = await getIndexResult(db, id, options);
  return { fileName: `${result.year ?? ''}年${result.spec.title.zh}.docx`, content: await buildIndexDocx(result, options.now) };
}
