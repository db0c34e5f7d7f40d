import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { manyRowsXlsx, minimalXlsx, textCell, zipBombXlsx } from '../../test/corpus/hostile-files.ts';
import { AppError } from './app-error.ts';
import { parseTableFile, readTableFile, readTableFileInWorker } from './read-table-file.ts';

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('bad_request');
  return error as AppError;
}

/** GBK bytes: the header 指标,来源 and the unit 亿元. */
const gbk = {
  header: Buffer.from([0xd6, 0xb8, 0xb1, 0xea, 0x2c, 0xc0, 0xb4, 0xd4, 0xb4]),
  yiYuan: Buffer.from([0xd2, 0xda, 0xd4, 0xaa]),
};

async function workbookFile(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('数据');
  fill(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('readTableFile: files people bring cannot take the server down', () => {
  it('refuses an xlsx zip bomb (1 GiB of spaces in sheet1.xml) on its decompressed size, in bounded memory', async () => {
    const bomb = await zipBombXlsx(1);
    expect(bomb.length).toBeLessThan(8 * 1024 * 1024);
    const error = await refusal(readTableFile('bomb.xlsx', bomb));
    expect(error.message).toBe('bomb.xlsx：解压后超过 50 MB 上限（读到 xl/worksheets/sheet1.xml 时），已拒绝');
    expect(error.messageEn).toBe('bomb.xlsx: more than the 50 MB limit once decompressed (at xl/worksheets/sheet1.xml); refused');
    // The old reader inflated the whole GiB; reading it bounded leaves the process far below that.
    expect(process.memoryUsage().rss).toBeLessThan(800 * 1024 * 1024);
  });

  it('refuses an xlsx of many tiny rows when the row limit is crossed, before keeping them', async () => {
    const file = manyRowsXlsx(1_000);
    const error = await refusal(readTableFile('rows.xlsx', file, { inflatedBytes: 50 * 1024 * 1024, sheets: 50, rows: 500, columns: 100, cellLength: 2_000 }));
    expect(error.message).toBe('rows.xlsx：超过 500 行数据上限，已拒绝');
    expect(error.messageEn).toBe('rows.xlsx: more than the limit of 500 data rows; refused');
    // Under the limit the same kind of file reads.
    expect((await readTableFile('rows.xlsx', manyRowsXlsx(400))).rows).toHaveLength(400);
  });

  it('refuses 200,001 data rows with the default limits', async () => {
    const error = await refusal(readTableFile('big.xlsx', manyRowsXlsx(200_001)));
    expect(error.messageEn).toBe('big.xlsx: more than the limit of 200000 data rows; refused');
  });

  it('refuses a cell beyond the column limit and a cell longer than the length limit, naming the place', async () => {
    const wide = minimalXlsx(`<row r="1">${textCell('A1', 'value')}</row><row r="2">${textCell('CW2', 'x')}</row>`);
    expect((await refusal(readTableFile('wide.xlsx', wide))).message).toBe('wide.xlsx：第 2 行 CW 列 超出 100 列上限，已拒绝');
    const long = minimalXlsx(`<row r="1">${textCell('A1', 'value')}</row><row r="2">${textCell('A2', 'x'.repeat(2_001))}</row>`);
    expect((await refusal(readTableFile('long.xlsx', long))).messageEn).toBe('long.xlsx: row 2, column A (value) is longer than the limit of 2000 characters; refused');
  });

  it('refuses a workbook with more sheets than the limit', async () => {
    const workbook = new ExcelJS.Workbook();
    for (let index = 1; index <= 51; index += 1) workbook.addWorksheet(`表${index}`).addRow(['value']);
    const error = await refusal(readTableFile('sheets.xlsx', Buffer.from(await workbook.xlsx.writeBuffer())));
    expect(error.message).toBe('sheets.xlsx：工作表多于 50 个，已拒绝');
  });

  it('refuses a file that is not a zip, or whose sheet is not XML, as not a valid xlsx', async () => {
    expect((await refusal(readTableFile('text.xlsx', Buffer.from('indicator,value\n')))).message).toBe('text.xlsx：不是有效的 xlsx 文件');
    expect((await refusal(readTableFile('broken.xlsx', minimalXlsx('<row r="1"><c r="A1"><v>1</c></row>')))).messageEn).toBe('broken.xlsx: not a valid xlsx file (xl/worksheets/sheet1.xml)');
  });

  it('refuses a formula cell without a cached value, naming its row and column', async () => {
    const file = await workbookFile((sheet) => {
      sheet.addRow(['indicator', 'value']);
      sheet.addRow(['R&D经费', 1]);
      sheet.addRow(['R&D经费', { formula: 'B2*2' }]);
    });
    const error = await refusal(readTableFile('formula.xlsx', file));
    expect(error.message).toBe('formula.xlsx：第 3 行 B 列（value） 是公式，请粘贴为数值');
    expect(error.messageEn).toBe('formula.xlsx: row 3, column B (value) is a formula without a saved result; paste it as values');
  });

  it('reads a formula cell with a cached value as that value', async () => {
    const file = await workbookFile((sheet) => {
      sheet.addRow(['indicator', 'value', 'unit']);
      sheet.addRow(['R&D经费', { formula: '1+1', result: 2 }, { formula: '"万"&"元"', result: '万元' }]);
    });
    const table = await readTableFile('formula.xlsx', file);
    expect(table.rows).toEqual([{ line: 2, cells: { indicator: 'R&D经费', value: '2', unit: '万元' } }]);
  });

  it('refuses merged cells with their address', async () => {
    const file = await workbookFile((sheet) => {
      sheet.addRow(['indicator', 'value', 'unit']);
      sheet.addRow(['R&D经费', 1, '万元']);
      sheet.addRow(['R&D经费', 2, '万元']);
      sheet.mergeCells('B2:C3');
    });
    const error = await refusal(readTableFile('merged.xlsx', file));
    expect(error.message).toBe('merged.xlsx：合并单元格 B2:C3，请取消合并后再导入');
    expect(error.messageEn).toBe('merged.xlsx: merged cells B2:C3; unmerge them and import again');
  });

  it('reads rich text, hyperlinks, dates and long digit strings as their text', async () => {
    const file = await workbookFile((sheet) => {
      sheet.addRow(['name', 'link', 'date', 'code', 'flag']);
      sheet.addRow([{ richText: [{ text: '宁夏', font: { bold: true } }, { text: '科技厅' }] }, { text: '官网', hyperlink: 'https://kjt.nx.gov.cn' }, new Date(Date.UTC(2024, 5, 30)), '91640100MA7XXXXXXX', true]);
    });
    const table = await readTableFile('mixed.xlsx', file);
    expect(table.rows).toEqual([{ line: 2, cells: { name: '宁夏科技厅', link: '官网', date: '2024-06-30', code: '91640100MA7XXXXXXX', flag: 'true' } }]);
  });

  it('refuses a CSV that is neither UTF-8 nor GB18030, naming the line, and accepts UTF-8 with a BOM', async () => {
    // 0xff and a cut-off three-byte sequence are text in no encoding a spreadsheet writes.
    const bad = Buffer.concat([Buffer.from('indicator,value\nR&D经费,1\n'), Buffer.from([0xe7, 0xa0, 0xff]), Buffer.from(',2\n')]);
    const error = await refusal(readTableFile('broken.csv', bad));
    expect(error.message).toBe('broken.csv:3：第 3 行既不是有效的 UTF-8 文本，也不是有效的 GB18030（GBK）文本，无法识别编码；请另存为“CSV UTF-8（逗号分隔）”后上传');
    expect(error.messageEn).toBe('broken.csv:3: line 3 is neither valid UTF-8 nor valid GB18030 (GBK) text, so the encoding cannot be told; save the file as "CSV UTF-8 (Comma delimited)" and upload that');
    // A GBK file broken on line 4 is named at line 4, where its reading as GBK stops (line 2 is where UTF-8 does).
    const gbkBroken = Buffer.concat([Buffer.from('source,value\n'), gbk.yiYuan, Buffer.from(',1\nx,2\n'), Buffer.from([0xd2, 0xff]), Buffer.from(',3\n')]);
    expect((await refusal(readTableFile('gbk-broken.csv', gbkBroken))).message).toMatch(/^gbk-broken\.csv:4：第 4 行既不是有效的 UTF-8 文本/);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('指标,value\nR&D经费,1\n')]);
    expect(await readTableFile('bom.csv', bom)).toEqual({ headerLine: 1, columns: ['指标', 'value'], rows: [{ line: 2, cells: { 指标: 'R&D经费', value: '1' } }] });
  });

  it('decodes GBK and GB18030 (what Excel writes on a Chinese Windows) as the same text a UTF-8 file gives, also in the worker', async () => {
    // 指标,来源 / gdp,亿元 in GBK (Excel's "CSV (逗号分隔)"); mojibake like "ʯ��ɽ" was stored, then refused, before.
    const file = Buffer.concat([gbk.header, Buffer.from('\r\ngdp,'), gbk.yiYuan, Buffer.from('\r\n')]);
    const expected = { headerLine: 1, columns: ['指标', '来源'], rows: [{ line: 2, cells: { 指标: 'gdp', 来源: '亿元' } }] };
    expect(await readTableFile('gbk.csv', file)).toEqual(expected);
    expect(await readTableFileInWorker('gbk.csv', file)).toEqual(expected);
    expect(await readTableFile('utf8.csv', Buffer.from('指标,来源\r\ngdp,亿元\r\n'))).toEqual(expected);
    // 𠀀 (U+20000) and 𪚥 (U+2A6A5) exist only in GB18030, in four bytes each.
    const beyond = Buffer.concat([Buffer.from('name\n'), Buffer.from([0x95, 0x32, 0x82, 0x36]), Buffer.from([0x98, 0x35, 0xee, 0x37]), Buffer.from('\n')]);
    expect((await readTableFile('gb18030.csv', beyond)).rows[0]?.cells.name).toBe('𠀀𪚥');
    // A row number after a GBK row counts lines as the file has them.
    const lines = Buffer.concat([Buffer.from('a,b\n'), gbk.yiYuan, Buffer.from(',"x\ny"\n'), gbk.yiYuan, Buffer.from(',2\n')]);
    expect((await readTableFile('lines.csv', lines)).rows.map((row) => row.line)).toEqual([2, 4]);
  });

  it('refuses a photo, an archive or bytes that are no text, named .csv or .xlsx: “不是 CSV 或 Excel 文件”, saying what it is', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const photo = await refusal(readTableFile('photo.csv', png));
    expect(photo.message).toBe('photo.csv：不是 CSV 或 Excel 文件（内容是图片）；请上传 CSV 文本（UTF-8 或 GBK）或 Excel 工作簿（.xlsx）');
    expect(photo.messageEn).toBe('photo.csv: not a CSV or Excel file (the content is an image); upload CSV text (UTF-8 or GBK) or an Excel workbook (.xlsx)');
    expect((await refusal(readTableFile('photo.xlsx', png))).message).toMatch(/^photo\.xlsx：不是 CSV 或 Excel 文件（内容是图片）/);
    expect((await refusal(readTableFile('photo.csv', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])))).message).toMatch(/（内容是图片）/);
    expect((await refusal(readTableFile('data.csv', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00])))).message).toMatch(/（内容是压缩包）/);
    const noise = Buffer.from(Array.from({ length: 300 }, (_, index) => (index * 37 + 11) % 256));
    expect((await refusal(readTableFile('noise.csv', noise))).message).toMatch(/^noise\.csv：不是 CSV 或 Excel 文件（内容是二进制数据）/);
  });

  it('caps CSV rows, columns and cell length', async () => {
    const limits = { inflatedBytes: 50 * 1024 * 1024, sheets: 50, rows: 3, columns: 3, cellLength: 10 };
    expect((await refusal(readTableFile('rows.csv', Buffer.from('a\n1\n2\n3\n4\n'), limits))).messageEn).toBe('rows.csv: more than the limit of 3 data rows; refused');
    expect((await refusal(readTableFile('cols.csv', Buffer.from('a\n1,2,3,4\n'), limits))).messageEn).toBe('cols.csv:2: line 2 has more than the limit of 3 columns; refused');
    expect((await refusal(readTableFile('long.csv', Buffer.from('a\n12345678901\n'), limits))).messageEn).toBe('long.csv:2: line 2, column 1 is longer than the limit of 10 characters; refused');
    expect((await readTableFile('ok.csv', Buffer.from('a\n1\n2\n3\n'), limits)).rows).toHaveLength(3);
  });

  it('parses in a worker thread the same table, and the same refusal, as on the calling thread', async () => {
    const file = await workbookFile((sheet) => {
      sheet.addRow(['indicator', 'value']);
      sheet.addRow(['R&D经费', 12.5]);
    });
    expect(await readTableFileInWorker('values.xlsx', file)).toEqual(await parseTableFile('values.xlsx', file));
    const merged = await workbookFile((sheet) => {
      sheet.addRow(['indicator', 'value']);
      sheet.mergeCells('A2:B2');
    });
    expect((await refusal(readTableFileInWorker('merged.xlsx', merged))).messageEn).toBe('merged.xlsx: merged cells A2:B2; unmerge them and import again');
  });

  it('reads five files at once through the two worker places, each to its own table', async () => {
    const files = [1, 2, 3, 4, 5].map((count) => Buffer.from(['value', ...Array.from({ length: count }, (_, index) => String(index))].join('\n')));
    const tables = await Promise.all(files.map((file, index) => readTableFileInWorker(`file${index}.csv`, file)));
    expect(tables.map((table) => table.rows.length)).toEqual([1, 2, 3, 4, 5]);
  });

  it('parses a large file off the calling thread: the event loop turns while it is read', async () => {
    const lines = ['indicator,org,period,value'];
    for (let row = 0; row < 150_000; row += 1) lines.push(`R&D经费,640000,2024,${row}`);
    let turned = false;
    // The old reader parsed a CSV synchronously, before the caller's next turn of the loop could run.
    const parsing = readTableFile('big.csv', Buffer.from(lines.join('\n'))).then((table) => ({ table, turnedBefore: turned }));
    setImmediate(() => {
      turned = true;
    });
    const { table, turnedBefore } = await parsing;
    expect(turnedBefore).toBe(true);
    expect(table.rows).toHaveLength(150_000);
    expect(table.rows.at(-1)).toEqual({ line: 150_001, cells: { indicator: 'R&D经费', org: '640000', period: '2024', value: '149999' } });
  });

  it('refuses NUL and other control characters in a cell, naming row and column (a NUL gave a 500 on storing; a BEL was stored unseen)', async () => {
    const nul = await refusal(readTableFile('nul.csv', Buffer.from('indicator,org,period,value,unit,source\ngdp,640400,2013,180,亿元,固原\u0000统计公报\n')));
    expect(nul.message).toBe('nul.csv:2：第 2 行 F 列（source）含有控制字符 U+0000，请删除后再导入');
    expect(nul.messageEn).toBe('nul.csv:2: row 2, column F (source) holds the control character U+0000; remove it and import again');
    expect((await refusal(readTableFile('bell.csv', Buffer.from('name\n宁夏\u0007公司\n')))).message).toBe('bell.csv:2：第 2 行 A 列（name）含有控制字符 U+0007，请删除后再导入');
    // A tab or a line break inside a quoted cell is text people write.
    expect((await readTableFile('note.csv', Buffer.from('note\n"第一行\r\n第二行\t完"\n'))).rows[0]?.cells.note).toBe('第一行\r\n第二行\t完');
  });

  it('refuses a header that names a column twice (the last one silently counted)', async () => {
    const error = await refusal(readTableFile('twice.csv', Buffer.from('indicator,org,period,value,Value,unit\ngdp,640400,2020,200,999999,亿元\n')));
    expect(error.message).toBe('twice.csv:1：表头 E 列“value”与 D 列重复，请只保留一列');
    expect(error.messageEn).toBe('twice.csv:1: header column E "value" repeats column D; keep one of them');
    // Empty header cells are not names.
    expect((await readTableFile('blank.csv', Buffer.from('a,,b,\n1,,2,\n'))).columns).toEqual(['a', '', 'b', '']);
  });

  it('names the line where a CSV record starts, a CRLF inside quotes counted once (it said line 4 for line 2)', async () => {
    const table = await readTableFile('multi.csv', Buffer.from('period,value\r\n"2018\r\nSet-Cookie: x",1\r\n2019,2\r\n\r\n2020,3\r\n'));
    expect(table.rows.map((row) => row.line)).toEqual([2, 4, 6]);
    const lf = await readTableFile('lf.csv', Buffer.from('\uFEFFperiod,value\n"a\nb\nc",1\n2019,2\n'));
    expect(lf.rows.map((row) => row.line)).toEqual([2, 5]);
  });

  it('says in Chinese what is wrong with a malformed CSV, and on which line', async () => {
    const unclosed = await refusal(readTableFile('open.csv', Buffer.from('a,b\n1,2\n3,"4\n5,6\n')));
    expect(unclosed.message).toBe('open.csv:3：第 3 行引号未闭合（以双引号开始的单元格须以双引号结束）');
    const inner = await refusal(readTableFile('inner.csv', Buffer.from('a,b\n1,固原"市"\n')));
    expect(inner.message).toBe('inner.csv:2：第 2 行单元格中间出现双引号（含双引号的单元格须整体用双引号括起，内部的双引号写两遍）');
    expect(inner.messageEn).toBe('inner.csv:2: line 2: a double quote inside a cell (such a cell must be quoted whole, its own double quotes doubled)');
  });

  it('refuses a file whose content is not what its name says, saying what it is', async () => {
    const workbook = await workbookFile((sheet) => sheet.addRow(['indicator', 'value']));
    expect((await refusal(readTableFile('book.csv', workbook))).message).toBe('book.csv：文件内容是 xlsx 工作簿或 zip 压缩包，不是 CSV 文本；请以 .xlsx 文件名上传工作簿，或另存为 CSV（UTF-8）');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
    expect((await refusal(readTableFile('old.xls', ole))).message).toBe('old.xls：文件内容是旧版 Excel（.xls）、设有打开密码的工作簿或其他 Office 97–2003 文件；请取消打开密码并另存为 Excel 工作簿（.xlsx）后上传');
    expect((await refusal(readTableFile('old.xlsx', ole))).messageEn).toBe('old.xlsx: the content is an old Excel (.xls), a workbook with an opening password, or another Office 97–2003 file; remove the password and save it as an Excel workbook (.xlsx) and upload that');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('indicator,value\r\n', 'utf16le')]);
    expect((await refusal(readTableFile('unicode.csv', utf16))).message).toBe('unicode.csv：文件是 UTF-16 编码的文本（Excel 的“Unicode 文本”）；请另存为“CSV UTF-8（逗号分隔）”后上传');
    expect((await refusal(readTableFile('scan.xlsx', Buffer.from('%PDF-1.4\n%%EOF\n')))).message).toBe('scan.xlsx：不是 CSV 或 Excel 文件（内容是 PDF 文档）；请上传 CSV 文本（UTF-8 或 GBK）或 Excel 工作簿（.xlsx）');
  });

  it('says in Chinese where a broken workbook is broken (the place was given in English inside the Chinese message)', async () => {
    const header = `<row r="1">${textCell('A1', 'indicator')}</row>`;
    const shared = await refusal(readTableFile('shared.xlsx', minimalXlsx(`${header}<row r="2"><c r="A2" t="s"><v>99</v></c></row>`)));
    expect(shared.message).toBe('shared.xlsx：不是有效的 xlsx 文件（第 2 行 A 列（indicator）：引用的共享字符串 99 不存在）');
    expect(shared.messageEn).toBe('shared.xlsx: not a valid xlsx file (row 2, column A (indicator): shared string 99)');
    const number = await refusal(readTableFile('number.xlsx', minimalXlsx(`${header}<row r="2"><c r="A2"><v>abc</v></c></row>`)));
    expect(number.message).toBe('number.xlsx：不是有效的 xlsx 文件（第 2 行 A 列（indicator）：数值“abc”无法读取）');
    const row = await refusal(readTableFile('row.xlsx', minimalXlsx(`${header}<row r="0"><c r="A2"><v>1</v></c></row>`)));
    expect(row.message).toBe('row.xlsx：不是有效的 xlsx 文件（行号 0）');
  });
});
