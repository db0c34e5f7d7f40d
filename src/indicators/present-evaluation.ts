import type { AreaTree } from '../areas/index.ts';
import type { PolicyPack } from '../policy/index.ts';
import type { PackEvaluation as PackEvaluationAnswer, TargetEvaluation as TargetEvaluationAnswer } from './indicator-contract.ts';
import type { PackEvaluation } from './evaluate-pack.ts';
import type { TargetEvaluation } from './evaluate-target.ts';
import { presentIndicatorSummary } from './present-indicator.ts';
import { statusRuleText } from './target-status.ts';

/**
 * One target's evaluation as it leaves the platform (contracts §5): the contract's fields first,
 * then the explanation (baseline, path, growth, forecasts, reason, series) that makes each number
 * traceable.
 */
export function presentTargetEvaluation(target: TargetEvaluation): TargetEvaluationAnswer {
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
    path_value: target.path_value,
    growth: target.growth,
    forecast: target.forecast,
    reason: target.reason,
    series: target.series,
  };
}

/** The evaluation in the shape of contracts §5 (the CLI's `evaluate --json`). */
export function presentEvaluation(evaluation: PackEvaluation): Pick<PackEvaluationAnswer, 'pack' | 'org' | 'as_of' | 'targets'> {
  return { pack: evaluation.pack, org: evaluation.org, as_of: evaluation.as_of, targets: evaluation.targets.map(presentTargetEvaluation) };
}

/** The evaluation as the web shows it: §5, with the area's name, the pack's indicators and the status rules. */
export function presentPackEvaluation(pack: PolicyPack, tree: AreaTree, evaluation: PackEvaluation): PackEvaluationAnswer {
  return {
    ...presentEvaluation(evaluation),
    org_name: tree.find(evaluation.org)?.name ?? evaluation.org,
    indicators: pack.indicators.map(presentIndicatorSummary),
    status_rules: [...statusRuleText],
  };
}
