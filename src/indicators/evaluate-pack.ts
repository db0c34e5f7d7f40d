import type { AreaTree } from '../areas/area-tree.ts';
import type { DatabaseOrTransaction } from '../db/open-database.ts';
import { readFormulaInputs } from '../policy/formula.ts';
import type { PolicyPack } from '../policy/pack-schema.ts';
import { notFound } from '../shared/app-error.ts';
import { evaluateTarget, type TargetEvaluation } from './evaluate-target.ts';
import { IndicatorCalculator } from './indicator-calculator.ts';
import { findApprovedValues } from './value-repository.ts';

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

/** A calculator loaded with the approved values an area's subtree (and the benchmarks) need. */
export async function loadCalculator(db: DatabaseOrTransaction, pack: PolicyPack, tree: AreaTree, org: string, codes: Iterable<string>, extraOrgs: readonly string[] = []): Promise<IndicatorCalculator> {
  const orgs = [...tree.subtreeOf(org).map((area) => area.code), ...extraOrgs];
  const values = await findApprovedValues(db, { orgs, indicators: withFormulaInputs(pack, codes) });
  return new IndicatorCalculator(pack.indicators, tree, values);
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
