import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { AppError } from './app-error.ts';
import { calendarDateOfUtcMidnight } from './clock.ts';

/** What a table file may hold; every limit is checked while the file is read, before it is kept. */
export interface TableFileLimits {
  /** Total bytes of the xlsx parts read, once decompressed (a zip bomb is refused here). */
  inflatedBytes: number;
  sheets: number;
  /** Data rows (the header row not counted). */
  rows: number;
  columns: number;
  /** Characters in one cell. */
  cellLength: number;
}

export const defaultTableFileLimits: TableFileLimits = { inflatedBytes: 50 * 1024 * 1024, sheets: 50, rows: 200_000, columns: 100, cellLength: 2_000 };

/** One row of a sheet or CSV as read: its line (CSV) or row number (xlsx), and its cells in column order. */
export interface RawTableRow {
  line: number;
  cells: string[];
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  dataStart: number;
}

const maxZipEntries = 10_000;

/** Column letters of a 1-based column number (1 → A, 28 → AB). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

function columnNumber(letters: string): number {
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column;
}

/** Refuses a broken workbook; `why` is a part's name (the same in both languages) or the place and the fault in each. */
function invalid(fileName: string, why?: string | { zh: string; en: string }): AppError {
  const [zh, en] = typeof why === 'string' ? [why, why] : why ? [why.zh, why.en] : [undefined, undefined];
  return new AppError('bad_request', `${fileName}：不是有效的 xlsx 文件${zh ? `（${zh}）` : ''}`, `${fileName}: not a valid xlsx file${en ? ` (${en})` : ''}`);
}

/** The entries of a zip archive, from its central directory; nothing is decompressed here. */
function zipEntries(fileName: string, content: Buffer): Map<string, ZipEntry> {
  let end = -1;
  for (let offset = content.length - 22; offset >= Math.max(0, content.length - 22 - 65_535); offset -= 1) {
    if (content.readUInt32LE(offset) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw invalid(fileName);
  const count = content.readUInt16LE(end + 10);
  const directoryOffset = content.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw invalid(fileName, 'ZIP64');
  if (count > maxZipEntries) throw new AppError('bad_request', `${fileName}：压缩包内文件多于 ${maxZipEntries} 个，已拒绝`, `${fileName}: more than ${maxZipEntries} entries in the archive; refused`);
  const entries = new Map<string, ZipEntry>();
  let offset = directoryOffset;
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== 0x02014b50) throw invalid(fileName);
    const method = content.readUInt16LE(offset + 10);
    const compressedSize = content.readUInt32LE(offset + 20);
    const nameLength = content.readUInt16LE(offset + 28);
    const extraLength = content.readUInt16LE(offset + 30);
    const commentLength = content.readUInt16LE(offset + 32);
    const localOffset = content.readUInt32LE(offset + 42);
    const name = content.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (localOffset + 30 > content.length || content.readUInt32LE(localOffset) !== 0x04034b50) throw invalid(fileName);
    const dataStart = localOffset + 30 + content.readUInt16LE(localOffset + 26) + content.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > content.length) throw invalid(fileName);
    entries.set(name.replace(/^\//, ''), { name, method, compressedSize, dataStart });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Element name without a namespace prefix (`x:row` → `row`). */
function local(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

const builtinDateFormats = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

function isDateFormat(code: string): boolean {
  return /[ymdhs]/i.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

/**
 * Reads the first sheet of an .xlsx with limits, streaming: each part is decompressed chunk by
 * chunk into an XML parser, and the file is refused as soon as a limit is crossed (decompressed
 * bytes, sheets, rows, columns, cell length), so that a zip bomb or a file of millions of tiny
 * rows costs bounded memory. Formula cells give their cached value or are refused; merged cells
 * are refused with their address; rich text reads as its text.
 */
export async function readXlsxLimited(fileName: string, content: Buffer, limits: TableFileLimits = defaultTableFileLimits): Promise<RawTableRow[]> {
  const entries = zipEntries(fileName, content);
  let inflated = 0;

  async function parse(path: string, handlers: { open?: (name: string, attributes: Record<string, string>) => void; close?: (name: string) => void; text?: (text: string) => void }): Promise<boolean> {
    const entry = entries.get(path);
    if (!entry) return false;
    const parser = new SaxesParser();
    if (handlers.open) {
      const open = handlers.open;
      parser.on('opentag', (node: SaxesTagPlain) => open(local(node.name), node.attributes));
    }
    if (handlers.close) {
      const close = handlers.close;
      parser.on('closetag', (node: SaxesTagPlain) => close(local(node.name)));
    }
    if (handlers.text) {
      parser.on('text', handlers.text);
      parser.on('cdata', handlers.text);
    }
    const decoder = new StringDecoder('utf8');
    const feed = (chunk: Buffer): void => {
      inflated += chunk.length;
      if (inflated > limits.inflatedBytes) {
        const megabytes = Math.round(limits.inflatedBytes / 1024 / 1024);
        throw new AppError('bad_request', `${fileName}：解压后超过 ${megabytes} MB 上限（读到 ${entry.name} 时），已拒绝`, `${fileName}: more than the ${megabytes} MB limit once decompressed (at ${entry.name}); refused`);
      }
      parser.write(decoder.write(chunk));
    };
    const data = content.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    try {
      if (entry.method === 0) feed(data);
      else if (entry.method === 8) {
        const inflate = createInflateRaw();
        inflate.end(data);
        for await (const chunk of inflate) feed(chunk as Buffer);
      } else throw invalid(fileName, { zh: `${entry.name}：不支持的压缩方式 ${entry.method}`, en: `${entry.name}: compression ${entry.method}` });
      parser.write(decoder.end());
      parser.close();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw invalid(fileName, entry.name);
    }
    return true;
  }

  // The workbook: how many sheets, which is first, and its date system.
  const sheetIds: string[] = [];
  let date1904 = false;
  const found = await parse('xl/workbook.xml', {
    open(name, attributes) {
      if (name === 'sheet') {
        sheetIds.push(attributes['r:id'] ?? Object.entries(attributes).find(([key]) => local(key) === 'id')?.[1] ?? '');
        if (sheetIds.length > limits.sheets) throw new AppError('bad_request', `${fileName}：工作表多于 ${limits.sheets} 个，已拒绝`, `${fileName}: more than ${limits.sheets} worksheets; refused`);
      } else if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
    },
  });
  if (!found) throw invalid(fileName);
  if (sheetIds.length === 0) throw new AppError('bad_request', `${fileName}：没有工作表`, `${fileName}: no worksheet`);

  const targets = new Map<string, { type: string; target: string }>();
  await parse('xl/_rels/workbook.xml.rels', {
    open(name, attributes) {
      if (name === 'Relationship' && attributes.Id && attributes.Target) targets.set(attributes.Id, { type: attributes.Type ?? '', target: attributes.Target });
    },
  });
  const partPath = (target: string): string => (target.startsWith('/') ? target.slice(1) : `xl/${target}`).replace(/\/\.\//g, '/');
  const partOfType = (type: string, fallback: string): string => {
    const found = [...targets.values()].find((relation) => relation.type.endsWith(`/${type}`));
    return found ? partPath(found.target) : fallback;
  };
  const sheetTarget = targets.get(sheetIds[0] ?? '');
  const sheetPath = sheetTarget ? partPath(sheetTarget.target) : 'xl/worksheets/sheet1.xml';

  // Shared strings: the text of each <si>, rich-text runs joined, phonetic runs left out.
  const sharedStrings: string[] = [];
  {
    let current: string[] | null = null;
    let inText = 0;
    let inPhonetic = 0;
    await parse(partOfType('sharedStrings', 'xl/sharedStrings.xml'), {
      open(name) {
        if (name === 'si') current = [];
        else if (name === 't') inText += 1;
        else if (name === 'rPh') inPhonetic += 1;
      },
      close(name) {
        if (name === 'si' && current) {
          sharedStrings.push(current.join(''));
          current = null;
        } else if (name === 't') inText -= 1;
        else if (name === 'rPh') inPhonetic -= 1;
      },
      text(text) {
        if (current && inText > 0 && inPhonetic === 0) current.push(text);
      },
    });
  }

  // Styles: which cell formats show a number as a date.
  const dateStyles = new Set<number>();
  {
    const customFormats = new Map<number, string>();
    let inCellXfs = false;
    let xfIndex = 0;
    await parse(partOfType('styles', 'xl/styles.xml'), {
      open(name, attributes) {
        if (name === 'numFmt') customFormats.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) {
          const id = Number(attributes.numFmtId ?? 0);
          const custom = customFormats.get(id);
          if (custom === undefined ? builtinDateFormats.has(id) : isDateFormat(custom)) dateStyles.add(xfIndex);
          xfIndex += 1;
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
    });
  }

  // The first sheet, row by row.
  const rows: RawTableRow[] = [];
  let header: string[] | null = null;
  let rowCount = 0;
  let rowNumber = 0;
  let cells: string[] = [];
  let cell: { column: number; type: string; style: number; formula: boolean; value: string | null; inline: string[] | null } | null = null;
  let capture: 'v' | 'f' | 't' | null = null;
  let inPhonetic = 0;
  const place = (column: number): { zh: string; en: string } => {
    const name = header?.[column - 1]?.trim();
    return { zh: `第 ${rowNumber} 行 ${columnLetters(column)} 列${name ? `（${name}）` : ''}`, en: `row ${rowNumber}, column ${columnLetters(column)}${name ? ` (${name})` : ''}` };
  };
  const cellValue = (current: NonNullable<typeof cell>): string => {
    const { type, value } = current;
    if (current.formula && (value === null || (value === '' && type !== 'str'))) {
      const at = place(current.column);
      throw new AppError('bad_request', `${fileName}：${at.zh} 是公式，请粘贴为数值`, `${fileName}: ${at.en} is a formula without a saved result; paste it as values`);
    }
    if (type === 'inlineStr') return (current.inline ?? []).join('') || (value ?? '');
    if (value === null) return '';
    switch (type) {
      case 's': {
        const text = sharedStrings[Number(value)];
        if (text === undefined) {
          const at = place(current.column);
          throw invalid(fileName, { zh: `${at.zh}：引用的共享字符串 ${value} 不存在`, en: `${at.en}: shared string ${value}` });
        }
        return text;
      }
      case 'str':
      case 'd':
        return value;
      case 'b':
        return value === '1' || value === 'true' ? 'true' : 'false';
      case 'e': {
        const at = place(current.column);
        throw new AppError('bad_request', `${fileName}：${at.zh} 是错误值 ${value}，请改为数值`, `${fileName}: ${at.en} holds the error ${value}; enter a value`);
      }
      default: {
        const number = Number(value);
        if (value.trim() === '' || !Number.isFinite(number)) {
          const at = place(current.column);
          throw invalid(fileName, { zh: `${at.zh}：数值“${value}”无法读取`, en: `${at.en}: ${value}` });
        }
        if (dateStyles.has(current.style)) return calendarDateOfUtcMidnight(new Date(Math.round((number - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)));
        return String(number);
      }
    }
  };
  const sheetFound = await parse(sheetPath, {
    open(name, attributes) {
      switch (name) {
        case 'row': {
          rowCount += 1;
          if (rowCount > limits.rows + 1) throw new AppError('bad_request', `${fileName}：超过 ${limits.rows} 行数据上限，已拒绝`, `${fileName}: more than the limit of ${limits.rows} data rows; refused`);
          rowNumber = attributes.r ? Number(attributes.r) : rowNumber + 1;
          if (!Number.isSafeInteger(rowNumber) || rowNumber < 1) throw invalid(fileName, { zh: `行号 ${attributes.r ?? ''}`, en: `row ${attributes.r ?? ''}` });
          cells = [];
          break;
        }
        case 'c': {
          const letters = /^([A-Za-z]+)/.exec(attributes.r ?? '')?.[1];
          const column = letters ? columnNumber(letters) : cells.length + 1;
          if (column > limits.columns) {
            const at = place(column);
            throw new AppError('bad_request', `${fileName}：${at.zh} 超出 ${limits.columns} 列上限，已拒绝`, `${fileName}: ${at.en} is beyond the limit of ${limits.columns} columns; refused`);
          }
          cell = { column, type: attributes.t ?? 'n', style: Number(attributes.s ?? 0), formula: false, value: null, inline: null };
          break;
        }
        case 'f':
          if (cell) {
            cell.formula = true;
            capture = 'f';
          }
          break;
        case 'v':
          if (cell) {
            cell.value = '';
            capture = 'v';
          }
          break;
        case 'is':
          if (cell) cell.inline = [];
          break;
        case 't':
          if (cell?.inline) capture = 't';
          break;
        case 'rPh':
          inPhonetic += 1;
          break;
        case 'mergeCell': {
          const ref = attributes.ref ?? '';
          throw new AppError('bad_request', `${fileName}：合并单元格 ${ref}，请取消合并后再导入`, `${fileName}: merged cells ${ref}; unmerge them and import again`);
        }
        default:
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
        case 'f':
        case 't':
          capture = null;
          break;
        case 'rPh':
          inPhonetic -= 1;
          break;
        case 'c':
          if (cell) {
            const text = cellValue(cell);
            if (text.length > limits.cellLength) {
              const at = place(cell.column);
              throw new AppError('bad_request', `${fileName}：${at.zh} 超过 ${limits.cellLength} 字上限，已拒绝`, `${fileName}: ${at.en} is longer than the limit of ${limits.cellLength} characters; refused`);
            }
            while (cells.length < cell.column - 1) cells.push('');
            cells[cell.column - 1] = text;
            cell = null;
          }
          break;
        case 'row':
          if (cells.some((text) => text !== '')) {
            header ??= cells;
            rows.push({ line: rowNumber, cells });
          }
          break;
        default:
          break;
      }
    },
    text(text) {
      if (!cell) return;
      if (capture === 'v') cell.value = (cell.value ?? '') + text;
      else if (capture === 't' && inPhonetic === 0) cell.inline?.push(text);
    },
  });
  if (!sheetFound) throw invalid(fileName, sheetPath);
  return rows;
}
