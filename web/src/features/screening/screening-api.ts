import { apiRequest } from '../../api/client.ts';
import type { ScreeningComparison, ScreeningResultPage, ScreeningResultQuery, ScreeningRun, ScreeningRunList, StartScreeningBody } from '../../../../src/screening/screening-contract.ts';

export type { ScreeningComparison, ScreeningResult, ScreeningResultPage, ScreeningRun, ScreeningRunList, StartScreeningBody } from '../../../../src/screening/screening-contract.ts';

/** The results' filters as the page keeps them (paging aside). */
export type ScreeningResultFilter = Omit<Partial<ScreeningResultQuery>, 'limit' | 'offset'>;

const run = (id: string) => `/api/screening/runs/${encodeURIComponent(id)}`;

/** `?a=1&b=2` with the undefined entries left out. */
function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** The screening calls (免申即享): signed-in only. */
export const screeningApi = {
  listRuns: (signal?: AbortSignal) => apiRequest<ScreeningRunList>('/api/screening/runs?limit=50', { signal, access: 'private' }),
  getRun: (id: string, signal?: AbortSignal) => apiRequest<ScreeningRun>(run(id), { signal, access: 'private' }),
  startRun: (body: StartScreeningBody) => apiRequest<ScreeningRun>('/api/screening/runs', { method: 'POST', body, access: 'private' }),
  cancelRun: (id: string) => apiRequest<ScreeningRun>(`${run(id)}/cancel`, { method: 'POST', access: 'private' }),
  resumeRun: (id: string) => apiRequest<ScreeningRun>(`${run(id)}/resume`, { method: 'POST', access: 'private' }),
  findResults: (id: string, filter: ScreeningResultFilter, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    apiRequest<ScreeningResultPage>(`${run(id)}/results${queryString({ ...filter, ...page })}`, { signal, access: 'private' }),
  /** A plain link: the browser downloads the workbook with the session cookie. */
  resultsXlsxUrl: (id: string, filter: ScreeningResultFilter) => `${run(id)}/results.xlsx${queryString({ ...filter })}`,
  compare: (a: string, b: string, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    apiRequest<ScreeningComparison>(`/api/screening/compare${queryString({ a, b, ...page })}`, { signal, access: 'private' }),
};
