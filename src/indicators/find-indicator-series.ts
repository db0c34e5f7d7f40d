import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { getPack } from '../policy/index.ts';
import { notFound } from '../shared/index.ts';
import { evaluatePack, loadCalculator } from './evaluate-pack.ts';
import type { IndicatorSeries } from './indicator-contract.ts';
import { presentTargetEvaluation } from './present-evaluation.ts';
import { presentIndicatorDefinition, presentTargetSummary } from './present-indicator.ts';

/**
 * An indicator's values over time for one area (the pack's region unless named), beside its
 * benchmark's (全国 unless the target names another), with the target and its evaluation.
 * 404 for an unknown pack, indicator or area.
 */
export async function findIndicatorSeries(db: DatabaseOrTransaction, packId: string, code: string, options: { org?: string | undefined }): Promise<IndicatorSeries> {
  const pack = await getPack(db, packId);
  const indicator = pack.indicators.find((candidate) => candidate.code === code);
  if (!indicator) throw notFound('指标', 'Indicator', code);
  const tree = await findAreaTree(db);
  const org = options.org ?? pack.metadata.region;
  if (!tree.has(org)) throw notFound('行政区划', 'Area', org);
  const target = pack.targets.find((candidate) => candidate.indicator === indicator.code);
  const benchmarkOrg = target?.benchmark_org ?? '100000';
  const calculator = await loadCalculator(db, pack, tree, org, [indicator.code], [benchmarkOrg]);
  const evaluation = target ? (await evaluatePack(db, pack, tree, { org })).targets.find((item) => item.target_id === target.id) : undefined;
  return {
    indicator: presentIndicatorDefinition(indicator, pack.indicators),
    org,
    org_name: tree.find(org)?.name ?? org,
    series: calculator.series(indicator.code, org),
    benchmark: { org: benchmarkOrg, name: tree.find(benchmarkOrg)?.name ?? benchmarkOrg, series: calculator.series(indicator.code, benchmarkOrg) },
    target: target ? presentTargetSummary(target) : null,
    evaluation: evaluation ? presentTargetEvaluation(evaluation, indicator) : null,
  };
}
