import { beforeAll, describe, expect, it } from 'vitest';
import { unzip } from '../../test/zip.ts';
import { readTableFile } from '../shared/index.ts';
import { buildBulletinDocx, signatureIndents } from './bulletin-docx.ts';
import { buildBulletinXlsx } from './bulletin-xlsx.ts';
import { exampleRecords } from './fixtures/example-records.ts';
import { chineseNumeralDate } from '../shared/index.ts';
import { bundledScheme } from './read-scheme.ts';
import { scoreAssessees } from './score-assessees.ts';
import ExcelJS from 'exceljs';

const scheme = bundledScheme();
const scores = scoreAssessees(exampleRecords, scheme);
// 2026-12-06 02:00 UTC is 10:00 on 6 December in Beijing.
const generatedAt = new Date('2026-12-06T02:00:00Z');

/** The document's paragraphs as plain text. */
function paragraphsOf(xml: string): string[] {
  return xml.split('</w:p>').map((paragraph) => paragraph.replace(/<w:br\/>/g, '\n').replace(/<[^>]+>/g, ''));
}

describe('chineseNumeralDate', () => {
  it('writes the date in Chinese numerals, as an official document dates itself', () => {
    expect(chineseNumeralDate('2026-12-06')).toBe('二〇二六年十二月六日');
    expect(chineseNumeralDate('2030-10-21')).toBe('二〇三〇年十月二十一日');
    expect(chineseNumeralDate('2027-01-30')).toBe('二〇二七年一月三十日');
  });
});

describe('signatureIndents', () => {
  it('puts the date two characters right of the issuer’s first, or two in from the margin when it is the longer', () => {
    // 宁夏回族自治区科学技术厅 (12) over 二〇二六年十二月六日 (10): issuer 2 in, date starts 2 right of it.
    expect(signatureIndents(12, 10)).toEqual({ issuer: 2, date: 2 });
    // 科技厅 (3) over a 10-character date: the date 2 in, the issuer starting 2 left of the date.
    expect(signatureIndents(3, 10)).toEqual({ issuer: 11, date: 2 });
    // A long issuer (16): the date starts 2 right of it, 6 in from the margin.
    expect(signatureIndents(16, 10)).toEqual({ issuer: 2, date: 6 });
  });
});

describe('the 督查通报 as Word', () => {
  let documentXml: string;
  let paragraphs: string[];
  let fontTable: string;

  beforeAll(async () => {
    const files = unzip(await buildBulletinDocx({ year: 2026, scheme, scores, generatedAt, issuer: '宁夏回族自治区科学技术厅', docNumber: '宁科督〔2026〕3号', redHeader: true }));
    documentXml = files.get('word/document.xml')!.toString('utf8');
    fontTable = files.get('word/fontTable.xml')!.toString('utf8');
    paragraphs = paragraphsOf(documentXml);
  });

  it('is A4 with the GB/T 9704 margins and a grid of 22 lines of 28 characters', () => {
    expect(documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // top 37 mm = 2098 twips, bottom 35 mm = 1984, left 28 mm = 1587, right 26 mm = 1474.
    expect(documentXml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    // 22 lines × 579 twips = 12738 twips ≈ the 225 mm text block (12756); 8845 twips ÷ 28 = 15.79 pt per character.
    expect(documentXml).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-841"\/>/);
  });

  it('has the red masthead, the number, the title in 2号小标宋 and the body in 3号仿宋', () => {
    expect(paragraphs.some((text) => text === '宁夏回族自治区科学技术厅文件')).toBe(true);
    expect(documentXml).toMatch(/<w:color w:val="C00000"\/>/);
    expect(paragraphs).toContain('宁科督〔2026〕3号');
    expect(paragraphs).toContain('关于2026年度重点任务\n督查考核情况的通报');
    // The title run: 方正小标宋简体 at 22 pt (44 half-points).
    expect(documentXml).toMatch(/w:eastAsia="方正小标宋简体"[^>]*\/><w:sz w:val="44"\/>/);
    // Body text: 仿宋_GB2312 at 16 pt (32 half-points), with SimSun / FangSong as the fallbacks in the font table.
    expect(documentXml).toMatch(/w:eastAsia="仿宋_GB2312"[^>]*\/><w:sz w:val="32"\/>/);
    expect(fontTable).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="SimSun"/>');
    expect(fontTable).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="FangSong"/>');
  });

  it('ranks the units and the areas in tables, with the tie and the unscored unit', () => {
    const rows = documentXml.split('</w:tr>').map((row) => row.slice(row.indexOf('<w:tr')).split('</w:tc>').map((cell) => cell.replace(/<[^>]+>/g, '')).filter((cell) => cell !== ''));
    expect(rows).toContainEqual(['名次', '单位', '按时报送（37.5分）', '节点完成（37.5分）', '督办落实（25分）', '总分']);
    expect(rows).toContainEqual(['1', '科技厅', '32.81', '37.50', '25.00', '95.31']);
    expect(rows).toContainEqual(['2', '发展改革委', '37.50', '37.50', '9.38', '84.38']);
    expect(rows).toContainEqual(['—', '教育厅', '—', '—', '—', '不评分']);
    expect(rows).toContainEqual(['名次', '地区', '按时报送（30分）', '节点完成（30分）', '督办落实（20分）', '指标目标完成（20分）', '总分']);
    expect(rows).toContainEqual(['1', '石嘴山市', '37.50', '37.50', '25.00', '—', '100.00']);
    expect(paragraphs.some((text) => text.includes('科技厅得分第一（95.31分）'))).toBe(true);
  });

  it('ends with the issuer and the date in Chinese numerals, and gives every basis in the annex', () => {
    expect(paragraphs).toContain('二〇二六年十二月六日');
    expect(paragraphs).toContain('（一）科技厅（95.31分，第1名）');
    expect(paragraphs).toContain('按时报送：应报4次，按时报送3次，逾期报送1次（按0.5计），未报送0次；得分 = (3 + 1 × 0.5) ÷ 4 × 30 × 100 ÷ 80 = 32.81（满分含其他项按比例折入的分值）。');
  });

  it('leaves the masthead out when not asked for, and the number blank to fill in', async () => {
    const files = unzip(await buildBulletinDocx({ year: 2026, scheme, scores, generatedAt, issuer: '宁夏回族自治区科学技术厅', redHeader: false }));
    const xml = files.get('word/document.xml')!.toString('utf8');
    expect(xml).not.toContain('C00000');
    expect(paragraphsOf(xml)).not.toContain('宁夏回族自治区科学技术厅文件');
  });
});

describe('the 督查通报 as Excel', () => {
  let xlsx: Buffer;
  beforeAll(async () => {
    xlsx = await buildBulletinXlsx({ year: 2026, scheme, scores, generatedAt });
  });

  it('reads back with Chinese headers, one row per assessee with each criterion’s points, total and rank', async () => {
    const table = await readTableFile('通报.xlsx', xlsx);
    expect(table.columns).toEqual(['类别', '名次', '名称', '代码', '按时报送（30分）', '节点完成（30分）', '督办落实（20分）', '指标目标完成（20分）', '总分', '满分', '说明']);
    expect(table.rows).toHaveLength(8);
    expect(table.rows[0]!.cells).toEqual({ 类别: '责任单位', 名次: '1', 名称: '科技厅', 代码: 'science-technology-department', '按时报送（30分）': '32.81', '节点完成（30分）': '37.5', '督办落实（20分）': '25', '指标目标完成（20分）': '', 总分: '95.31', 满分: '100', 说明: '' });
    expect(table.rows[4]!.cells).toMatchObject({ 名称: '教育厅', 名次: '', 总分: '', 说明: '本年度无应考核事项，不评分' });
    expect(table.rows[6]!.cells).toMatchObject({ 类别: '市、县（区）', 名次: '2', 名称: '银川市', '指标目标完成（20分）': '18', 总分: '70.5' });
  });

  it('gives the basis of every part on a second sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const basis = workbook.getWorksheet('得分依据')!;
    expect(basis.getRow(2).values).toEqual([undefined, '类别', '名称', '考核项', '得分', '满分', '办法分值', '计分方式', '完成率', '计算依据']);
    expect(basis.getRow(3).values).toEqual([undefined, '责任单位', '科技厅', '按时报送', 32.81, 37.5, 30, '按公式计分', 0.875, scores[0]!.parts[0]!.basis.zh]);
    expect(basis.rowCount).toBeGreaterThan(8 * 4 + 2);
  });
});
