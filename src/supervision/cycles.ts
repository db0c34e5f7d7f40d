import { AppError } from '../shared/index.ts';
import type { CycleFrequency } from './supervision-vocabulary.ts';

/**
 * Reporting cycles (a pure module: Beijing dates in, Beijing dates out). A cycle is a period of
 * the measure's frequency — `2026-M03`, `2026-Q1`, `2026-H1`, `2026` — that opens on the period's
 * first day and is due on day `dueDay` (default 10) of the month after the period ends.
 *
 * The **current cycle** on a date is the earliest cycle that has opened and is not yet past due:
 * on 5 January 2027 a quarterly measure's current cycle is 2026-Q4 (due 10 January), on
 * 11 January it is 2027-Q1.
 */
export interface CycleDates {
  period: string;
  period_label: string;
  /** The same in English: Q1 2026, March 2026, H1 2026, 2026. */
  period_label_en: string;
  frequency: CycleFrequency;
  /** First day of the period. */
  starts_on: string;
  /** Last day of the period. */
  ends_on: string;
  opens_on: string;
  due_on: string;
}

const monthsPer: Record<CycleFrequency, number> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };
const quarterNames = ['一', '二', '三', '四'];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The frequency a period key belongs to, or undefined when it is not one. */
export function frequencyOfPeriod(period: string): CycleFrequency | undefined {
  if (/^\d{4}$/.test(period)) return 'yearly';
  if (/^\d{4}-M(0[1-9]|1[0-2])$/.test(period)) return 'monthly';
  if (/^\d{4}-Q[1-4]$/.test(period)) return 'quarterly';
  if (/^\d{4}-H[12]$/.test(period)) return 'half_yearly';
  return undefined;
}

/** Index (0-based) of the period in its year, and the year. */
function parsePeriod(period: string): { year: number; frequency: CycleFrequency; index: number } {
  const frequency = frequencyOfPeriod(period);
  if (!frequency) throw new AppError('bad_request', `期间“${period}”不是有效的报送期（如 2026-Q1、2026-M03、2026-H1、2026）`, `"${period}" is not a reporting period (e.g. 2026-Q1, 2026-M03, 2026-H1, 2026)`, [{ field: 'period', message: '期间格式无效', message_en: 'invalid period' }]);
  const year = Number(period.slice(0, 4));
  const index = frequency === 'yearly' ? 0 : Number(period.slice(6)) - 1;
  return { year, frequency, index };
}

function periodKey(frequency: CycleFrequency, year: number, index: number): string {
  switch (frequency) {
    case 'monthly':
      return `${year}-M${pad(index + 1)}`;
    case 'quarterly':
      return `${year}-Q${index + 1}`;
    case 'half_yearly':
      return `${year}-H${index + 1}`;
    case 'yearly':
      return String(year);
  }
}

export function periodLabel(period: string): string {
  const { year, frequency, index } = parsePeriod(period);
  switch (frequency) {
    case 'monthly':
      return `${year}年${index + 1}月`;
    case 'quarterly':
      return `${year}年第${quarterNames[index]}季度`;
    case 'half_yearly':
      return `${year}年${index === 0 ? '上' : '下'}半年`;
    case 'yearly':
      return `${year}年`;
  }
}

const monthNamesEn = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A period key in English: Q1 2026, March 2026, H1 2026, 2026. */
export function periodLabelEn(period: string): string {
  const { year, frequency, index } = parsePeriod(period);
  switch (frequency) {
    case 'monthly':
      return `${monthNamesEn[index]} ${year}`;
    case 'quarterly':
      return `Q${index + 1} ${year}`;
    case 'half_yearly':
      return `H${index + 1} ${year}`;
    case 'yearly':
      return String(year);
  }
}

/** The cycle of a period key, due on `dueDay` of the month after the period ends. */
export function cycleOf(period: string, dueDay = 10): CycleDates {
  const { year, frequency, index } = parsePeriod(period);
  const months = monthsPer[frequency];
  const firstMonth = index * months + 1;
  const lastMonth = firstMonth + months - 1;
  const dueYear = lastMonth === 12 ? year + 1 : year;
  const dueMonth = lastMonth === 12 ? 1 : lastMonth + 1;
  const startsOn = `${year}-${pad(firstMonth)}-01`;
  return {
    period,
    period_label: periodLabel(period),
    period_label_en: periodLabelEn(period),
    frequency,
    starts_on: startsOn,
    ends_on: `${year}-${pad(lastMonth)}-${pad(lastDayOfMonth(year, lastMonth))}`,
    opens_on: startsOn,
    due_on: `${dueYear}-${pad(dueMonth)}-${pad(dueDay)}`,
  };
}

/** The period of `frequency` that contains the date. */
export function periodContaining(frequency: CycleFrequency, date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return periodKey(frequency, year, Math.floor((month - 1) / monthsPer[frequency]));
}

export function previousPeriod(period: string): string {
  const { year, frequency, index } = parsePeriod(period);
  const perYear = 12 / monthsPer[frequency];
  return index === 0 ? periodKey(frequency, year - 1, perYear - 1) : periodKey(frequency, year, index - 1);
}

export function nextPeriod(period: string): string {
  const { year, frequency, index } = parsePeriod(period);
  const perYear = 12 / monthsPer[frequency];
  return index === perYear - 1 ? periodKey(frequency, year + 1, 0) : periodKey(frequency, year, index + 1);
}

/** The earliest cycle that has opened by `today` and is not yet past due. */
export function currentCycle(frequency: CycleFrequency, today: string, dueDay = 10): CycleDates {
  const containing = periodContaining(frequency, today);
  const before = cycleOf(previousPeriod(containing), dueDay);
  return today <= before.due_on ? before : cycleOf(containing, dueDay);
}

/** Every cycle of the frequency that opens in [from, through] (Beijing dates), in order. */
export function cyclesBetween(frequency: CycleFrequency, from: string, through: string, dueDay = 10): CycleDates[] {
  const result: CycleDates[] = [];
  let period = periodContaining(frequency, from);
  if (cycleOf(period, dueDay).opens_on < from) period = nextPeriod(period);
  for (;;) {
    const cycle = cycleOf(period, dueDay);
    if (cycle.opens_on > through) return result;
    result.push(cycle);
    period = nextPeriod(period);
  }
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  const value = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
}
