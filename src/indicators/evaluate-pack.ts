import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { readFormulaInputs } from '../policy/index.ts';
import type { PolicyPack } from '../policy/index.ts';
import { notFound } from '../shared/index.ts';
import { evaluateTarget, type TargetEvaluation } from './evaluate-target.ts';
import { IndicatorCalculator } from './indicator-calculator.ts';
import { findApprovedValues, findLeafSums } from './value-repository.ts';

/** The indicator codes a set of codes needs: themselves and, through formulas, their inputs. */
export function withFormulaInputs(pack: PolicyPack, codes: Iterable<string>): string[] {
  const byCode = new Map(pack.indicators.map((indicator) => [indicator.code, indicator]));
  const result = new Set<string>();
  const visit = (code: string) => {
    if (result.has(code)) return;
    result.add(code);
    const formula = byCode.get(code)?.formula;
    const inputs = formula ? readFormulaInputs(formula) : undefined;
    if (inputs?.ok) for (const name of inputs.inputs) visit(name);
  };
  for (const code of codes) visit(code);
  return [...result];
}

/**
 * A calculator loaded with what an area's value needs: the stored values of the area, of every
 * area between it and the leaves, and of the benchmarks; the leaves themselves arrive as sums
 * per parent, added up by the database. `withChildrenOf` also loads one area's children one by
 * one (the drill-down table shows each of them).
 */
export async function loadCalculator(
  db: DatabaseOrTransaction,
  pack: PolicyPack,
  tree: AreaTree,
  org: string,
  codes: Iterable<string>,
  extraOrgs: readonly string[] = [],
  options: { withChildrenOf?: string } = {},
): Promise<IndicatorCalculator> {
  const indicators = withFormulaInputs(pack, codes);
  const subtree = tree.subtreeOf(org);
  const isLeaf = (code: string) => tree.childrenOf(code).length === 0;
  // A parent whose children are all leaves gets its children's sums from the database.
  const summedParents = subtree.filter((area) => !isLeaf(area.code) && tree.childrenOf(area.code).every((child) => isLeaf(child.code)) && area.code !== options.withChildrenOf);
  const summed = new Set(summedParents.map((area) => area.code));
  const storedOrgs = subtree.filter((area) => !(area.parentCode !== null && summed.has(area.parentCode) && isLeaf(area.code)) || area.code === org).map((area) => area.code);
  const [values, sums] = await Promise.all([
    findApprovedValues(db, { orgs: [...new Set([...storedOrgs, ...extraOrgs])], indicators }),
    findLeafSums(db, summedParents.flatMap((parent) => tree.childrenOf(parent.code).map((child) => ({ org: child.code, parent: parent.code }))), indicators),
  ]);
  return new IndicatorCalculator(pack.indicators, tree, values, { parents: summed, sums });
}

export interface PackEvaluation {
  pack: string;
  org: string;
  as_of: number;
  targets: TargetEvaluation[];
}

/**
 * Every target of a pack for one area as of a year (contracts §5): the area's values roll up
 * from its subtree; benchmark targets read the benchmark area too.
 */
export async function evaluatePack(db: DatabaseOrTransaction, pack: PolicyPack, tree: AreaTree, options: { org?: string; asOf?: number }): Promise<PackEvaluation> {
  const org = options.org ?? pack.metadata.region;
  if (!tree.has(org)) throw notFound('行政区划', 'Area', org);
  const asOf = options.asOf ?? Number((pack.metadata.expires ?? pack.metadata.effective).slice(0, 4));
  const benchmarks = [...new Set(pack.targets.flatMap((target) => (target.benchmark_org ? [target.benchmark_org] : [])))];
  const calculator = await loadCalculator(db, pack, tree, org, pack.targets.map((target) => target.indicator), benchmarks);
  return { pack: pack.metadata.id, org, as_of: asOf, targets: pack.targets.map((target) => evaluateTarget({ ...target, org }, org, asOf, calculator)) };
}
