import { beforeAll, describe, expect, it } from 'vitest';
import { AreaTree } from '../../areas/index.ts';
import type { Indicator, Target } from '../../policy/index.ts';
import { evaluateTarget, type TargetEvaluation } from '../evaluate-target.ts';
import { IndicatorCalculator, type StoredValue } from '../indicator-calculator.ts';
import { buildFinalEvaluationReport, type FinalEvaluationReportInput } from './final-evaluation-report.ts';
import { pngSignature } from './line-chart-png.ts';
import { unzip } from '../../../test/zip.ts';

const indicators: Indicator[] = [
  { code: 'national_hte', name: '国家高新技术企业', unit: '家', period_type: 'year', aggregation: 'sum' },
  { code: 'st_platforms', name: '各类科技创新平台', unit: '个', period_type: 'year', aggregation: 'sum' },
  { code: 'tech_smes', name: '科技型中小企业', unit: '家', period_type: 'year', aggregation: 'sum' },
  { code: 'rd_intensity', name: 'R&D经费投入强度', unit: '%', period_type: 'year', aggregation: 'none' },
  { code: 'new_rd_institutions', name: '新型研发机构', unit: '家', period_type: 'year', aggregation: 'sum' },
];
const target = (id: string, indicator: string, value: number, text: string, extra: Partial<Target> = {}): Target => ({ id, indicator, comparator: '>=', value, year: 2025, clause: 3, text, baseline: { year: 2020 }, ...extra });
const targets: Target[] = [
  target('hte', 'national_hte', 500, '国家高新技术企业达到500家'),
  target('platforms', 'st_platforms', 700, '各类科技创新平台达到700家以上'),
  target('smes', 'tech_smes', 2000, '科技型中小企业突破2000家', { comparator: '>' }),
  { id: 'rd', indicator: 'rd_intensity', comparator: '>=', benchmark_org: '100000', year: 2025, clause: 3, text: '全社会R&D经费支出占GDP比重争取达到全国平均水平', baseline: { year: 2020 } },
  target('institutions', 'new_rd_institutions', 50, '培育新型研发机构50家以上', { clause: 9 }),
];
const value = (indicator: string, period: string, amount: number, source: string, qualifier: StoredValue['qualifier'] = 'exact', org = '640000'): StoredValue => ({ indicator, org, period, value: amount, qualifier, source });
const values: StoredValue[] = [
  value('national_hte', '2020', 289, '2020年统计公报'),
  value('national_hte', '2021', 351, '2021年统计公报'),
  value('national_hte', '2023', 595, '2023年统计公报'),
  value('st_platforms', '2020', 500, '2020年统计公报'),
  value('st_platforms', '2023', 700, '新闻发布会：各类科技创新平台突破700家', 'lower_bound'),
  value('tech_smes', '2020', 900, '2020年统计公报'),
  value('tech_smes', '2023', 1045, '2023年统计公报'),
  value('rd_intensity', '2020', 1.51, '科技经费投入统计公报'),
  value('rd_intensity', '2023', 1.61, '科技经费投入统计公报'),
  value('rd_intensity', '2023', 2.65, '全国科技经费投入统计公报', 'exact', '100000'),
];

function evaluations(): TargetEvaluation[] {
  const tree = new AreaTree([
    { code: '640000', name: '宁夏回族自治区', parentCode: null, level: 'province' },
    { code: '100000', name: '全国', parentCode: null, level: 'country' },
  ]);
  const calculator = new IndicatorCalculator(indicators, tree, values);
  return targets.map((item) => evaluateTarget(item, '640000', 2025, calculator));
}

function reportInput(): FinalEvaluationReportInput {
  return {
    pack: { id: 'ningxia-2022-st-action', title: '关于实施科技强区行动 提升区域创新能力的若干意见', doc_number: '宁党发〔2022〕4号', issued: '2022-02-27', expires: '2025-12-31' },
    area: { code: '640000', name: '宁夏回族自治区' },
    asOf: 2025,
    generatedAt: new Date('2026-11-27T02:00:00Z'),
    evaluations: evaluations(),
    indicators,
    clauses: [
      { number: 3, label: '(三)', title: '主要目标' },
      { number: 9, label: '(九)', title: '大力培育新型研发机构' },
    ],
    benchmarkAreaName: '全国',
  };
}


/** The document's paragraphs as plain text. */
function paragraphsOf(xml: string): string[] {
  return xml
    .split('</w:p>')
    .map((paragraph) => paragraph.replace(/<w:br\/>/g, '\n').replace(/<[^>]+>/g, ''))
    .map((text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
}

describe('buildFinalEvaluationReport', () => {
  let files: Map<string, Buffer>;
  let documentXml: string;
  let paragraphs: string[];
  let text: string;

  beforeAll(async () => {
    files = unzip(await buildFinalEvaluationReport(reportInput()));
    documentXml = files.get('word/document.xml')?.toString('utf8') ?? '';
    paragraphs = paragraphsOf(documentXml);
    text = paragraphs.join('\n');
  });

  it('is a Word package whose title is the policy title and 终期评估报告', () => {
    expect(files.has('[Content_Types].xml')).toBe(true);
    expect(files.get('docProps/core.xml')?.toString('utf8')).toContain('《关于实施科技强区行动 提升区域创新能力的若干意见》终期评估报告');
    // The title is broken between its words, over three centred lines.
    expect(text.replace(/\s/g, '')).toContain('《关于实施科技强区行动提升区域创新能力的若干意见》终期评估报告');
  });

  it('has a cover with the area, the evaluation year, the document number and the date in Chinese', () => {
    for (const line of ['宁夏回族自治区', '评估截至2025年', '（宁党发〔2022〕4号）', '2026年11月27日']) expect(paragraphs).toContain(line);
  });

  it('dates the report in Beijing time', async () => {
    const late = unzip(await buildFinalEvaluationReport({ ...reportInput(), generatedAt: new Date('2026-11-26T20:00:00Z') }));
    expect(paragraphsOf(late.get('word/document.xml')?.toString('utf8') ?? '')).toContain('2026年11月27日');
  });

  it('counts the targets by status in the summary', () => {
    expect(text).toContain('评估结果：已实现2项、进展顺利0项、存在风险0项、严重滞后2项、未实现0项、暂无数据1项（见表1）。');
  });

  it('has the summary table with a bold header row that repeats on every page', () => {
    for (const header of ['序号', '指标', '目标', '实际值（年份）', '完成程度 %', '状态', '依据条款']) expect(paragraphs).toContain(header);
    const headerRow = documentXml.slice(documentXml.indexOf('<w:tr>'), documentXml.indexOf('</w:tr>'));
    expect(headerRow).toContain('<w:tblHeader/>');
    expect(headerRow).toContain('<w:b/>');
    expect(documentXml).toMatch(/<w:tblBorders>.*<w:insideH w:val="single"/);
  });

  it('explains every target, citing its text', () => {
    for (const item of targets) expect(text).toContain(`“${item.text}”`);
    expect(text).toContain('《意见》第（九）条“大力培育新型研发机构”提出“培育新型研发机构50家以上”');
  });

  it('says 暂无数据 for a target without data and puts no value or chart in its place', () => {
    const section = text.slice(text.indexOf('（五）新型研发机构'), text.indexOf('三、数据来源与说明'));
    expect(section).toContain('暂无数据：截至2025年，平台尚无该指标经审核的数据。本报告不作估计');
    expect(section).toContain('评估结论：暂无数据。');
    expect(section).not.toContain('最新数据');
    expect(section).not.toMatch(/^图\d/m);
  });

  it('prints a lower-bound value as ≥ 700 with （下限）, in the text and in the table', () => {
    expect(text).toContain('最新数据为2023年≥ 700个（下限）。数据来源〔2〕仅给出下限，实际值不低于此数。');
    expect(text).toContain('空心点为下限值');
    expect(paragraphs).toContain('≥ 700（下限）');
    expect(text).toContain('至少相当于目标值的100.0%');
  });

  it('gives the growth needed against the growth seen, and both forecasts, for a target behind', () => {
    const section = text.slice(text.indexOf('（三）科技型中小企业'), text.indexOf('（四）'));
    expect(section).toContain('评估结论：严重滞后');
    expect(section).toMatch(/2020—2023年年均增长\d+\.\d%；如期实现目标，2024—2025年需年均增长\d+\.\d%。/);
    expect(section).toMatch(/按线性趋势外推，2025年约为\d+家；按年均复合增长外推约为\d+家。判定状态时参考线性趋势外推值，复合增长外推值仅供参考。/);
  });

  it('compares a benchmark target with the benchmark area named', () => {
    expect(text).toContain('对标值取全国2023年的2.65%');
    expect(paragraphs).toContain('不低于全国水平');
    // Targets in words; a published bound (≥ 700（下限）) is a value's qualifier, not a comparator.
    expect(paragraphs.join('\n')).not.toMatch(/>=|<=|[≥≤] ?500|[≥≤] ?全国/);
  });

  it('lays out A4 with the GB/T 9704 margins, in twips', () => {
    const pageSizes = documentXml.match(/<w:pgSz [^>]*>/g) ?? [];
    const margins = documentXml.match(/<w:pgMar [^>]*>/g) ?? [];
    expect(pageSizes.length).toBe(2);
    for (const pageSize of pageSizes) expect(pageSize).toMatch(/w:w="11906"[^>]*w:h="16838"/);
    for (const margin of margins) {
      // 37, 35, 28 and 26 mm.
      for (const [side, twips] of [['top', 2098], ['bottom', 1984], ['left', 1587], ['right', 1474]] as const) expect(margin).toContain(`w:${side}="${twips}"`);
    }
  });

  it('sets body text in 3号仿宋 with a two-character indent and fixed 28.95 pt lines', () => {
    const styles = files.get('word/styles.xml')?.toString('utf8') ?? '';
    expect(styles).toMatch(/<w:docDefaults>.*w:eastAsia="仿宋_GB2312".*<w:sz w:val="32"\/>/);
    expect(styles).toMatch(/<w:spacing [^>]*w:line="579"[^>]*w:lineRule="exact"/);
    expect(documentXml).toContain('<w:ind w:firstLine="640"/>');
    expect(files.get('word/fontTable.xml')?.toString('utf8')).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="FangSong"/>');
  });

  it('numbers pages "— n —" in 4号宋体, at the right of odd pages and the left of even ones', () => {
    const footers = [...files.entries()].filter(([name]) => /^word\/footer\d+\.xml$/.test(name)).map(([, data]) => data.toString('utf8'));
    expect(footers.length).toBe(2);
    for (const footer of footers) {
      expect(footer).toMatch(/— <\/w:t>.*PAGE.*<w:t xml:space="preserve"> —/);
      expect(footer).toContain('w:eastAsia="宋体"');
      expect(footer).toContain('<w:sz w:val="28"/>');
    }
    expect(files.get('word/settings.xml')?.toString('utf8')).toContain('<w:evenAndOddHeaders/>');
  });

  it('embeds one PNG chart, captioned 图N, for each target with a series', () => {
    const images = [...files.entries()].filter(([name]) => /^word\/media\/.+\.png$/.test(name));
    expect(images.length).toBe(4);
    for (const [, data] of images) expect(data.subarray(0, 8).equals(pngSignature)).toBe(true);
    expect(paragraphs).toContain('图1  国家高新技术企业（家）');
    expect(paragraphs).toContain('图4  R&D经费投入强度（%）');
  });

  it('lists each source once, numbered, with what it gave', () => {
    const sources = paragraphs.filter((paragraph) => /^〔\d+〕/.test(paragraph));
    expect(sources).toEqual([
      '〔1〕2023年统计公报（用于：国家高新技术企业2023年；科技型中小企业2023年）',
      '〔2〕新闻发布会：各类科技创新平台突破700家（用于：各类科技创新平台2023年）',
      '〔3〕科技经费投入统计公报（用于：R&D经费投入强度2023年）',
    ]);
    expect(text).toContain('最新数据为2023年595家（数据来源〔1〕）');
  });

  it('ends with the status rules as an annex', () => {
    expect(text).toContain('附件：目标状态判定规则');
    expect(paragraphs).toContain('附件');
    expect(text).toMatch(/已实现：目标年份已有数据/);
    expect(text).toMatch(/暂无数据：没有该指标/);
  });
});
