import { parse } from 'csv-parse/sync';
import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorCode } from './app-error.ts';
import { defaultTableFileLimits, readXlsxLimited, type RawTableRow, type TableFileLimits } from './read-xlsx-limited.ts';

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
  const records = /\.xlsx$/i.test(fileName) ? await readXlsxLimited(fileName, content, limits) : readCsv(fileName, content, limits);
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
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
      // One record more than the header and the limit, so that crossing the limit is seen without reading the rest.
      to: limits.rows + 2,
      max_record_size: limits.cellLength * limits.columns + limits.columns,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('bad_request', `${fileName}：CSV 格式错误：${message}`, `${fileName}: malformed CSV: ${message}`);
  }
  if (records.length > limits.rows + 1) throw new AppError('bad_request', `${fileName}：超过 ${limits.rows} 行数据上限，已拒绝`, `${fileName}: more than the limit of ${limits.rows} data rows; refused`);
  return records.map(({ record, info }) => {
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
