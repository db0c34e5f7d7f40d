import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../shared/app-error.ts';

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
  const records = /\.xlsx$/i.test(fileName) ? await readXlsx(fileName, content) : readCsv(fileName, content);
  const [header, ...rows] = records;
  if (!header) throw new AppError('bad_request', `${fileName}：文件为空`, `${fileName}: the file is empty`);
  const names = header.cells.map((cell) => cell.trim().toLowerCase());
  const missing = valueFileColumns.filter((column) => column !== 'unit' && column !== 'source' && !names.includes(column));
  if (missing.length > 0) {
    throw new AppError('bad_request', `${fileName}:${header.line}：表头缺少列 ${missing.join(', ')}（应为 ${valueFileColumns.join(',')}）`, `${fileName}:${header.line}: header lacks ${missing.join(', ')} (expected ${valueFileColumns.join(',')})`);
  }
  const at = (cells: string[], column: string) => (names.indexOf(column) >= 0 ? (cells[names.indexOf(column)] ?? '').trim() : '');
  return rows
    .filter((row) => row.cells.some((cell) => cell.trim() !== ''))
    .map((row) => ({
      line: row.line,
      indicator: at(row.cells, 'indicator'),
      org: at(row.cells, 'org'),
      period: at(row.cells, 'period'),
      value: at(row.cells, 'value'),
      unit: at(row.cells, 'unit'),
      source: at(row.cells, 'source'),
      qualifier: at(row.cells, 'qualifier'),
    }));
}

function readCsv(fileName: string, content: Buffer): { line: number; cells: string[] }[] {
  try {
    const records = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: false, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map(({ record, info }) => ({ line: info.lines, cells: record }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('bad_request', `${fileName}：CSV 格式错误：${message}`, `${fileName}: malformed CSV: ${message}`);
  }
}

async function readXlsx(fileName: string, content: Buffer): Promise<{ line: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new AppError('bad_request', `${fileName}：不是有效的 xlsx 文件`, `${fileName}: not a valid xlsx file`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('bad_request', `${fileName}：没有工作表`, `${fileName}: no worksheet`);
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= Math.max(row.cellCount, 7); column += 1) cells.push(cellText(row.getCell(column).value));
    rows.push({ line: rowNumber, cells });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'result' in value) return cellText(value.result as ExcelJS.CellValue);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((part) => part.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  return String(value);
}
