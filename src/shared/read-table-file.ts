import { parse } from 'csv-parse/sync';
import { isUtf8 } from 'node:buffer';
import { AppError, type AppErrorCode } from './app-error.ts';
import { startTypeScriptWorker } from './typescript-worker.ts';
import { columnLetters, defaultTableFileLimits, readXlsxLimited, type RawTableRow, type TableFileLimits } from './read-xlsx-limited.ts';

export { defaultTableFileLimits, type TableFileLimits } from './read-xlsx-limited.ts';

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
 * Reads a CSV (UTF-8 with or without BOM, or GB18030/GBK) or the first sheet of an .xlsx: a header row, then
 * data rows. Empty rows are skipped; every cell is text (xlsx numbers and dates converted), so
 * that a long digit string or a credit code is never turned into a float.
 */
export async function readTableFile(fileName: string, content: Buffer, limits: TableFileLimits = defaultTableFileLimits): Promise<TableFile> {
  return content.length > workerThreshold ? readTableFileInWorker(fileName, content, limits) : parseTableFile(fileName, content, limits);
}

/** Files larger than this (bytes) are parsed in a worker thread; smaller ones take less than a worker's start. */
const workerThreshold = 512 * 1024;

/** A worker's heap ceiling: a file that still exhausts it ends the worker, never the server. */
const workerHeapMegabytes = 1_024;

const workerEntry = new URL('./read-table-file-worker.ts', import.meta.url);

interface WorkerAnswer {
  ok: boolean;
  table?: TableFile;
  code?: AppErrorCode;
  message?: string;
  messageEn?: string;
}

/**
 * readTableFile in a worker thread, so that the server keeps answering while a large file is
 * parsed and checked; the caller awaits the same table, or the same AppError, as on its thread.
 */
export async function readTableFileInWorker(fileName: string, content: Buffer, limits: TableFileLimits = defaultTableFileLimits): Promise<TableFile> {
  // At most a few workers at once (each may use up to its heap ceiling); the others wait their turn.
  // A finished worker hands its place to the next waiting file directly, so no newcomer slips in between.
  if (runningWorkers < maxWorkers) runningWorkers += 1;
  else await new Promise<void>((resolve) => waitingForWorker.push(resolve));
  try {
    return await runWorker(fileName, content, limits);
  } finally {
    const next = waitingForWorker.shift();
    if (next) next();
    else runningWorkers -= 1;
  }
}

const maxWorkers = 2;
let runningWorkers = 0;
const waitingForWorker: (() => void)[] = [];

function runWorker(fileName: string, content: Buffer, limits: TableFileLimits): Promise<TableFile> {
  return new Promise((resolve, reject) => {
    const worker = startTypeScriptWorker(workerEntry, { fileName, content, limits }, { maxOldGenerationSizeMb: workerHeapMegabytes });
    let settled = false;
    const tooLarge = (): AppError => new AppError('bad_request', `${fileName}：文件太大，读取时超出内存上限，已拒绝`, `${fileName}: the file is too large to read within the memory limit; refused`);
    worker.once('message', (answer: WorkerAnswer) => {
      settled = true;
      if (answer.ok && answer.table) resolve(answer.table);
      else reject(new AppError(answer.code ?? 'internal', answer.message ?? '', answer.messageEn ?? ''));
      void worker.terminate();
    });
    worker.once('error', (error: Error & { code?: string }) => {
      if (settled) return;
      settled = true;
      reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooLarge() : error);
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(code === 0 ? new Error(`${fileName}: the table file worker ended without an answer`) : tooLarge());
    });
  });
}

/** readTableFile on this thread. */
export async function parseTableFile(fileName: string, content: Buffer, limits: TableFileLimits = defaultTableFileLimits): Promise<TableFile> {
  const xlsx = /\.xlsx$/i.test(fileName);
  assertContentMatchesName(fileName, content, xlsx);
  const records = xlsx ? await readXlsxLimited(fileName, content, limits) : readCsv(fileName, content, limits);
  const [header, ...rows] = records;
  if (!header) throw new AppError('bad_request', `${fileName}：文件为空`, `${fileName}: the file is empty`);
  const columns = header.cells.map((cell) => cell.trim().toLowerCase());
  for (const record of records) assertNoControlCharacters(fileName, record, columns);
  assertDistinctColumns(fileName, header.line, columns);
  return {
    headerLine: header.line,
    columns,
    rows: rows
      .filter((row) => row.cells.some((cell) => cell.trim() !== ''))
      .map((row) => ({ line: row.line, cells: Object.fromEntries(columns.map((column, index) => [column, (row.cells[index] ?? '').trim()])) })),
  };
}

/**
 * Control characters (NUL, BEL, ESC …) are in no name, code or figure: a NUL cannot be stored in
 * PostgreSQL text at all, the others would be stored unseen. Tabs and line breaks inside a cell pass.
 */
const controlCharacter = /[^\P{Cc}\t\r\n]/u;

function assertNoControlCharacters(fileName: string, row: RawTableRow, columns: readonly string[]): void {
  for (const [index, cell] of row.cells.entries()) {
    const found = controlCharacter.exec(cell);
    if (!found) continue;
    const code = `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    const name = columns[index] ? `（${columns[index]}）` : '';
    const nameEn = columns[index] ? ` (${columns[index]})` : '';
    throw new AppError(
      'bad_request',
      `${fileName}:${row.line}：第 ${row.line} 行 ${columnLetters(index + 1)} 列${name}含有控制字符 ${code}，请删除后再导入`,
      `${fileName}:${row.line}: row ${row.line}, column ${columnLetters(index + 1)}${nameEn} holds the control character ${code}; remove it and import again`,
    );
  }
}

/** Two columns of one name: which one counts would be a guess (the last one silently did), so the header is refused. */
function assertDistinctColumns(fileName: string, headerLine: number, columns: readonly string[]): void {
  const first = new Map<string, number>();
  for (const [index, column] of columns.entries()) {
    if (column === '') continue;
    const earlier = first.get(column);
    if (earlier !== undefined) {
      throw new AppError(
        'bad_request',
        `${fileName}:${headerLine}：表头 ${columnLetters(index + 1)} 列“${column}”与 ${columnLetters(earlier + 1)} 列重复，请只保留一列`,
        `${fileName}:${headerLine}: header column ${columnLetters(index + 1)} "${column}" repeats column ${columnLetters(earlier + 1)}; keep one of them`,
      );
    }
    first.set(column, index);
  }
}

/**
 * The columns an import reads, each by its English name (contracts §2 and the registry files),
 * with the Chinese names a header may give instead; the first Chinese name is the template's.
 */
export type ColumnNames = Readonly<Record<string, readonly string[]>>;

/** A header as compared: no spaces, ASCII brackets as full-width ones (营业收入(元) = 营业收入（元）), English in lower case. */
function headerKey(header: string): string {
  return header.replace(/\s+/gu, '').replaceAll('(', '（').replaceAll(')', '）').toLowerCase();
}

/**
 * The table with every header as its English column name: a header is either the English name
 * or one of its Chinese names. A header that names no column of this import, a column given twice
 * (指标 and indicator), and a header that mixes Chinese and English names are refused, naming the
 * column; empty header cells (Excel's trailing commas) are left out.
 */
export function withColumnNames(fileName: string, table: TableFile, names: ColumnNames): TableFile {
  const byHeader = new Map<string, { column: string; chinese: boolean }>();
  for (const [column, chineseNames] of Object.entries(names)) {
    byHeader.set(headerKey(column), { column, chinese: false });
    for (const name of chineseNames) byHeader.set(headerKey(name), { column, chinese: true });
  }
  const at = `${fileName}:${table.headerLine}`;
  const refuse = (zh: string, en: string) => new AppError('bad_request', `${at}：${zh}`, `${at}: ${en}`);
  const seen = new Map<string, number>();
  let first: { index: number; chinese: boolean } | undefined;
  const renamed = table.columns.map((header, index) => {
    if (header === '') return '';
    const found = byHeader.get(headerKey(header));
    const letter = columnLetters(index + 1);
    if (!found) {
      const known = Object.entries(names).map(([column, chineseNames]) => (chineseNames[0] ? `${chineseNames[0]}（${column}）` : column));
      throw refuse(`表头 ${letter} 列“${header}”不是本导入的列（可用的列：${known.join('、')}）`, `header column ${letter} "${header}" is not a column of this import (columns: ${Object.keys(names).join(', ')})`);
    }
    const earlier = seen.get(found.column);
    if (earlier !== undefined) {
      const other = columnLetters(earlier + 1);
      throw refuse(
        `表头 ${letter} 列“${header}”与 ${other} 列“${table.columns[earlier]}”是同一列（${found.column}），请只保留一列`,
        `header column ${letter} "${header}" is the same column (${found.column}) as column ${other} "${table.columns[earlier]}"; keep one of them`,
      );
    }
    if (first && first.chinese !== found.chinese) {
      const other = columnLetters(first.index + 1);
      const [zh, en] = found.chinese ? ['中文', 'Chinese'] : ['英文', 'English'];
      const [otherZh, otherEn] = first.chinese ? ['中文', 'Chinese'] : ['英文', 'English'];
      throw refuse(
        `表头 ${letter} 列“${header}”是${zh}列名，而 ${other} 列“${table.columns[first.index]}”是${otherZh}列名；请统一使用中文表头或英文表头`,
        `header column ${letter} "${header}" is a ${en} name while column ${other} "${table.columns[first.index]}" is a ${otherEn} one; use Chinese headers or English headers throughout`,
      );
    }
    first ??= { index, chinese: found.chinese };
    seen.set(found.column, index);
    return found.column;
  });
  const columns = renamed.filter((column) => column !== '');
  return {
    headerLine: table.headerLine,
    columns,
    rows: table.rows.map((row) => ({ line: row.line, cells: Object.fromEntries(table.columns.flatMap((header, index) => (renamed[index] ? [[renamed[index], row.cells[header] ?? '']] : []))) })),
  };
}

/** Refuses a file whose header lacks a required column, naming the file and the header line (and the column's Chinese name, when known). */
export function assertColumns(fileName: string, table: TableFile, required: readonly string[], expected: readonly string[], names?: ColumnNames): void {
  const missing = required.filter((column) => !table.columns.includes(column));
  if (missing.length > 0) {
    const chinese = (column: string) => (names?.[column]?.[0] ? `${names[column][0]}（${column}）` : column);
    throw new AppError(
      'bad_request',
      `${fileName}:${table.headerLine}：表头缺少列 ${missing.map(chinese).join(', ')}（应为 ${expected.join(',')}${names ? `，或中文表头 ${expected.map((column) => names[column]?.[0] ?? column).join(',')}` : ''}）`,
      `${fileName}:${table.headerLine}: header lacks ${missing.join(', ')} (expected ${expected.join(',')})`,
    );
  }
}

/** What a file's first bytes say it is, when that is a kind of file people upload by mistake. */
function sniff(content: Buffer): 'zip' | 'xls' | 'utf16' | BinaryKind | undefined {
  const starts = (bytes: number[], at = 0) => bytes.every((byte, index) => content[at + index] === byte);
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (starts([0xff, 0xfe]) || starts([0xfe, 0xff])) return 'utf16';
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (starts([0x25, 0x50, 0x44, 0x46])) return 'pdf';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) || starts([0xff, 0xd8, 0xff]) || starts([0x47, 0x49, 0x46, 0x38]) || (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) || starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return 'image';
  if (starts([0x1f, 0x8b]) || starts([0x52, 0x61, 0x72, 0x21]) || starts([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'archive';
  return undefined;
}

type BinaryKind = 'pdf' | 'image' | 'archive' | 'binary';

/** The one refusal of a file that is no table at all (a scan, a photo, an archive, a program): "不是 CSV 或 Excel 文件", saying what it is. */
const notATable: Record<BinaryKind, { zh: string; en: string }> = {
  pdf: { zh: 'PDF 文档', en: 'a PDF document' },
  image: { zh: '图片', en: 'an image' },
  archive: { zh: '压缩包', en: 'an archive' },
  binary: { zh: '二进制数据', en: 'binary data' },
};

function notATableError(fileName: string, kind: BinaryKind): AppError {
  return new AppError(
    'bad_request',
    `${fileName}：不是 CSV 或 Excel 文件（内容是${/^[A-Z]/.test(notATable[kind].zh) ? ' ' : ''}${notATable[kind].zh}）；请上传 CSV 文本（UTF-8 或 GBK）或 Excel 工作簿（.xlsx）`,
    `${fileName}: not a CSV or Excel file (the content is ${notATable[kind].en}); upload CSV text (UTF-8 or GBK) or an Excel workbook (.xlsx)`,
  );
}

const mismatches = {
  zip: { zh: '文件内容是 xlsx 工作簿或 zip 压缩包，不是 CSV 文本；请以 .xlsx 文件名上传工作簿，或另存为 CSV（UTF-8）', en: 'the content is an xlsx workbook or a zip archive, not CSV text; upload a workbook under an .xlsx name, or save it as CSV (UTF-8)' },
  // An xlsx with an opening password is stored in the same container as an .xls.
  xls: { zh: '文件内容是旧版 Excel（.xls）、设有打开密码的工作簿或其他 Office 97–2003 文件；请取消打开密码并另存为 Excel 工作簿（.xlsx）后上传', en: 'the content is an old Excel (.xls), a workbook with an opening password, or another Office 97–2003 file; remove the password and save it as an Excel workbook (.xlsx) and upload that' },
  utf16: { zh: '文件是 UTF-16 编码的文本（Excel 的“Unicode 文本”）；请另存为“CSV UTF-8（逗号分隔）”后上传', en: 'the file is UTF-16 text (Excel’s "Unicode Text"); save it as "CSV UTF-8 (Comma delimited)" and upload that' },
};

/**
 * A file whose content is not what its name says (a workbook named .csv, a PDF or an old .xls
 * named .xlsx, a photo named .csv) is refused saying what it is, instead of as broken text or a
 * broken workbook.
 */
function assertContentMatchesName(fileName: string, content: Buffer, xlsx: boolean): void {
  const kind = sniff(content);
  if (!kind || (xlsx && kind === 'zip')) return;
  if (kind === 'zip' || kind === 'xls' || kind === 'utf16') throw new AppError('bad_request', `${fileName}：${mismatches[kind].zh}`, `${fileName}: ${mismatches[kind].en}`);
  throw notATableError(fileName, kind);
}

/** The 1-based line of the first byte that is not valid UTF-8, or null when all of it is. */
function firstInvalidUtf8Line(content: Buffer): number | null {
  if (isUtf8(content)) return null;
  let line = 1;
  for (let index = 0; index < content.length; ) {
    const byte = content[index] ?? 0;
    if (byte === 0x0a) line += 1;
    if (byte < 0x80) {
      index += 1;
      continue;
    }
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || !isUtf8(content.subarray(index, index + length))) return line;
    index += length;
  }
  return line;
}

/** The whole file as GB18030 (which GBK and GB2312 are subsets of), or null when it is not valid GB18030. */
function decodeGb18030(content: Buffer | Uint8Array): string | null {
  try {
    return new TextDecoder('gb18030', { fatal: true }).decode(content);
  } catch {
    return null;
  }
}

/**
 * The 1-based line of the first byte sequence that is not GB18030. No GB18030 character contains
 * the byte 0x0A (its second and fourth bytes are 0x30 and above), so each line decodes on its own.
 */
function firstInvalidGb18030Line(content: Buffer): number {
  let line = 1;
  for (let start = 0; start <= content.length; line += 1) {
    const end = content.indexOf(0x0a, start);
    const stop = end === -1 ? content.length : end;
    if (decodeGb18030(content.subarray(start, stop)) === null) return line;
    if (end === -1) break;
    start = end + 1;
  }
  return line;
}

/** Control bytes other than tab and line breaks: text of either encoding has (almost) none of them; images, archives and programs are full of them. */
function looksBinary(content: Buffer): boolean {
  const head = content.subarray(0, 4_096);
  let control = 0;
  for (const byte of head) if (byte === 0 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)) control += 1;
  return control > 0 && control * 50 >= head.length;
}

/**
 * The CSV's text as UTF-8 bytes. UTF-8 (with or without BOM) is decided first, strictly; a file
 * that is not UTF-8 is read as GB18030, which covers GBK and GB2312 (what Excel writes as
 * "CSV (逗号分隔)" on a Chinese Windows). A file that is neither is refused, naming the line where
 * the reading got furthest.
 */
function decodeCsv(fileName: string, content: Buffer): Buffer {
  const badUtf8Line = firstInvalidUtf8Line(content);
  if (badUtf8Line === null) return content;
  const text = decodeGb18030(content);
  if (text !== null) return Buffer.from(text, 'utf8');
  if (looksBinary(content)) throw notATableError(fileName, 'binary');
  const line = Math.max(badUtf8Line, firstInvalidGb18030Line(content));
  throw new AppError(
    'bad_request',
    `${fileName}:${line}：第 ${line} 行既不是有效的 UTF-8 文本，也不是有效的 GB18030（GBK）文本，无法识别编码；请另存为“CSV UTF-8（逗号分隔）”后上传`,
    `${fileName}:${line}: line ${line} is neither valid UTF-8 nor valid GB18030 (GBK) text, so the encoding cannot be told; save the file as "CSV UTF-8 (Comma delimited)" and upload that`,
  );
}

function readCsv(fileName: string, raw: Buffer, limits: TableFileLimits): RawTableRow[] {
  const content = decodeCsv(fileName, raw);
  let records: { record: string[]; info: { bytes: number } }[];
  const lineAt = lineCounter(content);
  try {
    records = parse(content, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
      // One record more than the header and the limit, so that crossing the limit is seen without reading the rest.
      to: limits.rows + 2,
      max_record_size: limits.cellLength * limits.columns + limits.columns,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (error) {
    throw malformedCsv(fileName, error, lineAt);
  }
  if (records.length > limits.rows + 1) throw new AppError('bad_request', `${fileName}：超过 ${limits.rows} 行数据上限，已拒绝`, `${fileName}: more than the limit of ${limits.rows} data rows; refused`);
  // A record's line is where it starts: the bytes of the records before it, counted in line breaks
  // (csv-parse's own count ends at the record's end and counts a CRLF inside quotes twice).
  let start = 0;
  return records.map(({ record, info: { bytes } }) => {
    const info = { lines: lineAt(start) };
    start = bytes;
    if (record.length > limits.columns) {
      throw new AppError('bad_request', `${fileName}:${info.lines}：第 ${info.lines} 行超出 ${limits.columns} 列上限，已拒绝`, `${fileName}:${info.lines}: line ${info.lines} has more than the limit of ${limits.columns} columns; refused`);
    }
    const long = record.findIndex((cell) => cell.length > limits.cellLength);
    if (long >= 0) {
      throw new AppError('bad_request', `${fileName}:${info.lines}：第 ${info.lines} 行第 ${long + 1} 列超过 ${limits.cellLength} 字上限，已拒绝`, `${fileName}:${info.lines}: line ${info.lines}, column ${long + 1} is longer than the limit of ${limits.cellLength} characters; refused`);
    }
    return { line: info.lines, cells: record };
  });
}

/**
 * The 1-based line of a byte offset of the file, CRLF, LF and a lone CR each ending a line. Asked
 * for offsets in increasing order (as records come), it reads the file once.
 */
function lineCounter(content: Buffer): (offset: number) => number {
  let scanned = 0;
  let line = 1;
  return (offset) => {
    for (; scanned < offset && scanned < content.length; scanned += 1) {
      const byte = content[scanned];
      if (byte === 0x0a || (byte === 0x0d && content[scanned + 1] !== 0x0a)) line += 1;
    }
    return line;
  };
}

/** What csv-parse's error codes mean for the person who saved the file. */
const csvProblems: Record<string, [string, string]> = {
  CSV_QUOTE_NOT_CLOSED: ['引号未闭合（以双引号开始的单元格须以双引号结束）', 'a quote is not closed (a cell that starts with a double quote must end with one)'],
  INVALID_OPENING_QUOTE: ['单元格中间出现双引号（含双引号的单元格须整体用双引号括起，内部的双引号写两遍）', 'a double quote inside a cell (such a cell must be quoted whole, its own double quotes doubled)'],
  CSV_INVALID_CLOSING_QUOTE: ['双引号结束后还有字符（含双引号的单元格须整体用双引号括起，内部的双引号写两遍）', 'characters after a closing double quote (such a cell must be quoted whole, its own double quotes doubled)'],
  CSV_MAX_RECORD_SIZE: ['一行过长，已拒绝', 'a line is too long; refused'],
};

/** A CSV the parser refused, naming the line of the record it was reading and what is wrong, in words. */
function malformedCsv(fileName: string, error: unknown, lineAt: (offset: number) => number): AppError {
  const details = (error ?? {}) as { code?: string; bytes_records?: number; message?: string };
  const line = typeof details.bytes_records === 'number' ? lineAt(details.bytes_records) : undefined;
  const [zh, en] = csvProblems[details.code ?? ''] ?? [`CSV 格式错误（${details.message ?? String(error)}）`, `malformed CSV (${details.message ?? String(error)})`];
  return line === undefined
    ? new AppError('bad_request', `${fileName}：${zh}`, `${fileName}: ${en}`)
    : new AppError('bad_request', `${fileName}:${line}：第 ${line} 行${zh}`, `${fileName}:${line}: line ${line}: ${en}`);
}
