import type { TargetEvaluation } from '../evaluate-target.ts';
import type { Qualifier } from '../indicator-calculator.ts';
import { parsePeriod } from '../period.ts';
import { targetStatusLabels } from '../target-status.ts';
import { fullWidthBrackets } from '../../policy/index.ts';

/** Units that count things: their estimates are whole numbers (a forecast of 612.4 家 is 612 家). */
const countUnits = new Set(['家', '个', '件', '项', '所', '座', '人']);

/** Plain digits, no grouping (GB/T 15835 leaves grouping optional; official texts rarely use it). */
export function formatNumber(value: number, maxDecimals = 4): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: maxDecimals, useGrouping: false });
}

/** Estimates (forecasts, path values): whole numbers for counts, two decimals otherwise. */
export function formatEstimate(value: number, unit: string): string {
  return formatNumber(value, countUnits.has(unit) ? 0 : 2);
}

/**
 * A value as the source states it: a bound keeps its sign and says so ("≥ 700家（下限）"), so that
 * "突破700家" is never printed as if 700 were the count.
 */
export function formatQualifiedValue(value: number, qualifier: Qualifier | null, unit = '', maxDecimals = 4): string {
  const number = `${formatNumber(value, maxDecimals)}${unit}`;
  if (qualifier === 'lower_bound') return `≥ ${number}（下限）`;
  if (qualifier === 'upper_bound') return `≤ ${number}（上限）`;
  return number;
}

/** 2024 → 2024年, 2024Q3 → 2024年第3季度, 2024-07 → 2024年7月. */
export function formatPeriodZh(period: string): string {
  const parsed = parsePeriod(period);
  if (!parsed) return period;
  if (parsed.type === 'quarter') return `${parsed.year}年第${parsed.part}季度`;
  if (parsed.type === 'month') return `${parsed.year}年${parsed.part}月`;
  return `${parsed.year}年`;
}

/** 2022-02-27 → 2022年2月27日. */
export function formatIsoDateZh(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : date;
}

export { chineseNumeral, fullWidthBrackets as fullWidthLabel } from '../../policy/index.ts';

/** The short name a document uses for the policy after naming it once: 《意见》, 《办法》 … */
export function policyShortName(title: string): string {
  const kind = /(意见|办法|方案|规划|措施|通知|条例|规定|计划|决定)$/.exec(title)?.[1];
  return kind ? `《${kind}》` : `《${title}》`;
}

function percent(ratio: number, decimals = 1): string {
  return `${(ratio * 100).toFixed(decimals)}%`;
}

function growthPhrase(rate: number): string {
  return rate >= 0 ? `年均增长${percent(rate)}` : `年均下降${percent(-rate)}`;
}

/** The threshold in symbols, for tables: "≥ 500", "> 2000", "100左右", "≥ 全国水平". */
export function targetSymbol(evaluation: TargetEvaluation, benchmarkAreaName?: string): string {
  if (evaluation.benchmark) return `${comparatorPhrases[evaluation.comparator]}${benchmarkAreaName ?? evaluation.benchmark.org}水平`;
  const value = evaluation.target === null ? '—' : formatNumber(evaluation.target);
  return evaluation.comparator === 'about' ? `${value}左右` : `${comparatorPhrases[evaluation.comparator]}${value}`;
}

/** Comparators in words, as the house rule writes them in every report (不低于 500, never ≥ or >=). */
const comparatorPhrases: Record<TargetEvaluation['comparator'], string> = { '>=': '不低于', '>': '高于', '<=': '不超过', '<': '低于', about: '约' };

/**
 * Completion as a share of the target, for ≥ and > targets (and "左右"); a bound stays a bound.
 * For ≤ targets value ÷ target is no measure of completion, so none is given.
 */
export function formatProgress(evaluation: TargetEvaluation): string {
  if (evaluation.progress === null || evaluation.comparator === '<=' || evaluation.comparator === '<') return '—';
  const share = (evaluation.progress * 100).toFixed(1);
  if (evaluation.qualifier === 'lower_bound') return `≥ ${share}`;
  if (evaluation.qualifier === 'upper_bound') return `≤ ${share}`;
  return share;
}

export interface TargetWordingContext {
  indicator: { name: string; unit: string };
  clause?: { label: string; title: string };
  /** 《意见》 */
  policyShortName: string;
  asOf: number;
  /** The number of the value's source in the report's source list. */
  sourceNumber?: number;
  benchmarkAreaName?: string;
}

export interface TargetWording {
  /** What the text asks for. */
  target: string;
  /** The latest value, or that there is none. */
  current: string;
  /** The status, its reason, and for unmet targets the growth and forecasts behind it. */
  assessment: string;
}

/**
 * One target of an evaluation in words, for the final-evaluation report. Only what the evaluation
 * holds is said: without a value the text says 暂无数据 and estimates nothing.
 */
export function describeTargetEvaluation(evaluation: TargetEvaluation, context: TargetWordingContext): TargetWording {
  const { name, unit } = context.indicator;
  const counts = countUnits.has(unit);
  const benchmarkName = evaluation.benchmark ? (context.benchmarkAreaName ?? evaluation.benchmark.org) : '';

  const source = context.clause ? `${context.policyShortName}第${fullWidthBrackets(context.clause.label)}条“${context.clause.title}”提出“${evaluation.text}”` : `${context.policyShortName}提出“${evaluation.text}”`;
  const threshold = evaluation.benchmark
    ? `${comparatorWords(evaluation.comparator, counts)}${benchmarkName}水平`
    : evaluation.target === null
      ? '达到目标值'
      : evaluation.comparator === 'about'
        ? `达到${formatNumber(evaluation.target)}${unit}左右`
        : `${comparatorWords(evaluation.comparator, counts)}${formatNumber(evaluation.target)}${unit}`;
  const target = `${source}，即到${evaluation.year}年${name}${threshold}。`;

  if (evaluation.value === null || evaluation.period === null) {
    return {
      target,
      current: `暂无数据：截至${context.asOf}年，平台尚无该指标经审核的数据。本报告不作估计，不评价其完成情况。`,
      assessment: `评估结论：${targetStatusLabels.no_data}。`,
    };
  }

  const maxDecimals = evaluation.kind === 'computed' ? 2 : 4;
  const sentences: string[] = [];
  const kindNote = evaluation.kind === 'computed' ? '（由分项指标计算）' : evaluation.kind === 'rolled_up' ? '（由下级行政区数据汇总）' : '';
  const derived = evaluation.kind === 'computed' || evaluation.kind === 'rolled_up';
  const sourceNote = context.sourceNumber !== undefined ? `（数据来源〔${context.sourceNumber}〕）` : derived ? '' : '（未注明来源）';
  const value = `最新数据为${formatPeriodZh(evaluation.period)}${formatQualifiedValue(evaluation.value, evaluation.qualifier, unit, maxDecimals)}${kindNote}`;
  const cited = context.sourceNumber !== undefined ? `数据来源〔${context.sourceNumber}〕` : '来源';
  // A bound says where it comes from in the sentence that explains it, not in a second bracket after （下限）.
  if (evaluation.qualifier === 'lower_bound') sentences.push(`${value}。${cited}仅给出下限，实际值不低于此数。`);
  else if (evaluation.qualifier === 'upper_bound') sentences.push(`${value}。${cited}仅给出上限，实际值不高于此数。`);
  else sentences.push(`${value}${sourceNote}。`);
  if (evaluation.benchmark) {
    const { value, period } = evaluation.benchmark;
    sentences.push(value !== null && period !== null ? `对标值取${benchmarkName}${formatPeriodZh(period)}的${formatNumber(value)}${unit}（与最新数据同年，或此前已公布的最近一年）。` : `${benchmarkName}对标数据暂缺，无法比较。`);
  }
  const progress = formatProgress(evaluation);
  if (progress !== '—') {
    const bound = evaluation.qualifier === 'lower_bound' ? '至少' : evaluation.qualifier === 'upper_bound' ? '至多' : '';
    sentences.push(`${bound ? `${bound}相当于` : '相当于'}${evaluation.benchmark ? '对标值' : '目标值'}的${(evaluation.progress! * 100).toFixed(1)}%。`);
  }
  const current = sentences.join('');

  const latestYear = parsePeriod(evaluation.period)?.year ?? evaluation.year;
  const reason = evaluation.reason.zh && evaluation.reason.zh !== targetStatusLabels[evaluation.status] ? `（${evaluation.reason.zh}）` : '';
  const assessment: string[] = [`评估结论：${targetStatusLabels[evaluation.status]}${reason}。`];
  if (evaluation.status !== 'achieved' && evaluation.status !== 'no_data') {
    const { baseline } = evaluation;
    // With the latest value in the baseline year, the path is the value itself and says nothing.
    if (baseline && evaluation.path_value !== null && baseline.year < latestYear && latestYear < evaluation.year) {
      assessment.push(`按基期${baseline.year}年${formatNumber(baseline.value)}${unit}至目标值的直线路径（序时进度），${latestYear}年应达到${formatEstimate(evaluation.path_value, unit)}${unit}。`);
    }
    const growth: string[] = [];
    if (baseline && evaluation.growth.observed !== null) growth.push(`${baseline.year}—${latestYear}年${growthPhrase(evaluation.growth.observed)}`);
    if (evaluation.growth.required !== null) growth.push(`如期实现目标，${latestYear + 1}—${evaluation.year}年需${growthPhrase(evaluation.growth.required)}`);
    else if (latestYear >= evaluation.year) growth.push('目标年份已过');
    if (growth.length > 0) assessment.push(`${growth.join('；')}。`);
    if (latestYear < evaluation.year) assessment.push(forecastSentence(evaluation, unit));
  }
  return { target, current, assessment: assessment.join('') };
}

function forecastSentence(evaluation: TargetEvaluation, unit: string): string {
  const { linear, compound, shown } = evaluation.forecast;
  if (linear === null && compound === null) return '已有数据点不足，无法作趋势外推。';
  const parts: string[] = [];
  if (linear !== null) parts.push(`按线性趋势外推，${evaluation.year}年约为${formatEstimate(linear, unit)}${unit}`);
  if (compound !== null) parts.push(`按年均复合增长外推约为${formatEstimate(compound, unit)}${unit}`);
  const [used, other] = shown === 'linear' ? ['线性趋势外推值', '复合增长外推值'] : ['复合增长外推值', '线性趋势外推值'];
  const available = (shown === 'linear' ? linear : compound) !== null;
  return `${parts.join('；')}。判定状态时参考${used}${available ? `，${other}仅供参考` : '（本项无法计算）'}。`;
}

function comparatorWords(comparator: TargetEvaluation['comparator'], counts: boolean): string {
  switch (comparator) {
    case '>=':
      return counts ? '不少于' : '不低于';
    case '>':
      return counts ? '多于' : '高于';
    case '<=':
      return counts ? '不多于' : '不高于';
    case '<':
      return counts ? '少于' : '低于';
    case 'about':
      return '达到';
  }
}
