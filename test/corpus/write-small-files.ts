/**
 * Writes the small files of the bad-input corpus into test/corpus/files/ (they are committed; run
 * again only to change them): `npx tsx test/corpus/write-small-files.ts`. What each one attacks,
 * and what every import must answer, is in corpus-manifest.ts. The large files (bombs, a million
 * rows) are never written here: hostile-files.ts makes them at test time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { creditCodeCheckCharacter } from '../../src/shared/credit-code.ts';
import { minimalXlsx, textCell, xlsxWithSheetXml, zip } from './hostile-files.ts';

const directory = new URL('./files/', import.meta.url);
mkdirSync(directory, { recursive: true });
const write = (name: string, content: Buffer | string) => writeFileSync(new URL(name, directory), content);

/** A valid credit code (its check character computed) from 17 characters. */
const creditCode = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;

const valueHeader = 'indicator,org,period,value,unit,source';
/** A good value row: 固原市's GDP of a year no bundled figure has. */
const goodValue = 'gdp,640400,2009,150.5,亿元,固原市统计公报';
const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** Every column any import requires (a header that no import reads whole: each refuses the others' columns). */
const everyRequiredColumn =
  'indicator,org,period,value,credit_code,name,type,valid_from,registration_number,level,host,approved_on,contract_amount,tech_amount,seller_name,seller_org,buyer_name,buyer_org,registered_on,year,evaluated_on,result';

/**
 * Text as GB18030 bytes (Node decodes GB18030 but has no encoder): ASCII as itself, a character
 * of GBK by its two bytes (found by decoding every two-byte code), one beyond the BMP by the
 * standard's four-byte linear mapping (U+20000 → 95 32 82 36).
 */
function gb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const twoBytes = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      const character = decoder.decode(Uint8Array.of(lead, trail));
      if (character.length === 1 && character !== '\ufffd' && !twoBytes.has(character)) twoBytes.set(character, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (twoBytes.has(character)) bytes.push(...twoBytes.get(character)!);
    else if (code >= 0x10000) {
      let linear = code - 0x10000;
      const b4 = 0x30 + (linear % 10);
      linear = Math.floor(linear / 10);
      const b3 = 0x81 + (linear % 126);
      linear = Math.floor(linear / 126);
      bytes.push(0x90 + Math.floor(linear / 10), 0x30 + (linear % 10), b3, b4);
    } else throw new Error(`no GB18030 bytes for ${character} here`);
  }
  return Buffer.from(bytes);
}

// ---- Encodings ----
write('invalid-utf8.csv', Buffer.concat([Buffer.from(`${valueHeader}\r\n${goodValue}\r\ngdp,640400,2010,1,亿元,`), Buffer.from([0xe7, 0xa0, 0xff, 0xfe]), Buffer.from('\r\n')]));
// 固原市统计公报 in GBK: what Excel writes on a Chinese Windows ("CSV (逗号分隔)").
write('gbk.csv', Buffer.concat([Buffer.from(`${valueHeader}\r\ngdp,640400,2011,160,`), Buffer.from([0xd2, 0xda, 0xd4, 0xaa]), Buffer.from(','), Buffer.from([0xb9, 0xcc, 0xd4, 0xad, 0xca, 0xd0, 0xcd, 0xb3, 0xbc, 0xc6, 0xb9, 0xab, 0xb1, 0xa8]), Buffer.from('\r\n')]));
// Beyond GBK: 𠀀 (U+20000) has only GB18030's four bytes; the header in Chinese, as the template writes it.
write('gb18030.csv', gb18030(csv('指标,地区,期间,数值,单位,来源', 'gdp,640400,2006,110,亿元,固原市𠀀统计公报')));
// A registry file as a Chinese office keeps it: GBK, with the template's Chinese headers.
write('gbk-enterprises.csv', gb18030(csv('统一社会信用代码,企业名称,区划代码', `${creditCode('91640104MA7GBK000')},宁夏银川市科创测试有限公司,640104`)));
// Chinese headers, as the templates carry them.
write('chinese-headers.csv', csv('指标,地区,期间,数值,单位,来源', 'gdp,640400,2007,120,亿元,固原市统计年鉴（中文表头）'));
write('chinese-headers-enterprises.csv', csv('统一社会信用代码,企业名称,区划代码,规模以上', `${creditCode('91640104MA7CHW000')},宁夏中文表头有限公司,640104,是`));
write('mixed-headers.csv', csv('指标,org,期间,数值', 'gdp,640400,2005,100'));
write('chinese-and-english-headers.csv', csv('指标,地区,期间,数值,indicator', 'gdp,640400,2005,100,gdp'));
write('unknown-header.csv', csv('indicator,org,period,value,sorce', 'gdp,640400,2005,100,统计公报'));
write('utf8-bom-chinese.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(valueHeader, 'gdp,640400,2012,170.25,亿元,固原市2012年国民经济和社会发展统计公报（“十二五”）'))]));
// What Excel's "Unicode 文本" writes: UTF-16 LE with its byte-order mark, tab-separated.
write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${valueHeader.replaceAll(',', '\t')}\r\n${goodValue.replaceAll(',', '\t')}\r\n`, 'utf16le')]));
write('nul-byte.csv', csv(valueHeader, 'gdp,640400,2013,180,亿元,固原\u0000统计公报'));
write('control-characters.csv', csv('credit_code,name,org', `${creditCode('91640104MA7NUL000')},宁夏\u0007控制\u001b字符有限公司,640104`));

// ---- Numbers ----
write('huge-number.csv', csv(valueHeader, 'gdp,640400,2014,1e308,亿元,', 'gdp,640400,2015,1' + '0'.repeat(400) + ',亿元,'));
write('hex-number.csv', csv(valueHeader, 'gdp,640400,2016,0x10,亿元,'));
write('odd-numbers.csv', csv(valueHeader, 'gdp,640400,2017,Infinity,亿元,', 'gdp,640402,2017,NaN,亿元,', 'gdp,640422,2017,-5,亿元,', 'gdp,640423,2017,１２,亿元,', 'gdp,640424,2017,1e3,亿元,'));
write(
  'huge-amounts.csv',
  csv(
    'registration_number,type,contract_amount,tech_amount,seller_name,seller_org,buyer_name,buyer_org,registered_on',
    'JS-HUGE-1,技术开发,1e308,0x10,宁夏枸杞研究所,640104,北京某研究院,110108,2023-05-01',
    'JS-HUGE-2,技术开发,99999999999999999999999999,1,宁夏枸杞研究所,640104,北京某研究院,110108,2023-05-01',
  ),
);
// What the usability issue typed: 1e30, −5 (a typographic minus and a plain one) and text as values.
write('bad-values.csv', csv(valueHeader, 'gdp,640400,2004,1e30,亿元,', 'gdp,640402,2004,−5,亿元,', 'gdp,640422,2004,-5,亿元,', 'gdp,640423,2004,abc,亿元,'));
write('bad-figures.csv', csv('credit_code,year,revenue,staff,tech_staff,rd_expense', `${creditCode('91640104MA7BAD000')},2023,1e30,−5,abc,-5`));
write(
  'bad-amounts.csv',
  csv(
    'registration_number,type,contract_amount,tech_amount,seller_name,seller_org,buyer_name,buyer_org,registered_on',
    'JS-BAD-1,技术开发,1e30,1,宁夏枸杞研究所,640104,北京某研究院,110108,2023-05-01',
    'JS-BAD-2,技术开发,−5,1,宁夏枸杞研究所,640104,北京某研究院,110108,2023-05-01',
    'JS-BAD-3,技术开发,abc,1,宁夏枸杞研究所,640104,北京某研究院,110108,2023-05-01',
  ),
);
write('hex-counts.csv', csv('credit_code,year,revenue,staff', `${creditCode('91640104MA7HEX000')},2023,1e308,0x10`));

// ---- Text that must never become markup, headers or SQL ----
write('crlf-in-period.csv', csv(valueHeader, 'gdp,640400,"2018\r\nSet-Cookie: kc_session=stolen",190,亿元,'));
write('script-in-codes.csv', csv(valueHeader, '<script>alert(1)</script>,<img src=x onerror=alert(1)>,2019,1,亿元,'));
write('script-in-name.csv', csv('credit_code,name,org', `${creditCode('91640104MA7XHT000')},"<script>alert(""科创"")</script>有限公司",640104`));
write('sql-in-name.csv', csv('credit_code,name,org', `${creditCode('91640104MA7DRP000')},"宁夏'); drop table enterprises; --有限公司",640104`));

// ---- Shape of the table ----
write('empty.csv', '');
write('blank-lines.csv', '\r\n\r\n,,,\r\n');
write('header-only.csv', csv(valueHeader));
write('header-only-enterprises.csv', csv('credit_code,name,org'));
write('duplicate-headers.csv', csv('indicator,org,period,value,value,unit', 'gdp,640400,2020,200,999999,亿元'));
write('missing-columns.csv', csv('indicator,value', 'gdp,1'));
write('too-many-columns.csv', csv([...everyRequiredColumn.split(','), ...Array.from({ length: 100 }, (_, index) => `extra${index}`)].join(','), goodValue));
write('long-cell.csv', csv(valueHeader, `gdp,640400,2021,1,亿元,${'长'.repeat(2_001)}`));
write('inner-quote.csv', csv(valueHeader, 'gdp,640400,2022,1,亿元,固原"市"统计公报'));
write('unclosed-quote.csv', csv(valueHeader, 'gdp,640400,2022,"1,亿元,未闭合的引号'));

// ---- xlsx that no spreadsheet program writes ----
const valueHeaderRow = `<row r="1">${['indicator', 'org', 'period', 'value', 'unit'].map((name, index) => textCell(`${'ABCDE'[index]}1`, name)).join('')}</row>`;
write('formula-no-value.xlsx', minimalXlsx(`${valueHeaderRow}<row r="2">${textCell('A2', 'gdp')}${textCell('B2', '640400')}${textCell('C2', '2023')}<c r="D2"><f>1+1</f></c>${textCell('E2', '亿元')}</row>`));
write('formula-with-value.xlsx', minimalXlsx(`${valueHeaderRow}<row r="2">${textCell('A2', 'gdp')}${textCell('B2', '640400')}${textCell('C2', '2008')}<c r="D2"><f>100+40.5</f><v>140.5</v></c>${textCell('E2', '亿元')}</row>`));
write('merged-cells.xlsx', minimalXlsx(`${valueHeaderRow}<row r="2">${textCell('A2', 'gdp')}${textCell('B2', '640400')}${textCell('C2', '2024')}<c r="D2"><v>1</v></c></row>`, '<mergeCells count="1"><mergeCell ref="D2:E3"/></mergeCells>'));
write('error-value.xlsx', minimalXlsx(`${valueHeaderRow}<row r="2">${textCell('A2', 'gdp')}${textCell('B2', '640400')}${textCell('C2', '2024')}<c r="D2" t="e"><v>#DIV/0!</v></c></row>`));
write('missing-shared-string.xlsx', minimalXlsx(`${valueHeaderRow}<row r="2"><c r="A2" t="s"><v>99</v></c></row>`));
write('row-number-huge.xlsx', minimalXlsx(`${valueHeaderRow}<row r="9007199254740993">${textCell('A9007199254740993', 'gdp')}</row>`));
write(
  'billion-laughs.xlsx',
  xlsxWithSheetXml(
    `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>` +
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${valueHeaderRow}<row r="2"><c r="A2" t="inlineStr"><is><t>&h;</t></is></c></row></sheetData></worksheet>`,
  ),
);
write('external-entity.xlsx', xlsxWithSheetXml(`<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${valueHeaderRow}<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>`));

// ---- Wrong extension, or content that is not what it says ----
write('empty.xlsx', '');
write('zip-not-xlsx.xlsx', zip([{ name: 'readme.txt', content: Buffer.from('这不是工作簿') }]));
write('pdf-renamed.xlsx', '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// An Office 97–2003 compound file header, then nothing a reader could use: what "Excel 97-2003 工作簿" saves.
write('legacy-excel.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
write('legacy-excel-named-xlsx.xlsx', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
write('csv-named-xlsx.xlsx', csv(valueHeader, goodValue));

// A photo (PNG: signature, header chunk, some pixels) named .csv and named .xlsx; bytes that are no text at all.
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x91, 0x68, 0x36]),
  Buffer.from([0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef]),
  Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]),
]);
write('png-renamed.csv', png);
write('png-renamed.xlsx', png);
write('binary.csv', Buffer.from(Array.from({ length: 512 }, (_, index) => (index * 37 + 11) % 256)));

// A real workbook (the minimal writer: the same bytes each time) under a .csv name.
write('xlsx-named-csv.csv', minimalXlsx(`${valueHeaderRow}<row r="2">${textCell('A2', 'gdp')}${textCell('B2', '640400')}${textCell('C2', '2009')}<c r="D2"><v>150.5</v></c>${textCell('E2', '亿元')}</row>`));
