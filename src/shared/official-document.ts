import { AlignmentType, Footer, LineRuleType, PageNumber, Paragraph, TextRun } from 'docx';

/**
 * The page and type of a Chinese official document, GB/T 9704-2012 《党政机关公文格式》: A4;
 * margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a text block of 156 × 225 mm); 22 lines
 * of 28 characters; 3号仿宋 body text, 2号小标宋 title, 黑体 and 楷体 headings, "— 1 —" page
 * numbers in 4号宋体. Shared by every Word document Kechuang writes (the final-evaluation report,
 * the benefits report, the 督查通报).
 */

/** Millimetres to twips (1/1440 inch), the unit of Word's page geometry. */
export function mm(value: number): number {
  return Math.round((value / 25.4) * 1440);
}

/** Chinese type sizes in points: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5. */
export const typeSize = { erhao: 22, sanhao: 16, sihao: 14, xiaosi: 12, wuhao: 10.5 } as const;

/** Points to the half-points Word's run size is measured in. */
export function halfPoints(points: number): number {
  return Math.round(points * 2);
}

/**
 * The fonts the standard names, each with the faces to use where it is not installed, in order.
 * Word's font table carries the first fallback (altName) and the GB2312 character set, so that a
 * machine without 方正小标宋简体 substitutes a Chinese serif face, not a Latin one.
 */
export const officialFonts = {
  title: { name: '方正小标宋简体', fallbacks: ['SimSun', '方正小标宋_GBK', '华文中宋', '宋体'] },
  body: { name: '仿宋_GB2312', fallbacks: ['FangSong', '仿宋'] },
  heading1: { name: '黑体', fallbacks: ['SimHei'] },
  heading2: { name: '楷体_GB2312', fallbacks: ['KaiTi', '楷体'] },
  pageNumber: { name: '宋体', fallbacks: ['SimSun'] },
} as const;

export type OfficialFont = keyof typeof officialFonts;

const page = { width: 11906, height: 16838 };
const margin = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
const textWidth = page.width - margin.left - margin.right;

export const officialLayout = {
  /** A4 in twips. */
  page,
  margin,
  /** 156 mm: the page less the left and right margins. */
  textWidth,
  /** 28.95 pt, so that 22 lines fill the 225 mm text block. */
  lineSpacing: 579,
  /**
   * The document grid: 22 lines of 28 characters. Word spaces characters at the pitch 156 mm ÷ 28
   * (15.79 pt); charSpace is that pitch less the 三号 size (16 pt), in 1/4096 pt.
   */
  grid: { linePitch: 579, charSpace: Math.round(((textWidth / 20 / 28) - typeSize.sanhao) * 4096) },
  /** Two characters of 三号 text. */
  firstLineIndent: 2 * 16 * 20,
} as const;

/** The run font, in every script slot (digits and shared punctuation in the same face as the Chinese). */
export function runFont(font: OfficialFont): { ascii: string; hAnsi: string; eastAsia: string; cs: string } {
  const { name } = officialFonts[font];
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

/** word/fontTable.xml naming every font with its first fallback (altName) and the GB2312 character set (86). */
export function officialFontTableXml(): string {
  const entries = [...new Map(Object.values(officialFonts).map((font) => [font.name, font])).values()].map(
    ({ name, fallbacks }) => `<w:font w:name="${name}"><w:altName w:val="${fallbacks[0]}"/><w:charset w:val="86"/><w:family w:val="${name === '黑体' ? 'modern' : 'roman'}"/><w:pitch w:val="variable"/></w:font>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${entries.join('')}</w:fonts>`;
}

const chineseDigits = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 31 → 三十一. */
function smallNumeral(n: number): string {
  if (n < 10) return chineseDigits[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (chineseDigits[tens] ?? '')}十${ones === 0 ? '' : (chineseDigits[ones] ?? '')}`;
}

/** An ISO date in Chinese numerals as an official document dates itself (GB/T 9704 §7.3.5.3): 2026-12-06 → 二〇二六年十二月六日. */
export function chineseNumeralDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`not an ISO date: ${isoDate}`);
  const year = [...match[1]!].map((digit) => chineseDigits[Number(digit)]).join('');
  return `${year}年${smallNumeral(Number(match[2]))}月${smallNumeral(Number(match[3]))}日`;
}

/** The document's default run and paragraph, and the two heading levels, as the standard sets them. */
export function officialDocumentStyles() {
  const line = { line: officialLayout.lineSpacing, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
  return {
    default: {
      document: {
        run: { font: runFont('body'), size: halfPoints(typeSize.sanhao), language: { value: 'en-US', eastAsia: 'zh-CN' } },
        paragraph: { spacing: line },
      },
      heading1: {
        run: { font: runFont('heading1'), size: halfPoints(typeSize.sanhao), bold: false, color: '000000' },
        paragraph: { indent: { firstLine: officialLayout.firstLineIndent }, keepNext: true, spacing: line },
      },
      heading2: {
        run: { font: runFont('heading2'), size: halfPoints(typeSize.sanhao), bold: false, italics: false, color: '000000' },
        paragraph: { indent: { firstLine: officialLayout.firstLineIndent }, keepNext: true, spacing: line },
      },
    },
  };
}

/** "— 1 —" in 4号宋体: odd pages at the right, even pages at the left, one character in (GB/T 9704 §7.5). */
export function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const indent = halfPoints(typeSize.sihao) * 10;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: indent } : { left: indent },
        spacing: { line: 240, lineRule: LineRuleType.AUTO },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: runFont('pageNumber'), size: halfPoints(typeSize.sihao) })],
      }),
    ],
  });
}
