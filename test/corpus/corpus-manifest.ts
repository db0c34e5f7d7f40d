/**
 * The bad-input corpus: every file, what it attacks, and what each import must answer. The small
 * files are committed in files/ (written by write-small-files.ts); the large ones are made at
 * test time by hostile-files.ts and run only with KECHUANG_BIG_CORPUS=1 (.ci/run sets it).
 * src/server/bad-input-corpus.test.ts runs every file through every import over HTTP, on both
 * databases, and checks the outcome written here, that a refusal writes nothing, and that the
 * server still answers /api/health.
 */
import { registryKinds } from '../../src/registry/registry-vocabulary.ts';
import { manyRowsCsv, tinyRowsXlsx, zipBombXlsx } from './hostile-files.ts';

/** The imports a file can be sent to: indicator values, and each registry kind. */
export const importKinds = ['indicators', ...registryKinds] as const;
export type ImportKind = (typeof importKinds)[number];

/**
 * What an import answers:
 * - `refused: 400` — the error body's Chinese message starts with `message` (which names the file
 *   and, where there is one, the line, row, column or part);
 * - `refused: 422` — the import report, `problems` problems in all, the first of whose Chinese
 *   message starts with `first` (file:line field);
 * - `imported` — 200 with `rows` rows written, and `survives` (text of the file) stored as written.
 */
export type Outcome = { refused: 400; message: string } | { refused: 422; problems: number; first: string } | { imported: number; survives?: string };

export interface CorpusFile {
  file: string;
  attacks: string;
  /** One outcome for every import, or one per import (the others: `otherwise`). */
  outcomes: Partial<Record<ImportKind, Outcome>> & { otherwise: Outcome };
}

const refused = (message: string): Outcome => ({ refused: 400, message });
const problems = (count: number, first: string): Outcome => ({ refused: 422, problems: count, first });
/** A file made for one import is refused by the others at its header, naming the header line (and the column it does not read, or the ones it lacks). */
const wrongHeader = (file: string): Outcome => refused(`${file}:1：表头`);
/** Not a table at all: one Chinese refusal saying so, and what the content is. */
const notATable = (file: string, what: string): Outcome => refused(`${file}：不是 CSV 或 Excel 文件（内容是${/^[A-Z]/.test(what) ? ' ' : ''}${what}）`);
const everywhere = (outcome: Outcome) => ({ otherwise: outcome });

export const smallCorpus: CorpusFile[] = [
  // ---- Encodings ----
  { file: 'invalid-utf8.csv', attacks: 'bytes that are neither UTF-8 nor GB18030 (stored as U+FFFD without a word before)', outcomes: everywhere(refused('invalid-utf8.csv:3：第 3 行既不是有效的 UTF-8 文本，也不是有效的 GB18030（GBK）文本')) },
  // GBK is what Excel on a Chinese Windows writes ("CSV (逗号分隔)"): decoded as GB18030 (refused, naming line 2, before).
  { file: 'gbk.csv', attacks: 'valid but awkward: a GBK-encoded CSV (mojibake, then refused, before)', outcomes: { indicators: { imported: 1, survives: '固原市统计公报' }, otherwise: wrongHeader('gbk.csv') } },
  { file: 'gb18030.csv', attacks: 'valid but awkward: GB18030 with a character beyond GBK (𠀀, four bytes) and Chinese headers', outcomes: { indicators: { imported: 1, survives: '固原市𠀀统计公报' }, otherwise: wrongHeader('gb18030.csv') } },
  { file: 'gbk-enterprises.csv', attacks: 'valid but awkward: an enterprise file in GBK under the template’s Chinese headers', outcomes: { enterprises: { imported: 1, survives: '宁夏银川市科创测试有限公司' }, otherwise: wrongHeader('gbk-enterprises.csv') } },
  {
    file: 'utf8-bom-chinese.csv',
    attacks: 'valid but awkward: UTF-8 with a byte-order mark, Chinese and full-width punctuation in the source',
    outcomes: { indicators: { imported: 1, survives: '固原市2012年国民经济和社会发展统计公报（“十二五”）' }, otherwise: wrongHeader('utf8-bom-chinese.csv') },
  },
  // Chinese headers, as the templates carry them (refused at the header before).
  { file: 'chinese-headers.csv', attacks: 'valid but awkward: Chinese headers 指标, 地区, 期间, 数值, 单位, 来源 (refused at the header before)', outcomes: { indicators: { imported: 1, survives: '固原市统计年鉴（中文表头）' }, otherwise: wrongHeader('chinese-headers.csv') } },
  {
    file: 'chinese-headers-enterprises.csv',
    attacks: 'valid but awkward: an enterprise file under Chinese headers 统一社会信用代码, 企业名称, 区划代码, 规模以上',
    outcomes: { enterprises: { imported: 1, survives: '宁夏中文表头有限公司' }, otherwise: wrongHeader('chinese-headers-enterprises.csv') },
  },
  { file: 'mixed-headers.csv', attacks: 'Chinese and English headers mixed (指标, org …)', outcomes: { indicators: refused('mixed-headers.csv:1：表头 B 列“org”是英文列名，而 A 列“指标”是中文列名'), otherwise: wrongHeader('mixed-headers.csv') } },
  { file: 'chinese-and-english-headers.csv', attacks: 'one column twice, as 指标 and as indicator (which counts would be a guess)', outcomes: { indicators: refused('chinese-and-english-headers.csv:1：表头 E 列“indicator”与 A 列“指标”是同一列（indicator）'), otherwise: wrongHeader('chinese-and-english-headers.csv') } },
  { file: 'unknown-header.csv', attacks: 'a misspelt optional column (sorce: silently dropped before)', outcomes: { indicators: refused('unknown-header.csv:1：表头 E 列“sorce”不是本导入的列'), otherwise: wrongHeader('unknown-header.csv') } },
  { file: 'utf16.csv', attacks: 'UTF-16 text with a byte-order mark (Excel’s “Unicode 文本”)', outcomes: everywhere(refused('utf16.csv：文件是 UTF-16 编码的文本')) },
  { file: 'nul-byte.csv', attacks: 'a NUL inside a cell (PostgreSQL cannot store it: a 500 before)', outcomes: everywhere(refused('nul-byte.csv:2：第 2 行 F 列（source）含有控制字符 U+0000')) },
  { file: 'control-characters.csv', attacks: 'BEL and ESC inside a name (stored unseen before)', outcomes: everywhere(refused('control-characters.csv:2：第 2 行 B 列（name）含有控制字符 U+0007')) },

  // ---- Numbers ----
  { file: 'huge-number.csv', attacks: '1e308 and a 401-digit figure as values (overflowed sums into 500s before)', outcomes: { indicators: problems(2, 'huge-number.csv:2 value：“1e308”不是数字'), otherwise: wrongHeader('huge-number.csv') } },
  { file: 'hex-number.csv', attacks: '0x10 as a value (read as 16 before)', outcomes: { indicators: problems(1, 'hex-number.csv:2 value：“0x10”不是数字'), otherwise: wrongHeader('hex-number.csv') } },
  { file: 'odd-numbers.csv', attacks: 'Infinity, NaN, a negative, full-width digits and 1e3 as values', outcomes: { indicators: problems(5, 'odd-numbers.csv:2 value：“Infinity”不是数字'), otherwise: wrongHeader('odd-numbers.csv') } },
  { file: 'huge-amounts.csv', attacks: '1e308, 0x10 and 10^26 yuan as contract amounts', outcomes: { tech_contracts: problems(3, 'huge-amounts.csv:2 contract_amount：“1e308”不是金额'), otherwise: wrongHeader('huge-amounts.csv') } },
  {
    file: 'bad-values.csv',
    attacks: '1e30, −5 (typographic and plain minus) and abc as values (1e30 passed before)',
    outcomes: { indicators: problems(4, 'bad-values.csv:2 value：“1e30”'), otherwise: wrongHeader('bad-values.csv') },
  },
  { file: 'bad-figures.csv', attacks: '1e30 as revenue, −5 and -5 and abc as counts and money of an enterprise year', outcomes: { enterprise_years: problems(4, 'bad-figures.csv:2 '), otherwise: wrongHeader('bad-figures.csv') } },
  { file: 'bad-amounts.csv', attacks: '1e30, −5 and abc as contract amounts', outcomes: { tech_contracts: problems(3, 'bad-amounts.csv:2 contract_amount：'), otherwise: wrongHeader('bad-amounts.csv') } },
  { file: 'hex-counts.csv', attacks: '1e308 as revenue and 0x10 as staff of an enterprise year', outcomes: { enterprise_years: problems(2, 'hex-counts.csv:2 revenue：“1e308”不是金额'), otherwise: wrongHeader('hex-counts.csv') } },

  // ---- Text that must never become markup, a header or SQL ----
  { file: 'crlf-in-period.csv', attacks: 'CRLF and a Set-Cookie line inside the period (header injection where a period reaches Content-Disposition)', outcomes: { indicators: problems(1, 'crlf-in-period.csv:2 period：周期“2018\r\nSet-Cookie'), otherwise: wrongHeader('crlf-in-period.csv') } },
  { file: 'script-in-codes.csv', attacks: '<script> and an onerror image as indicator and area codes', outcomes: { indicators: problems(2, 'script-in-codes.csv:2 indicator：未知指标代码“<script>alert(1)</script>”'), otherwise: wrongHeader('script-in-codes.csv') } },
  {
    file: 'script-in-name.csv',
    attacks: '<script> in an enterprise name: stored as the text it is (the web escapes text; nothing is rendered as markup)',
    outcomes: { enterprises: { imported: 1, survives: '<script>alert("科创")</script>有限公司' }, otherwise: wrongHeader('script-in-name.csv') },
  },
  {
    file: 'sql-in-name.csv',
    attacks: "a quote and `drop table` in an enterprise name: stored as the text it is (every query is parameterised)",
    outcomes: { enterprises: { imported: 1, survives: "宁夏'); drop table enterprises; --有限公司" }, otherwise: wrongHeader('sql-in-name.csv') },
  },

  // ---- Shape of the table ----
  { file: 'empty.csv', attacks: 'an empty file (0 bytes)', outcomes: everywhere(refused('empty.csv：文件为空')) },
  { file: 'blank-lines.csv', attacks: 'only blank lines and commas', outcomes: everywhere(refused('blank-lines.csv:1：表头缺少列')) },
  { file: 'header-only.csv', attacks: 'the values header and no data row', outcomes: { indicators: problems(1, 'header-only.csv：没有数据行'), otherwise: wrongHeader('header-only.csv') } },
  { file: 'header-only-enterprises.csv', attacks: 'the enterprises header and no data row', outcomes: { enterprises: problems(1, 'header-only-enterprises.csv：没有数据行'), otherwise: wrongHeader('header-only-enterprises.csv') } },
  { file: 'duplicate-headers.csv', attacks: 'the value column twice (the second silently imported before)', outcomes: everywhere(refused('duplicate-headers.csv:1：表头 E 列“value”与 D 列重复')) },
  { file: 'missing-columns.csv', attacks: 'a header without the required columns', outcomes: { indicators: refused('missing-columns.csv:1：表头缺少列 地区（org）, 期间（period）'), otherwise: wrongHeader('missing-columns.csv') } },
  { file: 'too-many-columns.csv', attacks: '122 columns (the limit is 100)', outcomes: everywhere(refused('too-many-columns.csv:1：第 1 行超出 100 列上限')) },
  { file: 'long-cell.csv', attacks: 'a cell of 2,001 characters (the limit is 2,000)', outcomes: everywhere(refused('long-cell.csv:2：第 2 行第 6 列超过 2000 字上限')) },
  { file: 'inner-quote.csv', attacks: 'a double quote inside an unquoted cell', outcomes: everywhere(refused('inner-quote.csv:2：第 2 行单元格中间出现双引号')) },
  { file: 'unclosed-quote.csv', attacks: 'a quote that never closes', outcomes: everywhere(refused('unclosed-quote.csv:2：第 2 行引号未闭合')) },

  // ---- xlsx that no spreadsheet program writes ----
  { file: 'formula-no-value.xlsx', attacks: 'a formula without a cached value (stored as "[object Object]" before)', outcomes: everywhere(refused('formula-no-value.xlsx：第 2 行 D 列（value） 是公式，请粘贴为数值')) },
  { file: 'formula-with-value.xlsx', attacks: 'valid but awkward: a formula with its cached value, which is what counts', outcomes: { indicators: { imported: 1 }, otherwise: wrongHeader('formula-with-value.xlsx') } },
  { file: 'merged-cells.xlsx', attacks: 'merged cells D2:E3', outcomes: everywhere(refused('merged-cells.xlsx：合并单元格 D2:E3，请取消合并后再导入')) },
  { file: 'error-value.xlsx', attacks: 'an error cell (#DIV/0!)', outcomes: everywhere(refused('error-value.xlsx：第 2 行 D 列（value） 是错误值 #DIV/0!')) },
  { file: 'missing-shared-string.xlsx', attacks: 'a shared-string cell pointing past the (absent) shared strings', outcomes: everywhere(refused('missing-shared-string.xlsx：不是有效的 xlsx 文件（第 2 行 A 列（indicator）：引用的共享字符串 99 不存在）')) },
  { file: 'row-number-huge.xlsx', attacks: 'a row number beyond any integer a sheet has', outcomes: everywhere(refused('row-number-huge.xlsx：不是有效的 xlsx 文件（行号 9007199254740993）')) },
  { file: 'billion-laughs.xlsx', attacks: 'nested XML entities (a billion laughs) in the sheet', outcomes: everywhere(refused('billion-laughs.xlsx：不是有效的 xlsx 文件（xl/worksheets/sheet1.xml）')) },
  { file: 'external-entity.xlsx', attacks: 'an external XML entity naming /etc/passwd (XXE)', outcomes: everywhere(refused('external-entity.xlsx：不是有效的 xlsx 文件（xl/worksheets/sheet1.xml）')) },

  // ---- Wrong extension, or content that is not what its name says ----
  { file: 'empty.xlsx', attacks: 'an empty file named .xlsx', outcomes: everywhere(refused('empty.xlsx：不是有效的 xlsx 文件')) },
  { file: 'zip-not-xlsx.xlsx', attacks: 'a zip archive that holds no workbook', outcomes: everywhere(refused('zip-not-xlsx.xlsx：不是有效的 xlsx 文件')) },
  { file: 'pdf-renamed.xlsx', attacks: 'a PDF renamed .xlsx', outcomes: everywhere(notATable('pdf-renamed.xlsx', 'PDF 文档')) },
  { file: 'png-renamed.csv', attacks: 'a PNG photo renamed .csv (a raw English parser message with binary garbage before)', outcomes: everywhere(notATable('png-renamed.csv', '图片')) },
  { file: 'png-renamed.xlsx', attacks: 'a PNG photo renamed .xlsx', outcomes: everywhere(notATable('png-renamed.xlsx', '图片')) },
  { file: 'binary.csv', attacks: 'bytes that are no text of any encoding, full of control bytes, named .csv', outcomes: everywhere(notATable('binary.csv', '二进制数据')) },
  { file: 'legacy-excel-named-xlsx.xlsx', attacks: 'an Office 97–2003 container named .xlsx (what an .xls, or an xlsx with an opening password, is)', outcomes: everywhere(refused('legacy-excel-named-xlsx.xlsx：文件内容是旧版 Excel（.xls）、设有打开密码的工作簿')) },
  { file: 'legacy-excel.xls', attacks: 'an old .xls workbook (read as CSV by its name)', outcomes: everywhere(refused('legacy-excel.xls：文件内容是旧版 Excel（.xls）')) },
  { file: 'csv-named-xlsx.xlsx', attacks: 'CSV text named .xlsx', outcomes: everywhere(refused('csv-named-xlsx.xlsx：不是有效的 xlsx 文件')) },
  { file: 'xlsx-named-csv.csv', attacks: 'a real workbook named .csv', outcomes: everywhere(refused('xlsx-named-csv.csv：文件内容是 xlsx 工作簿或 zip 压缩包，不是 CSV 文本')) },
];

/** The large files: made at test time (never committed), run only with KECHUANG_BIG_CORPUS=1. */
export interface BigCorpusFile {
  file: string;
  attacks: string;
  make: () => Promise<Buffer> | Buffer;
  /** The same refusal from every import: these are refused while the file is read. */
  message: string;
}

export const bigCorpus: BigCorpusFile[] = [
  { file: 'zip-bomb.xlsx', attacks: '1 GiB of spaces in sheet1.xml, deflated to 4.7 MB (V8 ran out of heap and the process exited before)', make: () => zipBombXlsx(1), message: 'zip-bomb.xlsx：解压后超过 50 MB 上限（读到 xl/worksheets/sheet1.xml 时），已拒绝' },
  { file: 'tiny-rows.xlsx', attacks: '8.5 million tiny rows (220 MB of XML) in 0.5 MB (V8 ran out of heap before)', make: () => tinyRowsXlsx(8_500_000), message: 'tiny-rows.xlsx：超过 200000 行数据上限，已拒绝' },
  { file: 'million-rows.csv', attacks: 'a CSV of 1,000,000 rows, 23 MB (20–28 s with /api/health timing out, and a 220 MB problem report before)', make: () => manyRowsCsv(1_000_000), message: 'million-rows.csv：超过 200000 行数据上限，已拒绝' },
];

/** The outcome of a file for one import. */
export function outcomeOf(entry: CorpusFile, kind: ImportKind): Outcome {
  return entry.outcomes[kind] ?? entry.outcomes.otherwise;
}
