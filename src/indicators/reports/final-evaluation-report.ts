import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
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
import type { TargetEvaluation } from '../evaluate-target.ts';
import { parsePeriod } from '../period.ts';
import { today } from '../../shared/index.ts';
import { statusRuleText, targetStatusLabels, targetStatuses } from '../target-status.ts';
import { renderLineChartPng } from './line-chart-png.ts';
import { halfPoints, mm, officialDocumentStyles, officialFontTableXml, officialLayout, pageNumberFooter, runFont, typeSize, type OfficialFont } from '../../shared/index.ts';
import {
  chineseNumeral,
  describeTargetEvaluation,
  formatIsoDateZh,
  formatPeriodZh,
  formatProgress,
  formatQualifiedValue,
  fullWidthLabel,
  policyShortName,
  targetSymbol,
} from './target-wording.ts';

export interface FinalEvaluationReportInput {
  pack: { id: string; title: string; doc_number?: string; issued: string; expires?: string };
  area: { code: string; name: string };
  /** The evaluation year: values of later years were not seen. */
  asOf: number;
  generatedAt: Date;
  evaluations: TargetEvaluation[];
  indicators: { code: string; name: string; unit: string }[];
  clauses: { number: number; label: string; title: string }[];
  /** The name of the benchmark area of benchmark targets, e.g. 全国. */
  benchmarkAreaName?: string;
}

/** Logical size of the charts; rendered at twice that, shown 148 × 60 mm. */
const chart = { width: 640, height: 260, shownWidth: 560 };

/**
 * The final-evaluation report (终期评估报告) of a policy's targets for one area, as a Word
 * document laid out as a Chinese official document (GB/T 9704-2012): a cover, the overall result
 * with a summary table, one section per target with its chart, the sources of the values, and the
 * status rules as an annex.
 *
 * @example
 * const evaluation = await evaluatePack(db, pack, tree, { asOf: 2025 });
 * const docx = await buildFinalEvaluationReport({ pack: pack.metadata, area, asOf: 2025, generatedAt: new Date(),
 *   evaluations: evaluation.targets, indicators: pack.indicators, clauses: pack.clauses, benchmarkAreaName: '全国' });
 */
export async function buildFinalEvaluationReport(input: FinalEvaluationReportInput): Promise<Buffer> {
  const indicators = new Map(input.indicators.map((indicator) => [indicator.code, indicator]));
  const clauses = new Map(input.clauses.map((clause) => [clause.number, clause]));
  const indicatorOf = (code: string) => indicators.get(code) ?? { code, name: code, unit: '' };
  const sources = numberSources(input.evaluations, indicatorOf);
  const shortName = policyShortName(input.pack.title);
  const title = `《${input.pack.title}》终期评估报告`;

  const cover = [
    ...titleParagraphs(input.pack.title, { before: mm(25) }),
    ...(input.pack.doc_number ? [centred(`（${input.pack.doc_number}）`, 'heading2', { before: officialLayout.lineSpacing })] : []),
    centred(input.area.name, 'heading2', { before: mm(55) }),
    centred(`评估截至${input.asOf}年`, 'heading2'),
    centred(chineseDate(input.generatedAt), 'body', { before: mm(20) }),
    centred('（本报告由科创平台根据已审核的指标数据生成）', 'body', { size: typeSize.sihao }),
  ];

  const body: (Paragraph | Table)[] = [...titleParagraphs(input.pack.title, {}), blank()];
  body.push(heading1('一、总体情况'));
  body.push(...summaryParagraphs(input, shortName));
  body.push(caption('表1  目标完成情况汇总', { keepNext: true }));
  body.push(summaryTable(input, indicatorOf, clauses));

  body.push(heading1('二、分项评估'));
  let figure = 0;
  input.evaluations.forEach((evaluation, index) => {
    const indicator = indicatorOf(evaluation.indicator);
    const clause = clauses.get(evaluation.clause);
    const sourceNumber = evaluation.source !== null ? sources.numbers.get(evaluation.source) : undefined;
    const wording = describeTargetEvaluation(evaluation, {
      indicator,
      policyShortName: shortName,
      asOf: input.asOf,
      ...(clause ? { clause } : {}),
      ...(sourceNumber !== undefined ? { sourceNumber } : {}),
      ...(input.benchmarkAreaName ? { benchmarkAreaName: input.benchmarkAreaName } : {}),
    });
    body.push(heading2(`（${chineseNumeral(index + 1)}）${indicator.name}`));
    body.push(paragraph(wording.target), paragraph(wording.current), paragraph(wording.assessment));
    if (evaluation.series.length > 0) {
      figure += 1;
      body.push(...chartParagraphs(evaluation, figure, indicator, input.benchmarkAreaName));
    }
  });

  body.push(heading1('三、数据来源与说明'));
  const bounds = input.evaluations.some((evaluation) => evaluation.qualifier === 'lower_bound') ? '标注“（下限）”的数值，来源仅给出下限（如“突破700家”），实际值不低于此数。' : '';
  body.push(paragraph(`本报告各项数值均取自平台中经审核的指标数据，截至${input.asOf}年；没有数据的指标标为“暂无数据”，不作估计。${bounds}数据来源如下：`));
  sources.list.forEach((entry, index) => body.push(sourceParagraph(`〔${index + 1}〕${entry.source}（用于：${entry.uses.join('；')}）`)));
  if (sources.derived.length > 0) body.push(sourceParagraph(`以下数值由分项指标计算或由下级行政区数据汇总，来源见各分项数据：${sources.derived.join('；')}。`));
  if (sources.unsourced.length > 0) body.push(sourceParagraph(`以下数值未注明来源：${sources.unsourced.join('；')}。`));
  body.push(blank(), paragraph('附件：目标状态判定规则'));

  body.push(new Paragraph({ children: [new PageBreak()] }));
  body.push(new Paragraph({ children: [run('附件', 'heading1')] }), blank());
  body.push(...titleLines(['目标状态判定规则']), blank());
  for (const status of targetStatuses) {
    const rule = statusRuleText.find((entry) => entry.status === status);
    if (rule) body.push(paragraph(`${targetStatusLabels[status]}：${rule.zh}`));
  }
  body.push(paragraph('目标表述中，“以上”包括本数、“超过”不包括本数（《中华人民共和国民法典》第一千二百五十九条），“达到”按包括本数、“突破”按不包括本数理解；“左右”按允许偏差判断。基期值：目标给出基期值的，用其值；未给出的，取基期年份的数据，该年无数据的，取最早一年的数据。'));

  return officialDocx({ title, description: `${input.area.name} ${input.pack.id} 终期评估（截至${input.asOf}年）`, cover, body });
}

/**
 * A Word document laid out as GB/T 9704-2012 asks: a cover section without page number, then the
 * body with "— 1 —" page numbers (odd right, even left), 3号仿宋 text on 28.95 pt lines, 黑体 and
 * 楷体 headings, and a font table with fallbacks. Shared by the final-evaluation report and the
 * calculator's benefits report.
 */
export function officialDocx(content: { title: string; description: string; cover: Paragraph[]; body: (Paragraph | Table)[] }): Promise<Buffer> {
  const { title, description, cover, body } = content;
  const document = new Document({
    title,
    creator: '科创 Kechuang',
    description,
    evenAndOddHeaderAndFooters: true,
    styles: officialDocumentStyles(),
    sections: [
      { properties: { page: pageSetup() }, children: cover },
      {
        properties: { page: { ...pageSetup(), pageNumbers: { start: 1, formatType: NumberFormat.DECIMAL } } },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: officialFontTableXml() }]);
}

export function pageSetup() {
  return {
    size: { width: officialLayout.page.width, height: officialLayout.page.height },
    // The page number's rule sits 7 mm below the text block (GB/T 9704 §7.5): 35 − 7 − one 四号 line.
    margin: { ...officialLayout.margin, header: mm(15), footer: mm(22) },
  };
}

export function run(text: string, font: OfficialFont, options: Partial<IRunOptions> & { size?: number } = {}): TextRun {
  const { size, ...rest } = options;
  return new TextRun({ text, font: runFont(font), size: halfPoints(size ?? typeSize.sanhao), ...rest });
}

/** Body text: 3号仿宋, two characters' first-line indent, justified, 28.95 pt lines. */
export function paragraph(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.BOTH, indent: { firstLine: officialLayout.firstLineIndent }, children: [run(text, 'body')] });
}

export function blank(): Paragraph {
  return new Paragraph({ children: [] });
}

export function heading1(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run(text, 'heading1')] });
}

export function heading2(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(text, 'heading2')] });
}

export function centred(text: string, font: OfficialFont, options: { before?: number; size?: number } = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: options.before ?? 0 }, children: [run(text, font, options.size ? { size: options.size } : {})] });
}

/**
 * 2号小标宋, centred; a long title is broken where its words break ("…行动 提升…") into a
 * trapezoid or diamond, as GB/T 9704 §7.3.3 asks, never in the middle of a word.
 */
function titleParagraphs(policyTitle: string, options: { before?: number }): Paragraph[] {
  const parts = policyTitle.split(/\s+/).filter((part) => part !== '');
  const full = `《${policyTitle}》终期评估报告`;
  const lines = full.length <= 20 ? [full] : parts.length > 1 ? parts.map((part, index) => `${index === 0 ? '《' : ''}${part}${index === parts.length - 1 ? '》' : ''}`).concat('终期评估报告') : [`《${policyTitle}》`, '终期评估报告'];
  return titleLines(lines, options);
}

export function titleLines(lines: readonly string[], options: { before?: number } = {}): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: options.before ?? 0, line: 720, lineRule: LineRuleType.EXACT },
      children: lines.map((line, index) => run(line, 'title', { size: typeSize.erhao, ...(index > 0 ? { break: 1 } : {}) })),
    }),
  ];
}

export function caption(text: string, options: { keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, keepNext: options.keepNext ?? false, children: [run(text, 'heading1', { size: typeSize.sihao })] });
}

export function sourceParagraph(text: string): Paragraph {
  const hanging = halfPoints(typeSize.xiaosi) * 10 * 2;
  return new Paragraph({
    alignment: AlignmentType.LEFT,
    indent: { left: hanging, hanging },
    spacing: { line: 400, lineRule: LineRuleType.EXACT },
    children: [run(text, 'body', { size: typeSize.xiaosi })],
  });
}

function summaryParagraphs(input: FinalEvaluationReportInput, shortName: string): Paragraph[] {
  const counts = new Map(targetStatuses.map((status) => [status, input.evaluations.filter((evaluation) => evaluation.status === status).length]));
  const period = input.pack.expires ? `，执行期限至${formatIsoDateZh(input.pack.expires)}` : '';
  const abbreviation = shortName === `《${input.pack.title}》` ? '' : `以下简称${shortName}`;
  const cited = [input.pack.doc_number, abbreviation].filter(Boolean).join('，');
  const paragraphs = [
    paragraph(`《${input.pack.title}》${cited ? `（${cited}）` : ''}于${formatIsoDateZh(input.pack.issued)}印发${period}。${shortName}共设定量化目标${input.evaluations.length}项。本报告依据截至${input.asOf}年经审核的指标数据，对${input.area.name}各项目标的完成情况进行终期评估。`),
    // 未分解目标 only where an area has targets without a breakdown (never for the region itself).
    paragraph(`评估结果：${targetStatuses.filter((status) => status !== 'no_own_target' || (counts.get(status) ?? 0) > 0).map((status) => `${targetStatusLabels[status]}${counts.get(status) ?? 0}项`).join('、')}（见表1）。`),
  ];
  const pending = (['on_track', 'at_risk', 'off_track'] as const).filter((status) => (counts.get(status) ?? 0) > 0);
  if (pending.length > 0) paragraphs.push(paragraph(`其中${pending.map((status) => `“${targetStatusLabels[status]}”`).join('')}的目标，目标年份的数据尚未公布，按最新数据与序时进度判断。`));
  const noData = counts.get('no_data') ?? 0;
  if (noData > 0) paragraphs.push(paragraph(`“暂无数据”的${noData}项，平台尚无截至${input.asOf}年的可用数据，本报告不作估计。`));
  return paragraphs;
}

const tableColumns = [
  { header: '序号', width: 560 },
  { header: '指标', width: 2100 },
  { header: '目标', width: 1300 },
  { header: '实际值（年份）', width: 1700 },
  { header: '完成程度 %', width: 1000 },
  { header: '状态', width: 1000 },
  // The rest, enough for the longest label, （二十二）, on one line.
  { header: '依据条款', width: officialLayout.textWidth - 560 - 2100 - 1300 - 1700 - 1000 - 1000 },
] as const;

function summaryTable(input: FinalEvaluationReportInput, indicatorOf: (code: string) => { name: string; unit: string }, clauses: Map<number, { label: string }>): Table {
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const frame = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  const cell = (lines: string[], options: { bold?: boolean; left?: boolean } = {}) =>
    new TableCell({
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60, top: 40, bottom: 40 },
      children: lines.map(
        (text) =>
          new Paragraph({
            alignment: options.left ? AlignmentType.LEFT : AlignmentType.CENTER,
            spacing: { line: 300, lineRule: LineRuleType.EXACT },
            children: [run(text, 'body', { size: typeSize.wuhao, bold: options.bold ?? false })],
          }),
      ),
    });
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: tableColumns.map((column) => cell([column.header], { bold: true })) });
  const rows = input.evaluations.map((evaluation, index) => {
    const indicator = indicatorOf(evaluation.indicator);
    const clause = clauses.get(evaluation.clause);
    const actual = evaluation.value === null || evaluation.period === null ? ['暂无数据'] : [formatQualifiedValue(evaluation.value, evaluation.qualifier, '', evaluation.kind === 'computed' ? 2 : 4), `（${formatPeriodZh(evaluation.period)}）`];
    const target = evaluation.benchmark && evaluation.target !== null && evaluation.benchmark.period ? [targetSymbol(evaluation, input.benchmarkAreaName), String(evaluation.target), `（${formatPeriodZh(evaluation.benchmark.period)}）`] : [targetSymbol(evaluation, input.benchmarkAreaName)];
    return new TableRow({
      cantSplit: true,
      children: [
        cell([String(index + 1)]),
        cell([indicator.unit ? `${indicator.name}（${indicator.unit}）` : indicator.name], { left: true }),
        cell(target),
        cell(actual),
        cell([formatProgress(evaluation)]),
        cell([targetStatusLabels[evaluation.status]]),
        cell([clause ? fullWidthLabel(clause.label) : `第${evaluation.clause}条`]),
      ],
    });
  });
  return new Table({
    width: { size: officialLayout.textWidth, type: WidthType.DXA },
    columnWidths: tableColumns.map((column) => column.width),
    layout: TableLayoutType.FIXED,
    borders: { top: frame, bottom: frame, left: frame, right: frame, insideHorizontal: line, insideVertical: line },
    rows: [header, ...rows],
  });
}

function chartParagraphs(evaluation: TargetEvaluation, figure: number, indicator: { name: string; unit: string }, benchmarkAreaName?: string): Paragraph[] {
  const points = evaluation.series.flatMap((entry) => {
    const year = parsePeriod(entry.period)?.year;
    return year === undefined ? [] : [{ x: year, y: entry.value, hollow: entry.qualifier !== 'exact' }];
  });
  const latestYear = points.at(-1)?.x;
  const forecast = latestYear !== undefined && latestYear < evaluation.year && evaluation.status !== 'achieved' && evaluation.forecast.linear !== null ? { x: evaluation.year, y: evaluation.forecast.linear } : null;
  const firstYear = Math.min(evaluation.baseline?.year ?? Infinity, ...points.map((point) => point.x));
  const png = renderLineChartPng({ points, target: evaluation.target, forecast, xRange: [firstYear, evaluation.year], width: chart.width, height: chart.height });
  const title = `图${figure}  ${indicator.name}${indicator.unit ? `（${indicator.unit}）` : ''}`;
  const legend = [
    `蓝色折线为历年数值${boundNote(evaluation.series.map((entry) => entry.qualifier))}`,
    ...(evaluation.target !== null ? [`红色虚线为${evaluation.benchmark ? `对标值（${benchmarkAreaName ?? evaluation.benchmark.org}）` : '目标值'}（${targetSymbol(evaluation, benchmarkAreaName)}${evaluation.benchmark ? `，${evaluation.target}` : ''}）`] : []),
    ...(forecast ? [`灰色虚线为至${evaluation.year}年的线性趋势外推`] : []),
  ];
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      // Exact line spacing would crop an inline picture to one line.
      spacing: { before: 120, line: 240, lineRule: LineRuleType.AUTO },
      children: [
        new ImageRun({
          type: 'png',
          data: png,
          transformation: { width: chart.shownWidth, height: Math.round((chart.shownWidth * chart.height) / chart.width) },
          altText: { name: `chart-${figure}`, title, description: legend.join('；') },
        }),
      ],
    }),
    caption(title, { keepNext: true }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: 400, lineRule: LineRuleType.EXACT, after: 120 }, children: [run(`注：${legend.join('；')}。`, 'body', { size: typeSize.xiaosi })] }),
  ];
}

function boundNote(qualifiers: readonly string[]): string {
  const lower = qualifiers.includes('lower_bound');
  const upper = qualifiers.includes('upper_bound');
  if (lower && upper) return '（空心点为下限或上限值）';
  if (lower) return '（空心点为下限值）';
  return upper ? '（空心点为上限值）' : '';
}

/** Sources numbered in the order the report first cites them, each listed once with what it gave. */
function numberSources(evaluations: readonly TargetEvaluation[], indicatorOf: (code: string) => { name: string }) {
  const numbers = new Map<string, number>();
  const list: { source: string; uses: string[] }[] = [];
  const unsourced: string[] = [];
  // A computed ratio or a sum up the tree has no source of its own: its components have theirs.
  const derived: string[] = [];
  for (const evaluation of evaluations) {
    if (evaluation.value === null || evaluation.period === null) continue;
    const use = `${indicatorOf(evaluation.indicator).name}${formatPeriodZh(evaluation.period)}`;
    if (evaluation.source === null || evaluation.source.trim() === '') {
      (evaluation.kind === 'computed' || evaluation.kind === 'rolled_up' ? derived : unsourced).push(use);
      continue;
    }
    let number = numbers.get(evaluation.source);
    if (number === undefined) {
      list.push({ source: evaluation.source, uses: [] });
      number = list.length;
      numbers.set(evaluation.source, number);
    }
    const entry = list[number - 1]!;
    if (!entry.uses.includes(use)) entry.uses.push(use);
  }
  return { numbers, list, unsourced, derived };
}

/** The report's date: the day in Beijing when it was made (2026年11月27日). */
export function chineseDate(date: Date): string {
  const [year = '', month = '', day = ''] = today(date).split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
}
