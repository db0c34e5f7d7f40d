import type { AreaTree } from '../areas/index.ts';
import { Decimal } from 'decimal.js';
import type { Indicator, PolicyPack } from '../policy/index.ts';
import type { PackEvaluation as PackEvaluationAnswer, TargetEvaluation as TargetEvaluationAnswer } from './indicator-contract.ts';
import type { PackEvaluation } from './evaluate-pack.ts';
import type { TargetEvaluation } from './evaluate-target.ts';
import { presentIndicatorSummary } from './present-indicator.ts';
import { statusRuleText } from './target-status.ts';
import { boundsOf } from './value-quality.ts';

/**
 * One target's evaluation as it leaves the platform (contracts §5): the contract's fields first,
 * then the explanation (baseline, path, growth, forecasts, reason, series) that makes each number
 * traceable.
 */
export function presentTargetEvaluation(target: TargetEvaluation, indicator?: Pick<Indicator, 'unit' | 'quality'>, options: PresentOptions = {}): TargetEvaluationAnswer {
  // Counts are whole in display: the path (序时进度) as the whole number of things needed to be on it, forecasts half up.
  const whole = indicator !== undefined && isWholeCount(indicator);
  const decreasing = target.comparator === '<=' || target.comparator === '<';
  const pathValue = target.path_value === null || !whole ? target.path_value : wholeCount(target.path_value, decreasing ? Decimal.ROUND_FLOOR : Decimal.ROUND_CEIL);
  const forecast = (value: number | null) => (value === null || !whole ? value : wholeCount(value, Decimal.ROUND_HALF_UP));
  return {
    indicator: target.indicator,
    comparator: target.comparator,
    target: target.target,
    year: target.year,
    value: target.value,
    period: target.period,
    status: target.status,
    progress: target.progress === null ? null : Number(target.progress.toFixed(4)),
    target_id: target.target_id,
    clause: target.clause,
    text: target.text,
    qualifier: target.qualifier,
    kind: target.kind,
    source: target.source,
    ...(target.benchmark ? { benchmark: target.benchmark } : {}),
    baseline: target.baseline,
    path_value: pathValue,
    growth: target.growth,
    forecast: { ...target.forecast, linear: forecast(target.forecast.linear), compound: forecast(target.forecast.compound) },
    reason: target.reason,
    series: target.series,
    target_basis: target.target_basis ?? 'own',
    // Who set an area's target is a username: only for those who may set targets or approve values (conventions: no usernames in public answers).
    target_source: target.target_source ? { ...target.target_source, set_by: options.showSetBy ? target.target_source.set_by : null } : null,
    comparison: target.comparison ?? null,
    supplier: target.supplier ?? null,
  };
}

export interface PresentOptions {
  /** Show who set an area's target (a username); false for the public and for roles that neither set targets nor approve values. */
  showSetBy?: boolean;
}

/** An indicator of whole things (家, 个, 件): its derived figures are shown whole. */
export function isWholeCount(indicator: Pick<Indicator, 'unit' | 'quality'>): boolean {
  const bounds = boundsOf(indicator);
  return bounds.valueType === 'count' && bounds.decimals === 0;
}

function wholeCount(value: number, rounding: Decimal.Rounding): number {
  return new Decimal(value).toDecimalPlaces(0, rounding).toNumber();
}

/** The evaluation in the shape of contracts §5 (the CLI's `evaluate --json`). */
export function presentEvaluation(evaluation: PackEvaluation, pack?: PolicyPack, options: PresentOptions = {}): Pick<PackEvaluationAnswer, 'pack' | 'org' | 'as_of' | 'targets'> {
  const indicatorOf = (code: string) => pack?.indicators.find((indicator) => indicator.code === code);
  return { pack: evaluation.pack, org: evaluation.org, as_of: evaluation.as_of, targets: evaluation.targets.map((target) => presentTargetEvaluation(target, indicatorOf(target.indicator), options)) };
}

/** The evaluation as the web shows it: §5, with the area's name, the pack's indicators and the status rules. */
export function presentPackEvaluation(pack: PolicyPack, tree: AreaTree, evaluation: PackEvaluation, options: PresentOptions = {}): PackEvaluationAnswer {
  return {
    ...presentEvaluation(evaluation, pack, options),
    org_name: tree.find(evaluation.org)?.name ?? evaluation.org,
    indicators: pack.indicators.map(presentIndicatorSummary),
    status_rules: [...statusRuleText],
  };
}
