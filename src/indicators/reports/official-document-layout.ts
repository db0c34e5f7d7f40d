/**
 * The page and type of Chinese official documents, GB/T 9704-2012 《党政机关公文格式》: A4, a text
 * block of 156 × 225 mm (22 lines of 28 characters), 3号仿宋 body text, 2号小标宋 titles,
 * 黑体 and 楷体 for the first two heading levels, and "— 1 —" page numbers in 4号宋体.
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
 * The fonts the standard names, with the font Word and LibreOffice should use where they are not
 * installed (the font table's altName): the 方正 and _GB2312 faces are common on government
 * machines only, their Windows counterparts are everywhere.
 */
export const officialFonts = {
  title: { name: '方正小标宋简体', fallback: 'SimSun' },
  body: { name: '仿宋_GB2312', fallback: 'FangSong' },
  heading1: { name: '黑体', fallback: 'SimHei' },
  heading2: { name: '楷体_GB2312', fallback: 'KaiTi' },
  pageNumber: { name: '宋体', fallback: 'SimSun' },
} as const;

export type OfficialFont = keyof typeof officialFonts;

export const officialLayout = {
  page: { width: 11906, height: 16838 },
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
  /** 156 mm: the page less the left and right margins. */
  textWidth: 11906 - mm(28) - mm(26),
  /** 28.95 pt, so that 22 lines fill the 225 mm text block exactly. */
  lineSpacing: 579,
  /** Two characters of 三号 text. */
  firstLineIndent: 2 * 16 * 20,
} as const;

/**
 * The run font, for every script slot: digits, Latin letters and the punctuation Unicode shares
 * with Western text (“ ” — ≥) are set in the same face as the Chinese, as Word does when a whole
 * official document is set in 仿宋_GB2312; otherwise a quotation mark that opens a paragraph
 * comes out half-width in a Western face.
 */
export function runFont(font: OfficialFont): { ascii: string; hAnsi: string; eastAsia: string; cs: string } {
  const { name } = officialFonts[font];
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

/**
 * word/fontTable.xml naming every font with its fallback (altName) and the GB2312 character set
 * (charset 86), so that a machine without 方正小标宋简体 substitutes a Chinese serif face, not a
 * Latin one.
 */
export function officialFontTableXml(): string {
  const entries = [...new Map(Object.values(officialFonts).map((font) => [font.name, font])).values()].map(
    ({ name, fallback }) => `<w:font w:name="${name}"><w:altName w:val="${fallback}"/><w:charset w:val="86"/><w:family w:val="${name === '黑体' ? 'modern' : 'roman'}"/><w:pitch w:val="variable"/></w:font>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${entries.join('')}</w:fonts>`;
}
