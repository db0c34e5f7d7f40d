/**
 * The registry's dates as the platform counts them: in Beijing (Asia/Shanghai), whatever the
 * reader's time zone — the current year of a financial record, the time of a change.
 */
const beijingTimeZone = 'Asia/Shanghai';

/** The current year in Beijing (the browser's clock). */
export function beijingYear(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: beijingTimeZone, year: 'numeric' }).format(now));
}

/** An instant as Beijing time, YYYY-MM-DD HH:mm:ss (label it 北京时间 where shown). */
export function formatBeijingTime(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: beijingTimeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
