/**
 * Times and "this year" as the platform counts them: Beijing time (Asia/Shanghai), whatever the
 * reader's own time zone, like the server's src/shared/clock.ts. Label shown times 北京时间.
 */
const beijing = 'Asia/Shanghai';

const timeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: beijing,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function partsOf(instant: Date): Record<string, string> {
  return Object.fromEntries(timeParts.formatToParts(instant).map((part) => [part.type, part.value]));
}

/** An instant (ISO 8601) as Beijing time, `YYYY-MM-DD HH:mm:ss`; the text itself when it is no time. */
export function formatBeijingTime(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const parts = partsOf(date);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The calendar year in Beijing at `now`: at 07:00 on 1 January in Beijing it is the new year, even in London. */
export function beijingYear(now: Date = new Date()): number {
  return Number(partsOf(now).year);
}
