import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from './app-error.ts';
import { calendarDateOfUtcMidnight } from './clock.ts';

/** One data row of a table file, by lower-cased column name, with its line (CSV) or row (xlsx). */
export interface TableRow {
  line: number;
  cells: Record<string, string>;
}

export interface TableFile {
  headerLine: number;
  columns: string[];
  rows: TableRow[];
}

/**
 * Reads a CSV (UTF-8, with or without BOM) or the first sheet of an .xlsx: a header row, then
 * data rows. Empty rows are skipped; every cell is text (xlsx numbers and dates converted), so
 * that a long digit string or a credit code is never turned into a float.
 */
export async function readTableFile(fileName: string, content: Buffer): Promise<TableFile> {
  const records = /\.xlsx$/i.test(fileName) ? await readXlsx(fileName, content) : readCsv(fileName, content);
  const [header, ...rows] = records;
  if (!header) throw new AppError('bad_request', `${fileName}：文件为空`, `${fileName}: the file is empty`);
  const columns = header.cells.map((cell) => cell.trim().toLowerCase());
  return {
    headerLine: header.line,
    columns,
    rows: rows
      .filter((row) => row.cells.some((cell) => cell.trim() !== ''))
      .map((row) => ({ line: row.line, cells: Object.fromEntries(columns.map((column, index) => [column, (row.cells[index] ?? '').trim()])) })),
  };
}

/** Refuses a file whose header lacks a required column, naming the file and the header line. */
export function assertColumns(fileName: string, table: TableFile, required: readonly string[], expected: readonly string[]): void {
  const missing = required.filter((column) => !table.columns.includes(column));
  if (missing.length > 0) {
    throw new AppError('bad_request', `${fileName}:${table.headerLine}：表头缺少列 ${missing.join(', ')}（应为 ${expected.join(',')}）`, `${fileName}:${table.headerLine}: header lacks ${missing.join(', ')} (expected ${expected.join(',')})`);
  }
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
  const width = Math.max(sheet.columnCount, 1);
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= width; column += 1) cells.push(cellText(row.getCell(column).value));
    rows.push({ line: rowNumber, cells });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return calendarDateOfUtcMidnight(value);
  if (typeof value === 'object' && 'result' in value) return cellText(value.result as ExcelJS.CellValue);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((part) => part.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  return String(value);
}
