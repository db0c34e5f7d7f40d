import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { Decimal } from 'decimal.js';
import { findTargetSupplier, readFormulaInputs } from '../policy/index.ts';
import type { PolicyPack, Target } from '../policy/index.ts';
import { notFound } from '../shared/index.ts';
import { findAreaTargetRows } from './area-target-repository.ts';
import { evaluateTarget, type AreaComparison, type TargetEvaluation, type TargetSource } from './evaluate-target.ts';
import { ownTargetOf } from './own-targets.ts';
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
 * from its subtree; benchmark targets read the benchmark area too. The pack's region is judged
 * against the pack's targets; any other area only against its own (the coordinator's area
 * targets, else the pack's breakdown), and otherwise shown beside the region (its share of an
 * additive figure) and its sibling areas (its rank), never judged against the regional target.
 */
export async function evaluatePack(db: DatabaseOrTransaction, pack: PolicyPack, tree: AreaTree, options: { org?: string; asOf?: number }): Promise<PackEvaluation> {
  const region = pack.metadata.region;
  const org = options.org ?? region;
  if (!tree.has(org)) throw notFound('行政区划', 'Area', org);
  const asOf = options.asOf ?? Number((pack.metadata.expires ?? pack.metadata.effective).slice(0, 4));
  const benchmarks = [...new Set(pack.targets.flatMap((target) => (target.benchmark_org ? [target.benchmark_org] : [])))];
  const codes = pack.targets.map((target) => target.indicator);
  const parent = tree.find(org)?.parentCode ?? null;
  // An area of the region is read from the region down, with its siblings one by one: its share and rank need them.
  const withinRegion = org !== region && parent !== null && tree.isWithinArea(org, region);
  const [calculator, rows] = await Promise.all([
    withinRegion ? loadCalculator(db, pack, tree, region, codes, benchmarks, { withChildrenOf: parent }) : loadCalculator(db, pack, tree, org, codes, benchmarks),
    org === region ? Promise.resolve([]) : findAreaTargetRows(db, pack.metadata.id),
  ]);
  const targets = pack.targets.map((target): TargetEvaluation => {
    const own = ownTargetOf(pack, target, org, rows);
    const supplier = findTargetSupplier(pack, target);
    const supplied = { supplier: supplier ? { unit_id: supplier.unit.id, name: supplier.unit.name, short_name: supplier.unit.short_name, via: supplier.via } : null };
    if (own === 'region') {
      const source: TargetSource = { kind: 'pack', clause: target.clause, text: target.text, set_by: null, set_at: null, note: null };
      return { ...evaluateTarget({ ...target, org }, org, asOf, calculator), target_source: source, comparison: null, ...supplied };
    }
    const evaluation =
      own === undefined
        ? evaluateTarget({ ...target, org }, org, asOf, calculator, { basis: 'none' })
        : // The region's baseline value is not the area's: the area's own value of the baseline year stands in.
          evaluateTarget({ ...target, org, value: own.value, ...(target.baseline ? { baseline: { year: target.baseline.year } } : {}) }, org, asOf, calculator);
    const comparison = withinRegion ? compareWithRegion(pack, tree, calculator, target, org, region, evaluation.period) : null;
    return { ...evaluation, target_source: own === undefined ? null : own.source, comparison, ...supplied };
  });
  return { pack: pack.metadata.id, org, as_of: asOf, targets };
}

/**
 * The area beside its region and its siblings in one period (its latest value's): its share of
 * the region's figure for additive indicators, and its rank among the areas of the same parent
 * that have a value then (the higher the better, unless the target caps the value).
 */
function compareWithRegion(pack: PolicyPack, tree: AreaTree, calculator: IndicatorCalculator, target: Target, org: string, region: string, period: string | null): AreaComparison {
  const indicator = pack.indicators.find((candidate) => candidate.code === target.indicator);
  const additive = indicator?.aggregation === 'sum';
  const regionName = tree.find(region)?.name ?? region;
  if (period === null) return { region: { org: region, name: regionName, value: null, period: null }, share_of_region: null, share_meaningful: additive, rank: null, rank_of: null };
  const regionValue = calculator.valueAt(target.indicator, region, period).value;
  const own = calculator.valueAt(target.indicator, org, period).value;
  const share = additive && own !== null && regionValue !== null && regionValue > 0 ? Number(new Decimal(own).div(regionValue).toDecimalPlaces(6)) : null;
  const parent = tree.find(org)?.parentCode;
  const siblings = parent ? tree.childrenOf(parent).map((area) => calculator.valueAt(target.indicator, area.code, period).value).filter((value): value is number => value !== null) : [];
  const lowerIsBetter = target.comparator === '<=' || target.comparator === '<';
  const rank = own === null ? null : 1 + siblings.filter((value) => (lowerIsBetter ? value < own : value > own)).length;
  return { region: { org: region, name: regionName, value: regionValue, period }, share_of_region: share, share_meaningful: additive, rank, rank_of: own === null ? null : siblings.length };
}
