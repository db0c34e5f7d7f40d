import type { PackEvaluation } from './evaluate-pack.ts';

/**
 * The evaluation as it leaves the platform (contracts §5): the contract's fields first, then the
 * explanation (baseline, path, growth, forecasts, reason, series) that makes each number traceable.
 */
export function presentEvaluation(evaluation: PackEvaluation) {
  return {
    pack: evaluation.pack,
    org: evaluation.org,
    as_of: evaluation.as_of,
    targets: evaluation.targets.map((target) => ({
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
    })),
  };
}
