import { assertColumns, readTableFile, withColumnNames, type ColumnNames } from '../shared/index.ts';

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
 * The Chinese headers accepted beside the English ones (the template's first): a file uses one
 * language throughout. 指标 takes an indicator code, 地区 an area code, as the English columns do.
 */
export const valueFileColumnNames: ColumnNames = {
  indicator: ['指标', '指标代码'],
  org: ['地区', '地区代码', '区划代码'],
  period: ['期间'],
  value: ['数值'],
  unit: ['单位', '计量单位'],
  source: ['来源', '数据来源'],
  qualifier: ['数值性质'],
};

/**
 * Reads an indicator values file (contracts §2): CSV (UTF-8 with or without BOM, or GB18030/GBK)
 * or the first sheet of an .xlsx, header row required, in English or in Chinese
 * (valueFileColumnNames). An optional `qualifier` column (exact, lower_bound, upper_bound) is an
 * extension for published figures given as bounds ("突破700家").
 */
export async function readValueFile(fileName: string, content: Buffer): Promise<RawValueRow[]> {
  const table = withColumnNames(fileName, await readTableFile(fileName, content), valueFileColumnNames);
  assertColumns(fileName, table, ['indicator', 'org', 'period', 'value'], valueFileColumns, valueFileColumnNames);
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
