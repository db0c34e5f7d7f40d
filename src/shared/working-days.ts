import { calendarDateOfUtcMidnight } from './clock.ts';

/**
 * Working days: Monday to Friday in Beijing time, on Beijing calendar dates (`YYYY-MM-DD`).
 * Statutory holidays and the weekend days worked in their place (调休) are NOT modelled. The
 * award notices' 公示期 and the 督办单 escalation count them.
 */

function checkDate(date: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(new Date(`${date}T00:00:00Z`).getTime()) || calendarDateOfUtcMidnight(new Date(`${date}T00:00:00Z`)) !== date) {
    throw new RangeError(`not a date: ${date}`);
  }
}

function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return calendarDateOfUtcMidnight(next);
}

export function isWorkingDay(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

function stepWorkingDays(start: string, days: number, direction: 1 | -1): string {
  checkDate(start);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`not a whole number of days: ${days}`);
  let date = start;
  for (let counted = 0; counted < days; ) {
    date = addDays(date, direction);
    if (isWorkingDay(date)) counted += 1;
  }
  return date;
}

/** The date `days` working days after `start` (not counting `start`): Friday + 1 → Monday. */
export function addWorkingDays(start: string, days: number): string {
  return stepWorkingDays(start, days, 1);
}

/** The date `days` working days before `start` (not counting `start`): Monday − 1 → Friday. */
export function subtractWorkingDays(start: string, days: number): string {
  return stepWorkingDays(start, days, -1);
}
