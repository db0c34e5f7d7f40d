import { Decimal } from 'decimal.js';
import { chineseReportDate, officialBlank, officialCentred, officialDocx, officialHeading1, officialHeading2, officialNote, officialParagraph, officialTitleLines } from '../indicators/index.ts';
import { certificationLabels, certificationTypes, enterpriseEventLabels, enterpriseEventTypes, enterpriseFlagLabels, financialFieldLabels, hteInnovationScoreLabel, type EnterpriseEventType, type EnterpriseFlag, type FinancialField } from './registry-vocabulary.ts';

/**
 * The calculator's result for one enterprise as a Word document (政策计算结果), laid out as a
 * Chinese official document (GB/T 9704-2012) with the final-evaluation report's layout: a cover,
 * then a summary and one section per benefit — status, amount or cap in 万元 and 元, the clause
 * with its text, what is missing (named in Chinese), the near-miss advice and the working.
 *
 * The result is taken by shape (contracts §6): the registry does not depend on the engine.
 */
export interface BenefitsReportBenefit {
  incentive: string;
  pack: string;
  title: string;
  clause: number;
  clause_label: string;
  status: 'eligible' | 'ineligible' | 'needs_info' | 'not_computable';
  amount_text: string | null;
  cap_text: string | null;
  score_text?: string | null | undefined;
  tax_saving_text?: string | null | undefined;
  missing: string[];
  trace: { label: string; value: string; outcome?: 'met' | 'not_met' | 'unknown' | 'assumption' | undefined }[];
  advice: { text: string }[];
  assumptions: string[];
  interpretation: string | null;
  interpretation_zh?: string | null | undefined;
  parameters?: readonly { label: string; value_text: string; unit: string; clause_label: string; interpretation: string | null; interpretation_zh: string | null }[] | undefined;
  error?: string | undefined;
}

export interface BenefitsReportInput {
  enterprise: { credit_code: string; name: string; synthetic: boolean };
  year: number;
  calculated_on: string;
  generatedAt: Date;
  benefits: readonly BenefitsReportBenefit[];
  /** The clause's title and text, by pack and number (what the report quotes). */
  clauseOf: (benefit: BenefitsReportBenefit) => { title: string; text: string } | undefined;
}

const statusLabels: Record<BenefitsReportBenefit['status'], string> = { eligible: '可享受', ineligible: '不符合', needs_info: '需补充信息', not_computable: '暂不能计算' };
const outcomeLabels = { met: '满足', not_met: '不满足', unknown: '待补充', assumption: '按声明' } as const;

/** "246913.58" → 24.691358万元（246,913.58元）: the policy's unit, every 分 kept. */
export function yuanText(text: string): string {
  const value = new Decimal(text);
  const grouped = value.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (value.abs().lessThan(10_000)) return `${grouped}元`;
  const wan = value.dividedBy(10_000).toFixed().replace(/\.?0+$/, (tail) => (tail.includes('.') ? '' : tail));
  return `${wan}万元（${grouped}元）`;
}

/** A profile path in words: years.2023.rd_expense → 2023年研发费用. */
export function profilePathText(path: string): string {
  const year = /^years\.(\d{4})\.([a-z0-9_]+)$/.exec(path);
  if (year) return `${year[1]}年${financialFieldLabels[year[2] as FinancialField]?.zh ?? (year[2] === 'net_assets' ? '净资产' : year[2])}`;
  const flag = /^flags\.([a-z0-9_]+)$/.exec(path);
  if (flag) return enterpriseFlagLabels[flag[1] as EnterpriseFlag]?.zh ?? path;
  const event = /^events\.([a-z0-9_]+)\.([a-z0-9_]+)$/.exec(path);
  if (event) return `${enterpriseEventLabels[event[1] as EnterpriseEventType]?.zh ?? event[1]}的${event[2] === 'amount' ? '奖金金额' : event[2]}`;
  const named: Record<string, string> = { hte_innovation_score: hteInnovationScoreLabel.zh, application_date: '高企认定申请日期', industry: '所属行业', founded: '成立日期' };
  return named[path] ?? path;
}

const typePattern = new RegExp(`\\b(?:${[...certificationTypes, ...enterpriseEventTypes].join('|')})\\b`, 'g');
/** A text of the engine or the pack with its field paths and certificate and event types in words. */
function inWords(text: string): string {
  return text.replace(pathPattern, profilePathText).replace(typePattern, (type) => certificationLabels[type as keyof typeof certificationLabels] ?? enterpriseEventLabels[type as EnterpriseEventType]?.zh ?? type);
}

const pathPattern = /\b(?:years\.\d{4}\.[a-z][a-z0-9_]*|flags\.[a-z][a-z0-9_]*|events\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*|hte_innovation_score|application_date)\b/g;

export async function presentBenefitsReport(input: BenefitsReportInput): Promise<{ fileName: string; content: Buffer }> {
  const { enterprise, year } = input;
  const synthetic = enterprise.synthetic ? '（合成数据）' : '';
  const count = (status: BenefitsReportBenefit['status']) => input.benefits.filter((benefit) => benefit.status === status).length;
  const cover = [
    ...officialTitleLines([`${enterprise.name}${synthetic}`, `${year}年度政策计算结果`], { before: 1417 }),
    officialCentred(`统一社会信用代码：${enterprise.credit_code}`, 'heading2', { before: 3118 }),
    officialCentred(chineseReportDate(input.generatedAt), 'body', { before: 1134 }),
    officialCentred('（本结果由科创平台根据登记库数据计算生成，仅供参考，以主管部门审核为准）', 'body', { size: 14 }),
  ];
  const body = [...officialTitleLines([`${year}年度政策计算结果`]), officialBlank()];
  body.push(officialHeading1('一、总体情况'));
  body.push(
    officialParagraph(
      `${enterprise.name}${synthetic}按${year}年度计算（计算日期${input.calculated_on}），共计算政策${input.benefits.length}项：可享受${count('eligible')}项，需补充信息${count('needs_info')}项，不符合${count('ineligible')}项，暂不能计算${count('not_computable')}项。`,
    ),
  );
  body.push(officialHeading1('二、逐项结果'));
  input.benefits.forEach((benefit, index) => {
    body.push(officialHeading2(`（${chineseCount(index + 1)}）${benefit.title}`));
    const amount = benefit.amount_text ? `金额${yuanText(benefit.amount_text)}` : benefit.cap_text && benefit.status !== 'ineligible' ? `最高${yuanText(benefit.cap_text)}，具体金额由评审确定` : '';
    const extras = [benefit.tax_saving_text ? `少缴企业所得税${yuanText(benefit.tax_saving_text)}` : '', benefit.score_text ? `评价得分${benefit.score_text}分` : ''].filter((text) => text !== '');
    body.push(officialParagraph(`结果：${statusLabels[benefit.status]}${amount ? `，${amount}` : ''}${extras.length > 0 ? `；${extras.join('；')}` : ''}。`));
    const clause = input.clauseOf(benefit);
    body.push(officialParagraph(`依据：${benefit.clause_label}${clause ? ` ${clause.title}` : ''}。`));
    if (clause) body.push(officialNote(clause.text));
    if (benefit.missing.length > 0) body.push(officialParagraph(`需补充：${benefit.missing.map(profilePathText).join('、')}。`));
    if (benefit.error) body.push(officialParagraph(`计算出错：${benefit.error}。`));
    for (const advice of benefit.advice) body.push(officialParagraph(`建议：${inWords(advice.text)}`));
    if (benefit.assumptions.length > 0) body.push(officialParagraph(`假设：${benefit.assumptions.map(inWords).join('；')}。`));
    // The Chinese reading where the pack gives one (a Chinese document), else the pack's English.
    const interpretation = benefit.interpretation_zh ?? benefit.interpretation;
    if (interpretation) body.push(officialParagraph(`口径说明：${inWords(interpretation)}`));
    for (const parameter of benefit.parameters ?? []) {
      const reading = parameter.interpretation_zh ?? parameter.interpretation;
      body.push(officialNote(`参数 ${parameter.label}：${parameter.value_text} ${parameter.unit}（${parameter.clause_label}）${reading ? `。${inWords(reading)}` : ''}`));
    }
    if (benefit.trace.length > 0) {
      body.push(officialParagraph('计算过程：'));
      for (const step of benefit.trace) body.push(officialNote(`${inWords(step.label)}：${inWords(step.value)}${step.outcome ? `（${outcomeLabels[step.outcome]}）` : ''}`));
    }
  });
  const content = await officialDocx({ title: `${enterprise.name}${year}年度政策计算结果`, description: `${enterprise.credit_code} ${year}`, cover, body });
  return { fileName: `benefits-${enterprise.credit_code}-${year}.docx`, content };
}

function chineseCount(n: number): string {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return digits[n] ?? String(n);
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ''}`;
  return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`;
}
