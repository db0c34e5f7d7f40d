/** Periods: a year `2024`, a quarter `2024Q3` or a month `2024-07` (DESIGN §3). */
export type PeriodType = 'year' | 'quarter' | 'month';

export interface Period {
  text: string;
  type: PeriodType;
  year: number;
  /** Quarter 1–4 or month 1–12; 0 for a year. */
  part: number;
}

export function parsePeriod(text: string): Period | undefined {
  const trimmed = text.trim();
  let match = /^(\d{4})$/.exec(trimmed);
  if (match) return { text: trimmed, type: 'year', year: Number(match[1]), part: 0 };
  match = /^(\d{4})Q([1-4])$/.exec(trimmed);
  if (match) return { text: trimmed, type: 'quarter', year: Number(match[1]), part: Number(match[2]) };
  match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(trimmed);
  if (match) return { text: trimmed, type: 'month', year: Number(match[1]), part: Number(match[2]) };
  return undefined;
}

/** Orders periods of one type: earlier first. */
export function comparePeriods(a: Period, b: Period): number {
  return a.year - b.year || a.part - b.part;
}
