import { languageTag, type Language } from './language.ts';

/** An ISO date (2022-02-27) as each language writes it: 2022年2月27日 / February 27, 2022. */
export function formatDate(isoDate: string, language: Language): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  // UTC on both sides: a calendar date must not shift with the reader's time zone.
  return new Intl.DateTimeFormat(languageTag(language), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/**
 * Times shown to people are Beijing time (Asia/Shanghai), whatever the reader's computer is set
 * to: the platform's deadlines, logs and records are kept in Beijing time. Label them 北京时间.
 */
export const displayTimeZone = 'Asia/Shanghai';

/** An instant (ISO 8601) in Beijing time: 2025/03/01 14:05:09 / Mar 01, 2025, 14:05:09. */
export function formatDateTime(instant: string, language: Language): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(languageTag(language), {
    year: 'numeric',
    month: language === 'zh' ? '2-digit' : 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: displayTimeZone,
  }).format(date);
}
