import { parse } from 'csv-parse/sync';
import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorCode } from './app-error.ts';
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
 * Reads a CSV (UTF-8, with or without BOM) or the first sheet of an .xlsx: a header row, then
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

const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const workerEntry = new URL('./read-table-file-worker.ts', import.meta.url).href;
// The sources are TypeScript run through tsx (bin/kechuang): the worker registers it before loading its entry.
const bootstrap = `const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.entry); }).catch((error) => { setImmediate(() => { throw error; }); });`;

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
    const worker = new Worker(bootstrap, {
      eval: true,
      // Not the caller's flags: a test runner's --conditions would make tsx resolve its own files wrongly.
      execArgv: [],
      workerData: { tsxApi, entry: workerEntry, fileName, content, limits },
      resourceLimits: { maxOldGenerationSizeMb: workerHeapMegabytes },
    });
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

/** Refuses a file whose header lacks a required column, naming the file and the header line. */
export function assertColumns(fileName: string, table: TableFile, required: readonly string[], expected: readonly string[]): void {
  const missing = required.filter((column) => !table.columns.includes(column));
  if (missing.length > 0) {
    throw new AppError('bad_request', `${fileName}:${table.headerLine}：表头缺少列 ${missing.join(', ')}（应为 ${expected.join(',')}）`, `${fileName}:${table.headerLine}: header lacks ${missing.join(', ')} (expected ${expected.join(',')})`);
  }
}

/** What a file's first bytes say it is, when that is a kind of file people upload by mistake. */
function sniff(content: Buffer): 'zip' | 'xls' | 'pdf' | 'utf16' | undefined {
  const starts = (bytes: number[]) => bytes.every((byte, index) => content[index] === byte);
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (starts([0xff, 0xfe]) || starts([0xfe, 0xff])) return 'utf16';
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (starts([0x25, 0x50, 0x44, 0x46])) return 'pdf';
  return undefined;
}

const saveAsXlsx = { zh: '请另存为 Excel 工作簿（.xlsx）后上传', en: 'save it as an Excel workbook (.xlsx) and upload that' };
const mismatches = {
  zip: { zh: '文件内容是 xlsx 工作簿或 zip 压缩包，不是 CSV 文本；请以 .xlsx 文件名上传工作簿，或另存为 CSV（UTF-8）', en: 'the content is an xlsx workbook or a zip archive, not CSV text; upload a workbook under an .xlsx name, or save it as CSV (UTF-8)' },
  // An xlsx with an opening password is stored in the same container as an .xls.
  xls: { zh: `文件内容是旧版 Excel（.xls）、设有打开密码的工作簿或其他 Office 97–2003 文件；请取消打开密码并另存为 Excel 工作簿（.xlsx）后上传`, en: `the content is an old Excel (.xls), a workbook with an opening password, or another Office 97–2003 file; remove the password and ${saveAsXlsx.en}` },
  utf16: { zh: '文件是 UTF-16 编码的文本（Excel 的“Unicode 文本”）；请另存为“CSV UTF-8（逗号分隔）”后上传', en: 'the file is UTF-16 text (Excel’s "Unicode Text"); save it as "CSV UTF-8 (Comma delimited)" and upload that' },
  pdf: { zh: `文件内容是 PDF，不是表格；${saveAsXlsx.zh}`, en: `the content is a PDF, not a table; ${saveAsXlsx.en}` },
};

/**
 * A file whose content is not what its name says (a workbook named .csv, a PDF or an old .xls
 * named .xlsx) is refused saying what it is, instead of as broken text or a broken workbook.
 */
function assertContentMatchesName(fileName: string, content: Buffer, xlsx: boolean): void {
  const kind = sniff(content);
  if (!kind || (xlsx && kind === 'zip')) return;
  throw new AppError('bad_request', `${fileName}：${mismatches[kind].zh}`, `${fileName}: ${mismatches[kind].en}`);
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

function readCsv(fileName: string, content: Buffer, limits: TableFileLimits): RawTableRow[] {
  const badLine = firstInvalidUtf8Line(content);
  if (badLine !== null) {
    throw new AppError('bad_request', `${fileName}:${badLine}：第 ${badLine} 行不是有效的 UTF-8 文本，请另存为 UTF-8 CSV`, `${fileName}:${badLine}: line ${badLine} is not valid UTF-8; save the file as UTF-8 CSV`);
  }
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
