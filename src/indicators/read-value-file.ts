import { assertColumns, readTableFile } from '../shared/index.ts';

/** One data row of an indicator file, with its line (CSV) or row number (xlsx) for messages. */
export interface RawValueRow {
  line: number;
  indicator: string;
  org: string;
  period: string;
  value: string;
  unit: string;
  source: string;
  qualifier: string;
}

export const valueFileColumns = ['indicator', 'org', 'period', 'value', 'unit', 'source'] as const;

/**
 * Reads an indicator values file (contracts §2): CSV (UTF-8, with or without BOM) or the first
 * sheet of an .xlsx, header row required. An optional `qualifier` column (exact, lower_bound,
 * upper_bound) is an extension for published figures given as bounds ("突破700家").
 */
export async function readValueFile(fileName: string, content: Buffer): Promise<RawValueRow[]> {
  const table = await readTableFile(fileName, content);
  assertColumns(fileName, table, ['indicator', 'org', 'period', 'value'], valueFileColumns);
  return table.rows.map((row) => ({
    line: row.line,
    indicator: row.cells.indicator ?? '',
    org: row.cells.org ?? '',
    period: row.cells.period ?? '',
    value: row.cells.value ?? '',
    unit: row.cells.unit ?? '',
    source: row.cells.source ?? '',
    qualifier: row.cells.qualifier ?? '',
  }));
}
