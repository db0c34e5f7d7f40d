import ExcelJS from 'exceljs';

export type XlsxColumnFormat = 'text' | 'number' | 'percent' | 'integer';

export interface XlsxColumn {
  header: string;
  key: string;
  /** In characters; by default fitted to the header and the values (a Chinese character counts 2). */
  width?: number;
  /**
   * text (default): stored as text, so that credit codes, area codes and periods keep every digit
   * and leading zero; number: two decimals; integer: whole numbers; percent: a fraction shown as
   * a percentage (0.952 → 95.2%).
   */
  format?: XlsxColumnFormat;
  /** A comment on the header cell (an import template's guidance: a note row would be read as data). */
  note?: string;
}

export interface XlsxSheet {
  /** The worksheet's name (at most 31 characters; []:*?/\ are replaced). */
  name: string;
  /** A title row above the table. */
  title?: string;
  columns: XlsxColumn[];
  rows: Record<string, string | number | null>[];
  /** Rows below the table, after an empty row: sources, definitions, the date of the data. */
  notes?: string[];
}

const numberFormats: Record<XlsxColumnFormat, string> = { text: '@', number: '#,##0.00', integer: '#,##0', percent: '0.0%' };

/**
 * One table as an .xlsx workbook: the exporter of every table of the product. The header row is
 * bold, shaded, frozen and filtered; each column carries its number format, text columns '@' so
 * that Excel does not turn 91640100MA7XXXXXXX-like codes or 2024Q1 into numbers or dates when the
 * file is edited and saved again.
 *
 * @example
 * const xlsx = await buildXlsxTable({ name: '目标评估', columns: [{ header: '指标', key: 'name' }, { header: '完成程度', key: 'progress', format: 'percent' }],
 *   rows: [{ name: '国家高新技术企业', progress: 1.4 }], notes: ['来源：…'] });
 */
export async function buildXlsxTable(sheet: XlsxSheet): Promise<Buffer> {
  return buildXlsxWorkbook([sheet]);
}

/** Several tables as one workbook, one worksheet each, in order, laid out as `buildXlsxTable` lays out one. */
export async function buildXlsxWorkbook(sheets: readonly XlsxSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '科创 Kechuang';
  for (const sheet of sheets) addTableSheet(workbook, sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addTableSheet(workbook: ExcelJS.Workbook, sheet: XlsxSheet): void {
  const worksheet = workbook.addWorksheet(sheetName(sheet.name));
  const columnCount = Math.max(sheet.columns.length, 1);

  worksheet.columns = sheet.columns.map((column) => ({
    key: column.key,
    width: column.width ?? fittedWidth(column, sheet.rows),
    style: { numFmt: numberFormats[column.format ?? 'text'] },
  }));

  let headerRowNumber = 1;
  if (sheet.title) {
    const titleRow = worksheet.getRow(1);
    titleRow.getCell(1).value = sheet.title;
    titleRow.getCell(1).font = { bold: true, size: 14 };
    titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    titleRow.height = 24;
    if (columnCount > 1) worksheet.mergeCells(1, 1, 1, columnCount);
    headerRowNumber = 2;
  }

  const header = worksheet.getRow(headerRowNumber);
  sheet.columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.numFmt = '@';
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8EA9DB' } } };
    if (column.note) cell.note = column.note;
  });

  sheet.rows.forEach((row, rowIndex) => {
    const excelRow = worksheet.getRow(headerRowNumber + 1 + rowIndex);
    sheet.columns.forEach((column, index) => {
      const cell = excelRow.getCell(index + 1);
      cell.value = cellValue(row[column.key] ?? null, column.format ?? 'text');
      cell.numFmt = numberFormats[column.format ?? 'text'];
    });
  });

  worksheet.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRowNumber }];
  if (sheet.columns.length > 0) {
    worksheet.autoFilter = { from: { row: headerRowNumber, column: 1 }, to: { row: headerRowNumber + sheet.rows.length, column: sheet.columns.length } };
  }

  const notesStart = headerRowNumber + sheet.rows.length + 2;
  (sheet.notes ?? []).forEach((note, index) => {
    const cell = worksheet.getRow(notesStart + index).getCell(1);
    cell.value = note;
    cell.numFmt = '@';
    cell.font = { italic: true, color: { argb: 'FF595959' } };
  });
}

function cellValue(value: string | number | null, format: XlsxColumnFormat): string | number | null {
  if (value === null || value === '') return null;
  if (format === 'text') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  // A numeric column given a string: keep it as a number when it is one, else as the text it is.
  const parsed = Number(value.trim());
  return value.trim() !== '' && Number.isFinite(parsed) ? parsed : value;
}

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
function sheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, '_').trim().slice(0, 31);
  return cleaned === '' ? 'Sheet1' : cleaned;
}

/** Excel measures widths in characters of its default font; a Chinese character takes two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /[\u1100-\uffff]/.test(character) ? 2 : 1;
  return width;
}

function fittedWidth(column: XlsxColumn, rows: readonly Record<string, string | number | null>[]): number {
  const widest = Math.max(displayWidth(column.header), ...rows.slice(0, 500).map((row) => displayWidth(String(row[column.key] ?? ''))));
  return Math.min(Math.max(widest + 2, 8), 60);
}
