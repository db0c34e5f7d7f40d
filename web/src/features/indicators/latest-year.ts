/** What a year picker knows of the years with data: still asking, the answer, or a failure. */
export interface YearsWithDataState {
  status: 'pending' | 'success' | 'error';
  latest?: number | null | undefined;
}

/**
 * The year a picker opens on: the one in the address when there is one; otherwise the latest
 * year with published data, and only where nothing is published (or the question failed) the
 * fallback (last year). Undefined while the answer is awaited, so that no empty year is fetched
 * first and replaced.
 */
export function initialYear(requested: string | null | undefined, state: YearsWithDataState, fallback: number): number | undefined {
  if (requested !== null && requested !== undefined && /^\d{4}$/.test(requested)) return Number(requested);
  if (state.status === 'pending') return undefined;
  if (state.status === 'error') return fallback;
  return state.latest ?? fallback;
}

/** A picker's years, newest first, with the chosen one among them even when it lies outside the usual range. */
export function withYear(years: readonly number[], year: number | undefined): number[] {
  if (year === undefined || years.includes(year)) return [...years];
  return [...years, year].sort((a, b) => b - a);
}
