// Hostile table files, generated at test time (the large ones never reach the repository):
// a hand-written minimal xlsx zip, so that a part can hold what no spreadsheet program writes.
import { createDeflateRaw, deflateRawSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, index) => {
  let crc = index;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** One zip entry: its content, or (for a bomb) its deflated bytes with the sizes it claims. */
export type ZipPart = { name: string; content: Buffer } | { name: string; deflated: Buffer; size: number; crc: number };

/** A zip archive of the parts, each deflated (the minimal writer the corpus needs). */
export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const data = 'content' in part ? deflateRawSync(part.content) : part.deflated;
    const size = 'content' in part ? part.content.length : part.size;
    const crc = 'content' in part ? crc32(part.content) : part.crc;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(Math.min(size, 0xfffffffe), 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(Math.min(size, 0xfffffffe), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    directory.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
const sheetStart = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const sheetEnd = '</sheetData></worksheet>';

/** A minimal xlsx whose first sheet is the given sheetData XML (inline strings, numbers, formulas). */
export function minimalXlsx(sheetData: string, after = ''): Buffer {
  return zip([
    { name: '[Content_Types].xml', content: Buffer.from(contentTypes) },
    { name: '_rels/.rels', content: Buffer.from(rootRels) },
    { name: 'xl/workbook.xml', content: Buffer.from(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', content: Buffer.from(workbookRels) },
    { name: 'xl/worksheets/sheet1.xml', content: Buffer.from(`${sheetStart}${sheetData}</sheetData>${after}</worksheet>`) },
  ]);
}

/** A minimal xlsx whose first sheet is exactly the given XML (a DOCTYPE, a part no program writes). */
export function xlsxWithSheetXml(sheetXml: string): Buffer {
  return zip([
    { name: '[Content_Types].xml', content: Buffer.from(contentTypes) },
    { name: '_rels/.rels', content: Buffer.from(rootRels) },
    { name: 'xl/workbook.xml', content: Buffer.from(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', content: Buffer.from(workbookRels) },
    { name: 'xl/worksheets/sheet1.xml', content: Buffer.from(sheetXml) },
  ]);
}

/** An inline-string cell. */
export function textCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

/**
 * A zip bomb: a valid header row, then `gibibytes` GiB of spaces inside sheet1.xml, deflated to a
 * few MB. The entry claims its true size (capped) and carries no true CRC (the reader under test
 * must refuse it on size before any check of the whole could run).
 */
export async function zipBombXlsx(gibibytes = 1): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 1 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const spaces = Buffer.alloc(4 * 1024 * 1024, 0x20);
  const head = Buffer.from(`${sheetStart}<row r="1">${textCell('A1', 'indicator')}</row>`);
  deflate.write(head);
  const total = gibibytes * 256;
  for (let index = 0; index < total; index += 1) {
    if (!deflate.write(spaces)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end(Buffer.from(sheetEnd));
  await done;
  const deflated = Buffer.concat(chunks);
  return zip([
    { name: '[Content_Types].xml', content: Buffer.from(contentTypes) },
    { name: '_rels/.rels', content: Buffer.from(rootRels) },
    { name: 'xl/workbook.xml', content: Buffer.from(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', content: Buffer.from(workbookRels) },
    { name: 'xl/worksheets/sheet1.xml', deflated, size: head.length + total * spaces.length + sheetEnd.length, crc: 0 },
  ]);
}

/**
 * Millions of tiny rows (8.5 M is about 220 MB of sheet XML, 0.5 MB deflated), deflated as they are made so that
 * the test never holds the XML; like the bomb, the entry carries no true CRC (the reader refuses
 * it at the row limit, long before the end).
 */
export async function tinyRowsXlsx(rows: number): Promise<Buffer> {
  const deflate = createDeflateRaw();
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let size = 0;
  const put = async (text: string) => {
    const bytes = Buffer.from(text);
    size += bytes.length;
    if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once('drain', resolve));
  };
  await put(`${sheetStart}<row r="1">${textCell('A1', 'value')}</row>`);
  for (let from = 2; from <= rows + 1; from += 10_000) {
    const block: string[] = [];
    // Without row and cell references (they are optional): the same bytes again and again, as small as a deflated file gets.
    for (let row = from; row < Math.min(from + 10_000, rows + 2); row += 1) block.push('<row><c><v>1</v></c></row>');
    await put(block.join(''));
  }
  const end = Buffer.from(sheetEnd);
  size += end.length;
  deflate.end(end);
  await done;
  return zip([
    { name: '[Content_Types].xml', content: Buffer.from(contentTypes) },
    { name: '_rels/.rels', content: Buffer.from(rootRels) },
    { name: 'xl/workbook.xml', content: Buffer.from(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', content: Buffer.from(workbookRels) },
    { name: 'xl/worksheets/sheet1.xml', deflated: Buffer.concat(chunks), size, crc: 0 },
  ]);
}

/** Many tiny rows (`<row r="N"><c r="AN"><v>1</v></c></row>`), small once deflated. */
export function manyRowsXlsx(rows: number): Buffer {
  const parts: string[] = [`<row r="1">${textCell('A1', 'value')}</row>`];
  for (let row = 2; row <= rows + 1; row += 1) parts.push(`<row r="${row}"><c r="A${row}"><v>1</v></c></row>`);
  return minimalXlsx(parts.join(''));
}

/** A CSV of `rows` data rows of indicator values (about 30 bytes a row): 1M rows is about 30 MB. */
export function manyRowsCsv(rows: number): Buffer {
  const chunks: Buffer[] = [Buffer.from('indicator,org,period,value\n')];
  const block: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    block.push(`gdp,640400,${2000 + (row % 25)},${row}\n`);
    if (block.length === 10_000) chunks.push(Buffer.from(block.splice(0).join('')));
  }
  chunks.push(Buffer.from(block.join('')));
  return Buffer.concat(chunks);
}
