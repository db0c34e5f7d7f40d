import { AlignmentType, BorderStyle, Document, DocumentGridType, HeadingLevel, LineRuleType, NumberFormat, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType, type IRunOptions } from 'docx';
import { chineseNumeralDate, halfPoints, officialDocumentStyles, officialFontTableXml, officialLayout, pageNumberFooter, runFont, today, typeSize, mm, type OfficialFont } from '../shared/index.ts';
import type { IndexResultDto } from './innovation-index-contract.ts';

const chineseNumbers = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A score as a person reads it: two decimals. */
export function formatScore(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}

/**
 * A year's innovation index as a Word document in the house's GB/T 9704 layout (the shared page,
 * fonts, styles and page-number footer): the title, what was computed, the method step by step,
 * the ranking table (rank, area, score, relative score, group, each pillar), the interpretations
 * the spec chose, and the date in Chinese numerals. Demo inputs are said to be demo.
 */
export async function buildIndexDocx(result: IndexResultDto, generatedAt: Date): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [];
  const year = result.year;
  const title = `${year ?? ''}年${result.spec.title.zh}测算结果`;
  body.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: 720, lineRule: LineRuleType.EXACT }, children: [run(title, 'title', { size: typeSize.erhao })] }), blank());
  const ranked = result.ranking.filter((row) => row.rank !== null);
  const first = ranked.filter((row) => row.rank === 1).map((row) => row.name.zh);
  const unranked = result.ranking.filter((row) => row.score !== null && row.rank === null).map((row) => row.name.zh);
  body.push(
    paragraph(
      `按${result.spec.title.zh}方案（第${result.spec.version}版），对${year ?? ''}年${result.ranking.length}个地区的${result.indicators.length}项指标进行了测算，其中${ranked.length}个地区有得分并参与排名${unranked.length > 0 ? `（${unranked.join('、')}作为参照，不参与排名）` : ''}。${first.length > 0 ? `${first.join('、')}得分${first.length > 1 ? '并列' : ''}第一（${formatScore(ranked[0]!.score)}）。` : ''}`,
    ),
  );
  if (result.has_demo) body.push(paragraph('说明：本次测算的部分输入为演示数据（合成数值，非公布数字），结果仅供演示，不得作为正式依据。'));
  let section = 0;
  body.push(heading1(`${chineseNumbers[section++]}、测算方法`));
  for (const step of result.spec.steps) body.push(paragraph(`${step.name.zh}：${step.detail.zh}`));
  body.push(heading1(`${chineseNumbers[section++]}、指标与权重`));
  const pillarName = (id: string | null) => (id === null ? '' : (result.nodes.find((node) => node.id === id)?.name.zh ?? id));
  body.push(paragraph(result.indicators.map((indicator) => `${indicator.name.zh}（${pillarName(indicator.pillar) ? `${pillarName(indicator.pillar)}，` : ''}权重${indicator.weight}${indicator.direction === -1 ? '，逆向' : ''}）`).join('；') + '。'));
  body.push(heading1(`${chineseNumbers[section++]}、测算结果`));
  body.push(new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [run(`表1  ${year ?? ''}年${result.spec.title.zh}得分及排名`, 'heading1', { size: typeSize.sihao })] }));
  body.push(rankingTable(result));
  if (result.spec.notes.length > 0) {
    body.push(heading1(`${chineseNumbers[section]}、有关说明`));
    result.spec.notes.forEach((note, index) => body.push(paragraph(`${index + 1}. ${note.zh}`)));
  }
  body.push(blank(), new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: Math.round((2 * officialLayout.textWidth) / 28) }, children: [run(chineseNumeralDate(today(generatedAt)), 'body')] }));
  const document = new Document({
    title,
    creator: '科创 Kechuang',
    description: `${title}（${result.spec.id}）`,
    evenAndOddHeaderAndFooters: true,
    styles: officialDocumentStyles(),
    sections: [
      {
        properties: {
          page: { size: { width: officialLayout.page.width, height: officialLayout.page.height }, margin: { ...officialLayout.margin, header: mm(15), footer: mm(22) }, pageNumbers: { start: 1, formatType: NumberFormat.DECIMAL } },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: officialLayout.grid.linePitch, charSpace: officialLayout.grid.charSpace },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: officialFontTableXml() }]);
}

function rankingTable(result: IndexResultDto): Table {
  const pillars = result.nodes.map((node, index) => ({ node, index })).filter((entry) => entry.node.depth === 1);
  const groupName = (id: string | null) => (id === null ? '—' : (result.spec.groups?.find((group) => group.id === id)?.name.zh ?? id));
  const headers = ['名次', '地区', '得分', ...(result.spec.relative ? ['相对值'] : []), ...(result.spec.groups ? ['分组'] : []), ...pillars.map((entry) => entry.node.name.zh)];
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const frame = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  const rows = result.ranking.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell(row.rank === null ? '—' : String(row.rank)),
          cell(`${row.name.zh}${row.demo ? '（演示数据）' : ''}`, { left: true }),
          cell(formatScore(row.score)),
          ...(result.spec.relative ? [cell(formatScore(row.relative))] : []),
          ...(result.spec.groups ? [cell(groupName(row.group))] : []),
          ...pillars.map((entry) => cell(formatScore(row.nodes[entry.index] ?? null))),
        ],
      }),
  );
  const nameWidth = 2400;
  const other = Math.floor((officialLayout.textWidth - nameWidth) / (headers.length - 1));
  return new Table({
    width: { size: officialLayout.textWidth, type: WidthType.DXA },
    columnWidths: headers.map((_, index) => (index === 1 ? officialLayout.textWidth - other * (headers.length - 1) : other)),
    layout: TableLayoutType.FIXED,
    borders: { top: frame, bottom: frame, left: frame, right: frame, insideHorizontal: line, insideVertical: line },
    rows: [new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((header) => cell(header, { bold: true })) }), ...rows],
  });
}

function cell(text: string, options: { bold?: boolean; left?: boolean } = {}): TableCell {
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 60, right: 60, top: 40, bottom: 40 },
    children: [new Paragraph({ alignment: options.left ? AlignmentType.LEFT : AlignmentType.CENTER, spacing: { line: 320, lineRule: LineRuleType.EXACT }, children: [run(text, 'body', { size: typeSize.wuhao, bold: options.bold ?? false })] })],
  });
}

function run(text: string, font: OfficialFont, options: Partial<IRunOptions> & { size?: number } = {}): TextRun {
  const { size, ...rest } = options;
  return new TextRun({ text, font: runFont(font), size: halfPoints(size ?? typeSize.sanhao), ...rest });
}

function paragraph(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.BOTH, indent: { firstLine: officialLayout.firstLineIndent }, children: [run(text, 'body')] });
}

function heading1(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run(text, 'heading1')] });
}

function blank(): Paragraph {
  return new Paragraph({ children: [] });
}
