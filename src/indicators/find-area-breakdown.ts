import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { getPack } from '../policy/index.ts';
import { notFound, currentYear } from '../shared/index.ts';
import { loadCalculator } from './evaluate-pack.ts';
import type { AreaValue, IndicatorAreas } from './indicator-contract.ts';
import { presentIndicatorDefinition } from './present-indicator.ts';

/**
 * An indicator for one area and each of its child areas in one period (the drill-down table
 * region → city → county): the latest period with data when none is asked for, and without any
 * data last year (in Beijing, at `now`: this year's figures are published next year). 404 for
 * an unknown pack, indicator or area.
 */
export async function findAreaBreakdown(
  db: DatabaseOrTransaction,
  packId: string,
  code: string,
  options: { parent?: string | undefined; period?: string | undefined; now: Date },
): Promise<IndicatorAreas> {
  const pack = await getPack(db, packId);
  const indicator = pack.indicators.find((candidate) => candidate.code === code);
  if (!indicator) throw notFound('指标', 'Indicator', code);
  const tree = await findAreaTree(db);
  const parent = options.parent ?? pack.metadata.region;
  const parentArea = tree.find(parent);
  if (!parentArea) throw notFound('行政区划', 'Area', parent);
  const calculator = await loadCalculator(db, pack, tree, parent, [indicator.code], [], { withChildrenOf: parent });
  const periods = calculator.periodsOf(indicator.code);
  // The latest period in which the area itself has a value: a formula's inputs may reach a later one (turnover of 2024, GDP of 2023) that would show nothing.
  const latestWithValue = periods.findLast((candidate) => calculator.valueAt(indicator.code, parentArea.code, candidate).value !== null);
  const period = options.period ?? latestWithValue ?? periods.at(-1) ?? String(currentYear(options.now) - 1);
  const row = (area: { code: string; name: string; level: AreaValue['level'] }): AreaValue => ({
    ...calculator.valueAt(indicator.code, area.code, period),
    name: area.name,
    level: area.level,
    has_children: tree.childrenOf(area.code).length > 0,
  });
  return {
    indicator: presentIndicatorDefinition(indicator, pack.indicators),
    period,
    periods,
    parent: row(parentArea),
    ancestors: tree.ancestorsOf(parent).slice(1).reverse().map((ancestor) => ({ org: ancestor.code, name: ancestor.name })),
    children: tree.childrenOf(parent).map(row),
  };
}
