/**
 * The one clock module. The platform runs for a Chinese government: "today", a year and every
 * time shown to a person are Beijing time (Asia/Shanghai, UTC+8 all year), whatever the server's
 * time zone. Callers pass the injected clock's `now()`; nothing here reads the system clock.
 */
export const beijingTimeZone = 'Asia/Shanghai';

const dateParts = new Intl.DateTimeFormat('en-CA', { timeZone: beijingTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
const timeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: beijingTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function partsOf(format: Intl.DateTimeFormat, instant: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
}

/** The date in Beijing at `now`, as `YYYY-MM-DD`: a certificate that expired yesterday is expired at 00:30 Beijing time. */
export function today(now: Date): string {
  const parts = partsOf(dateParts, now);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The calendar year in Beijing at `now`. */
export function currentYear(now: Date): number {
  return Number(today(now).slice(0, 4));
}

/** A moment as Beijing time, `YYYY-MM-DD HH:mm:ss`, for people (exports, reports); label it 北京时间 where shown. */
export function formatBeijingTime(instant: Date): string {
  const parts = partsOf(timeParts, instant);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * The calendar date of a date-only value that a spreadsheet library holds as midnight UTC (an
 * ExcelJS date cell): its UTC date is the date that was typed, whatever the time zone.
 */
export function calendarDateOfUtcMidnight(value: Date): string {
  return `${String(value.getUTCFullYear()).padStart(4, '0')}-${String(value.getUTCMonth() + 1).padStart(2, '0')}-${String(value.getUTCDate()).padStart(2, '0')}`;
}
