import { calendarDateOfUtcMidnight } from '../shared/index.ts';

/**
 * Working days for notice periods (公示期): Monday to Friday in Beijing time. Statutory holidays
 * and the weekend days worked in their place (调休) are NOT modelled: a notice over 国庆节 or 春节
 * must be given a longer period by hand. Dates are Beijing calendar dates, `YYYY-MM-DD`.
 */

/** The day of the week of a calendar date (0 Sunday … 6 Saturday). */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return calendarDateOfUtcMidnight(next);
}

export function isWorkingDay(date: string): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

/**
 * The date `days` working days after `start` (not counting `start` itself): published on Friday
 * with 5 working days, the notice runs Monday to Friday and ends on the next Friday.
 */
export function addWorkingDays(start: string, days: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(new Date(`${start}T00:00:00Z`).getTime())) throw new RangeError(`not a date: ${start}`);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`not a whole number of days: ${days}`);
  let date = start;
  for (let counted = 0; counted < days; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) counted += 1;
  }
  return date;
}

/** The default notice period: five working days. */
export const defaultNoticeDays = 5;
