import type { Target } from '../policy/index.ts';
import type { IndicatorCalculator, Qualifier, ResolvedValue } from './indicator-calculator.ts';
import { parsePeriod } from './period.ts';
import { statusRules, type TargetStatus } from './target-status.ts';

export interface Forecast {
  /** Least-squares line through the yearly values, at the target year. */
  linear: number | null;
  /** The compound annual growth from the first to the latest value, carried to the target year. */
  compound: number | null;
  /** Which one the status rules use. */
  shown: 'linear';
}

/** Where the threshold an area is judged against comes from. */
export interface TargetSource {
  /** pack: the pack's target for its own area; pack_breakdown: the pack's breakdown by area; coordinator: set by the coordinator. */
  kind: 'pack' | 'pack_breakdown' | 'coordinator';
  clause: number | null;
  /** The words or the document that set it (the target's text, the breakdown's source). */
  text: string | null;
  set_by: string | null;
  set_at: string | null;
  note: string | null;
}

/** An area beside its region and its sibling areas, in the period of its latest value. */
export interface AreaComparison {
  region: { org: string; name: string; value: number | null; period: string | null };
  /** Only for additive indicators (counts, money): the area's value ÷ the region's; null otherwise. */
  share_of_region: number | null;
  /** false for ratios and indicators that do not add up: a share of them means nothing. */
  share_meaningful: boolean;
  /** 1 for the best of the areas with the same parent that have a value in that period (the higher the better, unless the target caps the value). */
  rank: number | null;
  rank_of: number | null;
}

/** The unit that supplies the target's figure (from the pack's responsibility lists). */
export interface SupplierUnit {
  unit_id: string;
  name: string;
  short_name: string;
  via: 'indicator' | 'measure' | 'task';
}

export interface TargetEvaluation {
  target_id: string;
  /** own (the default): judged against the area's own target; none: the area has no target of its own and is not judged. */
  target_basis?: 'own' | 'none';
  /** Set by evaluatePack: where the threshold comes from, the area beside its region and siblings, who supplies the figure. */
  target_source?: TargetSource | null;
  comparison?: AreaComparison | null;
  supplier?: SupplierUnit | null;
  indicator: string;
  comparator: Target['comparator'];
  /** The threshold: the target value, or the benchmark's value for benchmark targets. */
  target: number | null;
  year: number;
  clause: number;
  text: string;
  org: string;
  value: number | null;
  period: string | null;
  qualifier: Qualifier | null;
  source: string | null;
  kind: ResolvedValue['kind'];
  status: TargetStatus;
  /** value ÷ threshold (for ≥ targets); null without both. */
  progress: number | null;
  benchmark?: { org: string; value: number | null; period: string | null };
  baseline: { year: number; value: number } | null;
  /** The straight path from baseline to target, at the latest value's year. */
  path_value: number | null;
  growth: { required: number | null; observed: number | null };
  forecast: Forecast;
  reason: { zh: string; en: string };
  series: { period: string; value: number; qualifier: Qualifier }[];
}

/**
 * Evaluates one target for one area as of a year (values of later years are not seen). With
 * `basis: 'none'` the area has no target of its own: its values are shown, never judged against
 * the target (status no_own_target, or no_data without a value).
 */
export function evaluateTarget(target: Target, org: string, asOf: number, calculator: IndicatorCalculator, options: { basis?: 'own' | 'none' } = {}): TargetEvaluation {
  const basis = options.basis ?? 'own';
  const series = calculator
    .series(target.indicator, org)
    .map((entry) => ({ entry, period: parsePeriod(entry.period) }))
    .filter(({ period }) => period?.type === 'year' && period.year <= asOf)
    .map(({ entry, period }) => ({ year: period!.year, value: entry.value!, entry }));
  const latest = series.at(-1);
  const thresholdIn = (year: number): { value: number | null; period: string | null } => {
    if (target.benchmark_org === undefined) return { value: target.value ?? null, period: null };
    // The benchmark of the same year; if it is not published yet, the latest one before it.
    const benchmark = calculator
      .series(target.indicator, target.benchmark_org)
      .filter((entry) => (parsePeriod(entry.period)?.year ?? Infinity) <= year)
      .at(-1);
    return { value: benchmark?.value ?? null, period: benchmark?.period ?? null };
  };
  const direction = target.comparator === '<=' || target.comparator === '<' ? -1 : 1;
  const meets = (value: number, threshold: number): boolean => {
    switch (target.comparator) {
      case '>=':
        return value >= threshold;
      case '>':
        return value > threshold;
      case '<=':
        return value <= threshold;
      case '<':
        return value < threshold;
      case 'about':
        // "100家左右": reaching the lower edge of the tolerance band meets it; more is not a miss.
        return value >= threshold * (1 - (target.tolerance ?? 0));
    }
  };

  const base = {
    target_id: target.id,
    target_basis: basis,
    target_source: null,
    comparison: null,
    supplier: null,
    indicator: target.indicator,
    comparator: target.comparator,
    year: target.year,
    clause: target.clause,
    text: target.text,
    org,
    series: series.map(({ entry }) => ({ period: entry.period, value: entry.value!, qualifier: entry.qualifier })),
  };
  const forecast: Forecast = { linear: linearForecast(series, target.year), compound: compoundForecast(series, target.year), shown: 'linear' };

  if (!latest) {
    const threshold = basis === 'none' ? { value: null, period: null } : thresholdIn(target.year);
    return {
      ...base,
      target: threshold.value,
      value: null,
      period: null,
      qualifier: null,
      source: null,
      kind: null,
      status: 'no_data',
      progress: null,
      ...(target.benchmark_org && basis === 'own' ? { benchmark: { org: target.benchmark_org, ...threshold } } : {}),
      baseline: null,
      path_value: null,
      growth: { required: null, observed: null },
      forecast,
      reason: { zh: '暂无数据', en: 'no data' },
    };
  }

  if (basis === 'none') {
    const first = series[0]!;
    const observed = latest.year > first.year && first.value > 0 ? (latest.value / first.value) ** (1 / (latest.year - first.year)) - 1 : null;
    return {
      ...base,
      target: null,
      value: latest.value,
      period: latest.entry.period,
      qualifier: latest.entry.qualifier,
      source: latest.entry.source,
      kind: latest.entry.kind,
      status: 'no_own_target',
      progress: null,
      baseline: { year: first.year, value: first.value },
      path_value: null,
      growth: { required: null, observed },
      forecast,
      reason: {
        zh: '本地区未分解该目标，不以全区目标衡量；见占全区比重和在同级地区中的排名',
        en: 'the area has no target of its own and is not judged against the regional one; see its share of the region and its rank',
      },
    };
  }

  const threshold = thresholdIn(latest.year);
  const thresholdValue = threshold.value;
  const progress = thresholdValue ? latest.value / thresholdValue : null;
  // The baseline: as the pack gives it, else the value of its baseline year, else the first value.
  const firstPoint = series[0]!;
  const baseline =
    target.baseline?.value !== undefined
      ? { year: target.baseline.year, value: target.baseline.value }
      : (series.find((point) => point.year === target.baseline?.year) ?? firstPoint);
  const baselineSummary = { year: baseline.year, value: baseline.value };
  const yearsLeft = target.year - latest.year;
  const required = thresholdValue !== null && yearsLeft > 0 && latest.value > 0 ? (thresholdValue / latest.value) ** (1 / yearsLeft) - 1 : null;
  const observed = latest.year > baseline.year && baseline.value > 0 ? (latest.value / baseline.value) ** (1 / (latest.year - baseline.year)) - 1 : null;
  const pathValue = thresholdValue !== null && target.year > baseline.year ? baseline.value + ((thresholdValue - baseline.value) * (latest.year - baseline.year)) / (target.year - baseline.year) : null;

  const result = (status: TargetStatus, zh: string, en: string): TargetEvaluation => ({
    ...base,
    target: thresholdValue,
    value: latest.value,
    period: latest.entry.period,
    qualifier: latest.entry.qualifier,
    source: latest.entry.source,
    kind: latest.entry.kind,
    status,
    progress,
    ...(target.benchmark_org ? { benchmark: { org: target.benchmark_org, ...threshold } } : {}),
    baseline: baselineSummary,
    path_value: pathValue,
    growth: { required, observed },
    forecast,
    reason: { zh, en },
  });

  if (thresholdValue === null) return { ...result('no_data', '缺少对标值（全国平均水平）数据', 'the benchmark has no value'), status: 'no_data' };

  if (latest.year >= target.year) {
    return meets(latest.value, thresholdValue)
      ? result('achieved', `${latest.year}年达到目标`, `met in ${latest.year}`)
      : result('not_met', `${latest.year}年未达到目标`, `missed in ${latest.year}`);
  }
  if (meets(latest.value, thresholdValue)) return result('achieved', `${latest.year}年已提前达到目标`, `already met in ${latest.year}, ahead of ${target.year}`);
  if (baseline.year >= latest.year) return result('at_risk', '仅有一期数据，无法判断趋势，尚未达到目标', 'a single value: no trend to judge, and the target is not met yet');
  if (pathValue !== null && direction * (latest.value - pathValue) >= 0) return result('on_track', '不低于序时进度', 'on or above the straight path to the target');
  if (required !== null && observed !== null && direction * (observed - required) >= 0) return result('at_risk', '落后于序时进度，但迄今年均增速不低于此后所需增速', 'behind the path, but the growth seen so far is at least the growth still needed');
  const withinPath = pathValue !== null && (direction > 0 ? latest.value >= pathValue * statusRules.atRiskShareOfPath : latest.value <= pathValue / statusRules.atRiskShareOfPath);
  const forecastClose = forecast.linear !== null && (direction > 0 ? forecast.linear >= thresholdValue * statusRules.atRiskShareOfForecast : forecast.linear <= thresholdValue / statusRules.atRiskShareOfForecast);
  if (withinPath || forecastClose) return result('at_risk', '落后于序时进度，但差距在可追赶范围内', 'behind the path, within the at-risk margins');
  return result('off_track', '明显落后于序时进度', 'well behind the path');
}

function linearForecast(series: readonly { year: number; value: number }[], year: number): number | null {
  if (series.length < 2) return null;
  const n = series.length;
  const meanX = series.reduce((sum, point) => sum + point.year, 0) / n;
  const meanY = series.reduce((sum, point) => sum + point.value, 0) / n;
  const sxx = series.reduce((sum, point) => sum + (point.year - meanX) ** 2, 0);
  const sxy = series.reduce((sum, point) => sum + (point.year - meanX) * (point.value - meanY), 0);
  if (sxx === 0) return null;
  return meanY + (sxy / sxx) * (year - meanX);
}

function compoundForecast(series: readonly { year: number; value: number }[], year: number): number | null {
  const first = series[0];
  const last = series.at(-1);
  if (!first || !last || last.year <= first.year || first.value <= 0 || last.value <= 0) return null;
  const growth = (last.value / first.value) ** (1 / (last.year - first.year)) - 1;
  return last.value * (1 + growth) ** (year - last.year);
}
