import { languageTag, type Language } from './language.ts';

/** An ISO date (2022-02-27) as each language writes it: 2022年2月27日 / 27 February 2022. */
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

/** An instant (ISO 8601) in the reader's time zone: 2025/3/1 14:05:09 / 1 Mar 2025, 14:05:09. */
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
    hour12: false,
  }).format(date);
}
