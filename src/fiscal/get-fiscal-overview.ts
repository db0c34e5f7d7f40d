import { Decimal } from 'decimal.js';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { numericParametersInForce } from '../incentives/index.ts';
import { noLedgerCostSources, type CostSources } from './cost-sources.ts';
import { areaNamesOf, costRulesOf, registerContextOf } from './evaluate-register.ts';
import type { FiscalCaller } from './fiscal-caller.ts';
import type { FiscalOverview, OverviewInput } from './fiscal-contract.ts';
import { forecastCost } from './forecast-cost.ts';

const zero = new Decimal(0);

/**
 * What the what-if form offers: the rules in force in the forecast year, then those in force only
 * in the overview's year (a pack that expires at the end of it), with the values of the first of
 * those years in which each is in force.
 */
function overridableIncentives(packs: Parameters<typeof costRulesOf>[0], years: readonly number[]): FiscalOverview['parameters'] {
  const seen = new Set<string>();
  const result: FiscalOverview['parameters'] = [];
  for (const year of years) {
    for (const rule of costRulesOf(packs, year, { qualifications: true })) {
      if (seen.has(rule.rule.incentive.id)) continue;
      seen.add(rule.rule.incentive.id);
      result.push({ incentive_id: rule.rule.incentive.id, incentive_title: rule.rule.incentive.title, pack_id: rule.packId, parameters: numericParametersInForce(rule.rule, year) });
    }
  }
  return result;
}

/**
 * The cost view (财政测算): by incentive and area, what was paid and approved in the year (from
 * the award ledger, through `sources`) and the forecast for the next year (the engine on the
 * registry's latest data, forecast-cost.ts). Rows of an area outside `org`'s subtree are left out.
 */
export async function getFiscalOverview(db: DatabaseOrTransaction, caller: FiscalCaller, input: OverviewInput, sources: CostSources = noLedgerCostSources): Promise<FiscalOverview> {
  caller.permissions.assertCan(caller.actor, 'fiscal.read');
  const context = await registerContextOf(db, caller, input.org);
  const forecastYear = input.year + 1;
  const [forecast, ledger] = await Promise.all([forecastCost(db, context, forecastYear), sources.paidAndApproved(db, input.year)]);
  const inScope = (area: string) => input.org === undefined || context.tree.isWithinArea(area, input.org);

  const titles = new Map<string, { title: string; packId: string }>();
  for (const pack of context.packs) for (const incentive of pack.incentives) if (!titles.has(incentive.id)) titles.set(incentive.id, { title: incentive.title, packId: pack.metadata.id });
  const incentiveOf = (id: string) => ({ incentive_id: id, incentive_title: titles.get(id)?.title ?? id, pack_id: titles.get(id)?.packId ?? '' });

  interface Cell {
    incentive: string;
    area: string;
    paid: Decimal;
    approved: Decimal;
    forecast: Decimal;
    eligible: number;
  }
  const cells = new Map<string, Cell>();
  const cellOf = (incentive: string, area: string) => {
    const key = `${incentive}|${area}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { incentive, area, paid: zero, approved: zero, forecast: zero, eligible: 0 }));
    return cell;
  };
  for (const row of ledger) {
    if (!inScope(row.area_code)) continue;
    const cell = cellOf(row.incentive_id, row.area_code);
    cell.paid = cell.paid.plus(row.paid);
    cell.approved = cell.approved.plus(row.approved);
  }
  for (const forecastCell of forecast.cells.values()) {
    const cell = cellOf(forecastCell.rule.rule.incentive.id, forecastCell.area);
    cell.forecast = cell.forecast.plus(forecastCell.amount.decimal);
    cell.eligible += forecastCell.eligible;
  }

  const order = new Map(forecast.rules.map((rule, index) => [rule.rule.incentive.id, index]));
  const sorted = [...cells.values()].sort((a, b) => (order.get(a.incentive) ?? 1e9) - (order.get(b.incentive) ?? 1e9) || a.incentive.localeCompare(b.incentive) || a.area.localeCompare(b.area));

  const incentiveIds = [...new Set([...forecast.rules.map((rule) => rule.rule.incentive.id), ...sorted.map((cell) => cell.incentive)])];
  const byIncentive = incentiveIds.map((id) => {
    const mine = sorted.filter((cell) => cell.incentive === id);
    const forecastCells = [...forecast.cells.values()].filter((cell) => cell.rule.rule.incentive.id === id);
    const sum = (pick: (cell: Cell) => Decimal) => mine.reduce((total, cell) => total.plus(pick(cell)), zero).toFixed(2);
    return {
      ...incentiveOf(id),
      paid: sum((cell) => cell.paid),
      approved: sum((cell) => cell.approved),
      forecast: sum((cell) => cell.forecast),
      forecast_eligible: forecastCells.reduce((total, cell) => total + cell.eligible, 0),
      forecast_cap_only: forecastCells.reduce((total, cell) => total + cell.capOnly, 0),
      forecast_needs_info: forecastCells.reduce((total, cell) => total + cell.needsInfo, 0),
    };
  });
  const areaCodes = [...new Set(sorted.map((cell) => cell.area))].sort();
  const byArea = areaCodes.map((code) => {
    const mine = sorted.filter((cell) => cell.area === code);
    const sum = (pick: (cell: Cell) => Decimal) => mine.reduce((total, cell) => total.plus(pick(cell)), zero).toFixed(2);
    return { ...areaNamesOf(context.tree, code), paid: sum((cell) => cell.paid), approved: sum((cell) => cell.approved), forecast: sum((cell) => cell.forecast) };
  });
  const total = (pick: (cell: Cell) => Decimal) => sorted.reduce((sum, cell) => sum.plus(pick(cell)), zero).toFixed(2);

  return {
    year: input.year,
    forecast_year: forecastYear,
    org: input.org ?? null,
    org_name: context.orgName,
    enterprises: forecast.enterprises,
    totals: { paid: total((cell) => cell.paid), approved: total((cell) => cell.approved), forecast: total((cell) => cell.forecast) },
    rows: sorted.map((cell) => ({ ...incentiveOf(cell.incentive), ...areaNamesOf(context.tree, cell.area), paid: cell.paid.toFixed(2), approved: cell.approved.toFixed(2), forecast: cell.forecast.toFixed(2), forecast_eligible: cell.eligible })),
    by_incentive: byIncentive,
    by_area: byArea,
    ledger_connected: sources !== noLedgerCostSources,
    parameters: overridableIncentives(context.packs, [forecastYear, input.year]),
  };
}
