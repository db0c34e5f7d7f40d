import type { AreaTree } from '../areas/area-tree.ts';
import type { DatabaseOrTransaction } from '../db/open-database.ts';
import type { PolicyPack } from '../policy/pack-schema.ts';
import { notFound } from '../shared/app-error.ts';
import { loadCalculator } from './evaluate-pack.ts';

/**
 * An indicator for one area and each of its child areas in one period (the drill-down table
 * region → city → county); the latest period with data when none is asked for.
 */
export async function findAreaBreakdown(db: DatabaseOrTransaction, pack: PolicyPack, tree: AreaTree, code: string, options: { parent?: string | undefined; period?: string | undefined }) {
  const indicator = pack.indicators.find((candidate) => candidate.code === code);
  if (!indicator) throw notFound('指标', 'Indicator', code);
  const parent = options.parent ?? pack.metadata.region;
  if (!tree.has(parent)) throw notFound('行政区划', 'Area', parent);
  const calculator = await loadCalculator(db, pack, tree, parent, [indicator.code], [], { withChildrenOf: parent });
  const periods = calculator.periodsOf(indicator.code);
  const period = options.period ?? periods.at(-1) ?? String(new Date().getFullYear() - 1);
  const row = (org: string) => ({ ...calculator.valueAt(indicator.code, org, period), name: tree.find(org)?.name ?? org, level: tree.find(org)?.level, has_children: tree.childrenOf(org).length > 0 });
  return {
    indicator: { ...indicator, formula: indicator.formula ?? null },
    period,
    periods,
    parent: row(parent),
    ancestors: tree.ancestorsOf(parent).slice(1).reverse().map((ancestor) => ({ org: ancestor.code, name: ancestor.name })),
    children: tree.childrenOf(parent).map((child) => row(child.code)),
  };
}
