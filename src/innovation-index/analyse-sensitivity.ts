import { mulberry32 } from '../shared/index.ts';
import { aggregateTree, type TreePlan } from './aggregate-tree.ts';
import type { AggregateMethod, IndexUnit, SensitivityResult } from './index-model.ts';
import { rankScores } from './rank-scores.ts';

function withWeights(plan: TreePlan, indicatorWeight: (indicator: number, weight: number) => number, nodeWeight: (node: number, weight: number) => number): TreePlan {
  return {
    ...plan,
    nodeIndicatorWeights: plan.nodeIndicatorWeights.map((weights, node) => weights.map((weight, c) => indicatorWeight(plan.nodeIndicators[node]?.[c] ?? -1, weight))),
    childNodeWeights: plan.childNodeWeights.map((weights, node) => weights.map((weight, c) => nodeWeight(plan.childNodes[node]?.[c] ?? -1, weight))),
  };
}

/**
 * Robustness of one year's ranks: the ranks with each indicator dropped (its weight 0 everywhere),
 * and over `runs` seeded perturbations where every weight (indicators' and nodes') is multiplied
 * by U(1 − spread, 1 + spread) (mulberry32(seed)), each unit's baseline rank, min, max and median.
 */
export function analyseSensitivity(
  normalised: Float64Array,
  k: number,
  plan: TreePlan,
  method: AggregateMethod,
  yearRows: Int32Array,
  options: {
    year: number;
    codes: readonly string[];
    units: readonly IndexUnit[];
    baseline: readonly (number | null)[];
    /** Units (by position in `yearRows`) left out of the ranks: the reference units. */
    unranked?: readonly boolean[];
    weight_spread: number;
    runs: number;
    seed: number;
  },
): SensitivityResult {
  const count = plan.nodes.length;
  // The year's rows alone, contiguous: each variant aggregates only them.
  const year = new Float64Array(yearRows.length * k);
  yearRows.forEach((row, position) => year.set(normalised.subarray(row * k, (row + 1) * k), position * k));
  const positions = Int32Array.from(yearRows, (_, position) => position);
  const scores = new Float64Array(yearRows.length);
  const rankRoot = (variant: TreePlan): (number | null)[] => {
    const nodeScores = aggregateTree(year, k, variant, method);
    for (let position = 0; position < scores.length; position += 1) scores[position] = options.unranked?.[position] ? Number.NaN : (nodeScores[position * count] as number);
    return rankScores(scores, [positions]);
  };
  const dropped = options.codes.map((code, j) => ({
    indicator: code,
    ranks: rankRoot(
      withWeights(
        plan,
        (indicator, weight) => (indicator === j ? 0 : weight),
        (_, weight) => weight,
      ),
    ),
  }));
  const random = mulberry32(options.seed);
  const spread = options.weight_spread;
  const runs: (number | null)[][] = [];
  for (let run = 0; run < options.runs; run += 1) {
    runs.push(
      rankRoot(
        withWeights(
          plan,
          (_, weight) => weight * (1 - spread + 2 * spread * random()),
          (_, weight) => weight * (1 - spread + 2 * spread * random()),
        ),
      ),
    );
  }
  const perturbed = Array.from(yearRows, (_, position) => {
    const ranks = runs.map((ranksOfRun) => ranksOfRun[position]).filter((rank): rank is number => rank !== null && rank !== undefined);
    ranks.sort((a, b) => a - b);
    const middle = ranks.length >> 1;
    const median = ranks.length === 0 ? null : ranks.length % 2 === 1 ? (ranks[middle] ?? null) : ((ranks[middle - 1] ?? 0) + (ranks[middle] ?? 0)) / 2;
    return { unit: options.units[position]?.code ?? '', rank: options.baseline[position] ?? null, min: ranks[0] ?? null, max: ranks.at(-1) ?? null, median };
  });
  return { year: options.year, dropped, perturbed };
}
