import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  HeadingLevel,
  LineRuleType,
  NumberFormat,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from 'docx';
import { Decimal } from 'decimal.js';
import { chineseNumeral } from '../policy/index.ts';
import { today } from '../shared/index.ts';
import type { AssesseeKind, AssessmentScore } from './assessment-contract.ts';
import { chineseNumeralDate, halfPoints, mm, officialDocumentStyles, officialFontTableXml, officialLayout, pageNumberFooter, runFont, typeSize, type OfficialFont } from '../shared/index.ts';
import type { ScoringScheme } from './read-scheme.ts';

export interface BulletinInput {
  year: number;
  scheme: ScoringScheme;
  /** Every score of the year (units and areas), as `scoreAssessees` gives them, in its order. */
  scores: readonly AssessmentScore[];
  generatedAt: Date;
  /** Who issues the bulletin (发文机关), e.g. 宁夏回族自治区科学技术厅. */
  issuer: string;
  /** The document number (发文字号), e.g. 宁科督〔2026〕3号; left blank to fill in when absent. */
  docNumber?: string | undefined;
  /** The red masthead (版头: 发文机关标志 in red and the red rule under the number). */
  redHeader: boolean;
  /** The addressees (主送机关). */
  recipients?: string | undefined;
}

const red = 'C00000';
const kindTitles: Record<AssesseeKind, { heading: string; who: string; column: string }> = {
  unit: { heading: '责任单位考核结果', who: '责任单位', column: '单位' },
  area: { heading: '市、县（区）考核结果', who: '市、县（区）', column: '地区' },
};

/**
 * The 督查通报 of a year's assessment as a Word document laid out by GB/T 9704-2012: an optional
 * red masthead with the document number, the title in 2号小标宋, the addressees, the scoring
 * rules, one table per kind (rank, name, each criterion's points, total), the requirements, the
 * issuer and the date in Chinese numerals; the annex gives every score's basis in words.
 *
 * @example
 * const docx = await buildBulletinDocx({ year: 2026, scheme, scores, generatedAt: new Date(), issuer: '宁夏回族自治区科学技术厅', redHeader: true });
 */
export async function buildBulletinDocx(input: BulletinInput): Promise<Buffer> {
  const { year, scheme } = input;
  const body: (Paragraph | Table)[] = [];
  const number = input.docNumber?.trim() ? input.docNumber.trim() : `〔${year}〕\u3000号`;

  if (input.redHeader) {
    body.push(
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: mm(25), line: 1200, lineRule: LineRuleType.EXACT }, children: [run(`${input.issuer}文件`, 'title', { size: 36, color: red })] }),
      blank(),
      // The red rule 4 mm under the document number, as wide as the text block (GB/T 9704 §7.2.5).
      new Paragraph({ alignment: AlignmentType.CENTER, border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: red, space: 11 } }, children: [run(number, 'body')] }),
      blank(),
    );
  } else if (input.docNumber?.trim()) {
    body.push(centred(number, 'body'), blank());
  }

  body.push(...titleLines([`关于${year}年度重点任务`, '督查考核情况的通报']), blank());
  body.push(new Paragraph({ children: [run(`${input.recipients?.trim() || '各市、县（区）人民政府，自治区各有关部门'}：`, 'body')] }));

  const units = input.scores.filter((score) => score.assignee.kind === 'unit');
  const areas = input.scores.filter((score) => score.assignee.kind === 'area');
  body.push(
    paragraph(
      `根据${scheme.title.zh.startsWith('《') ? scheme.title.zh : `《${scheme.title.zh}》`}，依据督查督办平台记录的报送、节点、督办和指标数据，对${year}年度${units.length}个责任单位和${areas.length}个市、县（区）的重点任务落实情况进行了考核。现将有关情况通报如下。`,
    ),
  );

  body.push(heading1('一、考核办法'));
  const rules = scheme.criteria.map((criterion) => `${criterion.label.zh}${plainPoints(criterion.max.toString())}分${criterion.appliesTo.length === 1 && criterion.appliesTo[0] === 'area' ? '（仅考核市、县〔区〕）' : ''}`);
  body.push(paragraph(`考核满分${plainPoints(scheme.total.toString())}分，其中${rules.join('，')}。${lateRule(scheme)}${scheme.notApplicable === 'pro_rata' ? '不适用的考核项，其分值按比例折入其他各项；' : '不适用的考核项不计分，满分相应减少；'}无应考核事项的考核项按评分办法计满分或按比例折入其他各项。总分相同者名次并列。各项得分依据见附件。`));

  const sections: { kind: AssesseeKind; scores: AssessmentScore[] }[] = [
    { kind: 'unit', scores: units },
    { kind: 'area', scores: areas },
  ];
  let tableNumber = 0;
  sections.forEach((section, index) => {
    body.push(heading1(`${chineseNumeral(index + 2)}、${kindTitles[section.kind].heading}`));
    if (section.scores.length === 0) {
      body.push(paragraph(`本年度没有${kindTitles[section.kind].who}的考核记录。`));
      return;
    }
    body.push(paragraph(summaryOf(section.scores, kindTitles[section.kind].who)));
    tableNumber += 1;
    body.push(caption(`表${tableNumber}  ${year}年度${kindTitles[section.kind].who}考核得分及排名`));
    body.push(scoreTable(section.kind, section.scores, scheme));
    body.push(noteParagraph(tableNote(section.kind, scheme)));
  });

  body.push(heading1(`${chineseNumeral(sections.length + 2)}、有关要求`));
  body.push(paragraph('各单位、各地要对照考核结果，认真查找差距，逐项抓好整改落实。排名靠后的单位和地区要分析原因，明确整改措施和时限，确保各项重点任务按期完成。'));

  body.push(blank(), blank());
  // The issuer and the date (GB/T 9704 §7.3.5.2, no seal): the issuer two characters in from the
  // right, the date on the next line starting two characters right of the issuer's first; a date
  // that would then come closer than two characters to the margin sits two in, and the issuer moves left.
  const dateText = chineseNumeralDate(today(input.generatedAt));
  const signature = signatureIndents([...input.issuer].length, [...dateText].length);
  const pitch = officialLayout.textWidth / 28;
  body.push(new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: Math.round(signature.issuer * pitch) }, children: [run(input.issuer, 'body')] }));
  body.push(new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: Math.round(signature.date * pitch) }, children: [run(dateText, 'body')] }));

  body.push(new Paragraph({ children: [new PageBreak()] }));
  body.push(new Paragraph({ children: [run('附件', 'heading1')] }), blank());
  body.push(...titleLines(['考核得分依据']), blank());
  sections.forEach((section, index) => {
    if (section.scores.length === 0) return;
    body.push(heading1(`${chineseNumeral(index + 1)}、${kindTitles[section.kind].who}`));
    section.scores.forEach((score, position) => {
      const standing = score.scored ? `${score.total}分，第${score.rank}名` : '不评分';
      body.push(heading2(`（${chineseNumeral(position + 1)}）${score.name}（${standing}）`));
      for (const part of score.parts) body.push(basisParagraph(part.basis.zh));
    });
  });

  const document = new Document({
    title: `关于${year}年度重点任务督查考核情况的通报`,
    creator: '科创 Kechuang',
    description: `${year}年度督查考核通报（${scheme.title.zh}）`,
    evenAndOddHeaderAndFooters: true,
    styles: officialDocumentStyles(),
    sections: [
      {
        properties: {
          page: {
            size: { width: officialLayout.page.width, height: officialLayout.page.height },
            // The page number's rule sits 7 mm below the text block (GB/T 9704 §7.5): 35 − 7 − one 四号 line.
            margin: { ...officialLayout.margin, header: mm(15), footer: mm(22) },
            pageNumbers: { start: 1, formatType: NumberFormat.DECIMAL },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: officialLayout.grid.linePitch, charSpace: officialLayout.grid.charSpace },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: officialFontTableXml() }]);
}

/** Right indents, in characters, of the issuer and the date under it (GB/T 9704 §7.3.5.2). */
export function signatureIndents(issuerLength: number, dateLength: number): { issuer: number; date: number } {
  return dateLength + 2 <= issuerLength ? { issuer: 2, date: issuerLength - dateLength } : { issuer: 4 + dateLength - issuerLength, date: 2 };
}

function lateRule(scheme: ScoringScheme): string {
  const late = scheme.criteria.filter((criterion) => criterion.lateFraction !== null).map((criterion) => `${criterion.label.zh}逾期的按${criterion.lateFraction!.toString()}计`);
  return late.length > 0 ? `${late.join('，')}，未报送、未办复的计0分；` : '';
}

/** The first, the last and the tied, in one sentence. */
function summaryOf(scores: readonly AssessmentScore[], who: string): string {
  const ranked = scores.filter((score) => score.scored);
  const firsts = ranked.filter((score) => score.rank === 1).map((score) => score.name);
  const lastRank = Math.max(0, ...ranked.map((score) => score.rank ?? 0));
  const lasts = ranked.length > 1 ? ranked.filter((score) => score.rank === lastRank).map((score) => score.name) : [];
  const unscored = scores.filter((score) => !score.scored).map((score) => score.name);
  const sentences = [`参加考核的${who}共${scores.length}个，其中评分${ranked.length}个。`];
  if (firsts.length > 0) sentences.push(`${firsts.join('、')}得分${firsts.length > 1 ? '并列' : ''}第一（${ranked[0]!.total}分）`);
  if (lasts.length > 0 && lastRank !== 1) sentences.push(`${lasts.join('、')}得分${lasts.length > 1 ? '并列' : ''}末位（${ranked.at(-1)!.total}分）`);
  let text = sentences[0]!;
  if (sentences.length > 1) text += `${sentences.slice(1).join('，')}。`;
  if (unscored.length > 0) text += `${unscored.join('、')}本年度无应考核事项，不评分。`;
  return `${text}具体得分见表。`;
}

function scoreTable(kind: AssesseeKind, scores: readonly AssessmentScore[], scheme: ScoringScheme): Table {
  const criteria = scheme.criteria.filter((criterion) => criterion.appliesTo.includes(kind));
  const maxima = kindMaxima(kind, scheme);
  // 名次 and 总分 narrow, the name wide, the criteria share the rest.
  const rankWidth = 800;
  const nameWidth = 2300;
  const criterionWidth = Math.floor((officialLayout.textWidth - rankWidth - nameWidth - 1100) / criteria.length);
  const widths = [rankWidth, nameWidth, ...criteria.map(() => criterionWidth), officialLayout.textWidth - rankWidth - nameWidth - criterionWidth * criteria.length];
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const frame = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [cell(['名次'], { bold: true }), cell([kindTitles[kind].column], { bold: true }), ...criteria.map((criterion) => cell([criterion.label.zh, `（${maxima.get(criterion.id) ?? ''}分）`], { bold: true })), cell(['总分'], { bold: true })],
  });
  const rows = scores.map(
    (score) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([score.rank === null ? '—' : String(score.rank)]),
          cell([score.name], { left: true }),
          ...criteria.map((criterion) => {
            const part = score.parts.find((entry) => entry.criterion === criterion.id);
            if (!part || !score.scored) return cell(['—']);
            if (part.treatment === 'redistributed' || part.treatment === 'dropped') return cell(['—']);
            return cell([part.score]);
          }),
          cell([score.scored ? score.total : '不评分'], { bold: true }),
        ],
      }),
  );
  return new Table({
    width: { size: officialLayout.textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: frame, bottom: frame, left: frame, right: frame, insideHorizontal: line, insideVertical: line },
    rows: [header, ...rows],
  });
}

function cell(lines: string[], options: { bold?: boolean; left?: boolean } = {}): TableCell {
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 60, right: 60, top: 40, bottom: 40 },
    children: lines.map(
      (text) =>
        new Paragraph({
          alignment: options.left ? AlignmentType.LEFT : AlignmentType.CENTER,
          spacing: { line: 320, lineRule: LineRuleType.EXACT },
          children: [run(text, 'body', { size: typeSize.xiaosi, bold: options.bold ?? false })],
        }),
    ),
  });
}

/**
 * Each criterion's points for assessees of this kind when every criterion that applies is scored:
 * for units with the targets' points shared pro rata, 30 × 100 ÷ 80 = 37.5.
 */
function kindMaxima(kind: AssesseeKind, scheme: ScoringScheme): Map<string, string> {
  const applying = scheme.criteria.filter((criterion) => criterion.appliesTo.includes(kind));
  const applyingTotal = applying.reduce((sum, criterion) => sum.plus(criterion.max), new Decimal(0));
  const factor = scheme.notApplicable === 'pro_rata' && applyingTotal.gt(0) ? scheme.total.div(applyingTotal) : new Decimal(1);
  return new Map(applying.map((criterion) => [criterion.id, plainPoints(criterion.max.times(factor).toFixed(2, Decimal.ROUND_HALF_UP))]));
}

/** The note under a table: what "—" means, and where the maxima of a kind come from. */
function tableNote(kind: AssesseeKind, scheme: ScoringScheme): string {
  const skipped = scheme.criteria.filter((criterion) => !criterion.appliesTo.includes(kind));
  const maxima = kindMaxima(kind, scheme);
  const shared =
    skipped.length > 0
      ? scheme.notApplicable === 'pro_rata'
        ? `${kindTitles[kind].who}不考核${skipped.map((criterion) => `“${criterion.label.zh}”`).join('、')}，其${plainPoints(skipped.reduce((sum, criterion) => sum.plus(criterion.max), new Decimal(0)).toString())}分按比例折入其他各项，各项满分依次为${[...maxima.values()].map((value) => `${value}分`).join('、')}；`
        : `${kindTitles[kind].who}不考核${skipped.map((criterion) => `“${criterion.label.zh}”`).join('、')}，满分相应减少；`
      : '';
  return `注：${shared}“—”表示该项本年度无应考核事项，其分值按评分办法折入其他各项；总分由各项精确得分相加后四舍五入，与表中各项之和可能相差0.01分。`;
}

/** 30.00 → 30, 37.50 → 37.5: points as a person writes them in a sentence. */
function plainPoints(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

function run(text: string, font: OfficialFont, options: Partial<IRunOptions> & { size?: number } = {}): TextRun {
  const { size, ...rest } = options;
  return new TextRun({ text, font: runFont(font), size: halfPoints(size ?? typeSize.sanhao), ...rest });
}

function paragraph(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.BOTH, indent: { firstLine: officialLayout.firstLineIndent }, children: [run(text, 'body')] });
}

function basisParagraph(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.BOTH, indent: { firstLine: officialLayout.firstLineIndent }, spacing: { line: 400, lineRule: LineRuleType.EXACT }, children: [run(text, 'body', { size: typeSize.xiaosi })] });
}

function noteParagraph(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.BOTH, spacing: { before: 60, line: 360, lineRule: LineRuleType.EXACT }, children: [run(text, 'body', { size: typeSize.xiaosi })] });
}

function blank(): Paragraph {
  return new Paragraph({ children: [] });
}

function heading1(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run(text, 'heading1')] });
}

function heading2(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(text, 'heading2')] });
}

function centred(text: string, font: OfficialFont): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, font)] });
}

function caption(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [run(text, 'heading1', { size: typeSize.sihao })] });
}

/** 2号小标宋, centred, on lines broken where the words break (GB/T 9704 §7.3.3). */
function titleLines(lines: readonly string[]): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 720, lineRule: LineRuleType.EXACT },
      children: lines.map((line, index) => run(line, 'title', { size: typeSize.erhao, ...(index > 0 ? { break: 1 } : {}) })),
    }),
  ];
}

