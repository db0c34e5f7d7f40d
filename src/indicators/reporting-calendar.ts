import type { Actor, PermissionTable } from '../accounts/index.ts';
import { findAreaTree, type AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { findPacks, indicatorsOf, type Indicator } from '../policy/index.ts';
import { today } from '../shared/index.ts';
import type { CalendarItem, ReportingCalendar } from './indicator-contract.ts';
import type { PeriodType } from './period.ts';
import { findValueStatuses } from './value-repository.ts';
import { valueScopeOf } from './value-scope.ts';

/**
 * The reporting calendar: when each period's value of an indicator is due. A period's value is
 * due by the last day of the `due_months_after`-th month after the period ends (the indicator's
 * parameter in the pack; default 3 for years — 2024's value by 2025-03-31 — and 1 for quarters
 * and months). Dates are Beijing dates (`today(now)` of the injected clock).
 */
export const defaultDueMonthsAfter: Record<PeriodType, number> = { year: 3, quarter: 1, month: 1 };

/** The period now being reported (the latest that has ended before `date`), and its due date. */
export function reportingPeriodOf(periodType: PeriodType, date: string, dueMonthsAfter = defaultDueMonthsAfter[periodType]): { period: string; dueDate: string } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (periodType === 'year') return { period: String(year - 1), dueDate: lastDayOfMonthAfter(year - 1, 12, dueMonthsAfter) };
  if (periodType === 'quarter') {
    const quarter = Math.floor((month - 1) / 3); // the quarter before the current one, 0 for "last year's Q4"
    const [periodYear, periodQuarter] = quarter === 0 ? [year - 1, 4] : [year, quarter];
    return { period: `${periodYear}Q${periodQuarter}`, dueDate: lastDayOfMonthAfter(periodYear, periodQuarter * 3, dueMonthsAfter) };
  }
  const [periodYear, periodMonth] = month === 1 ? [year - 1, 12] : [year, month - 1];
  return { period: `${periodYear}-${String(periodMonth).padStart(2, '0')}`, dueDate: lastDayOfMonthAfter(periodYear, periodMonth, dueMonthsAfter) };
}

/** The last day (YYYY-MM-DD) of the month `after` months after (year, month); month 1–12. */
function lastDayOfMonthAfter(year: number, month: number, after: number): string {
  const index = year * 12 + (month - 1) + after;
  const dueYear = Math.floor(index / 12);
  const dueMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(dueYear, dueMonth, 0)).getUTCDate();
  return `${dueYear}-${String(dueMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}

/**
 * What the caller's areas still owe: for each indicator that is entered (not derived) and each of
 * the caller's areas — an area role's area and its direct children, the whole region for the
 * coordinator — the period now being reported when its value is not yet submitted (none, a draft
 * or a returned one): `due` until its due date, `late` after it.
 */
export async function findReportingCalendar(db: DatabaseOrTransaction, options: { actor: Actor; permissions: PermissionTable; now: Date }): Promise<ReportingCalendar> {
  const date = today(options.now);
  const [tree, packs] = await Promise.all([findAreaTree(db), findPacks(db)]);
  if (!options.permissions.holds(options.actor, 'indicators.enter')) return { today: date, items: [] };
  const scope = valueScopeOf(options.permissions.dataScopeOf(options.actor, 'indicators.enter'), tree);
  const orgs = calendarAreasOf(tree, scope.kind === 'all' ? null : options.actor.orgCode ?? null);
  const indicators = uniqueEntered(indicatorsOf(packs));
  const periods = indicators.map((indicator) => ({ indicator, ...reportingPeriodOf(indicator.period_type, date, indicator.due_months_after) }));
  const statuses = await findValueStatuses(db, scope, orgs, [...new Set(periods.map((entry) => entry.period))]);
  const statusOf = new Map(statuses.map((row) => [`${row.indicator}|${row.org}|${row.period}`, row.status]));
  const items: CalendarItem[] = [];
  for (const org of orgs) {
    for (const { indicator, period, dueDate } of periods) {
      const status = statusOf.get(`${indicator.code}|${org}|${period}`) ?? null;
      if (status === 'submitted' || status === 'approved') continue;
      items.push({ indicator: indicator.code, indicator_name: indicator.name, org, org_name: tree.find(org)?.name ?? org, period, due_date: dueDate, state: date > dueDate ? 'late' : 'due', status });
    }
  }
  items.sort((a, b) => a.due_date.localeCompare(b.due_date) || a.org.localeCompare(b.org) || a.indicator.localeCompare(b.indicator));
  return { today: date, items };
}

/** An area role's area and its direct children; for the region-wide roles, the region. */
function calendarAreasOf(tree: AreaTree, orgCode: string | null): string[] {
  if (orgCode === null) return tree.atLevel('province').map((area) => area.code);
  if (!tree.has(orgCode)) return [];
  return [orgCode, ...tree.childrenOf(orgCode).map((area) => area.code)];
}

function uniqueEntered(indicators: readonly Indicator[]): Indicator[] {
  const seen = new Set<string>();
  return indicators.filter((indicator) => indicator.formula === undefined && !seen.has(indicator.code) && seen.add(indicator.code));
}
