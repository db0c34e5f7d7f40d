import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/client.ts';
import { privateKey } from '../../api/private-queries.ts';
import type { AwardBulkResult, AwardDetail, AwardPage, AwardQuery, Notice, ProposeFromRunResult, PublicNoticeList } from '../../../../src/awards/awards-contract.ts';

export type { Award, AwardDetail, AwardPage, Notice, PublicNotice } from '../../../../src/awards/awards-contract.ts';
export type AwardState = AwardPage['awards'][number]['state'];

/** Paths of the award pages. */
export const awardPaths = { ledger: '/awards', notices: '/award-notices' };

const privateGet = <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal, access: 'private' });
const post = <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body, access: 'private' });
const award = (id: string) => `/api/awards/${encodeURIComponent(id)}`;

function queryString(query: Partial<AwardQuery>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** The ledger's endpoints (src/server/routes/award-routes.ts). */
export const awardsApi = {
  list: (query: Partial<AwardQuery>, signal?: AbortSignal) => privateGet<AwardPage>(`/api/awards${queryString(query)}`, signal),
  get: (id: string, signal?: AbortSignal) => privateGet<AwardDetail>(award(id), signal),
  /** The eligible awards of a screening run proposed as candidates (server side: policy awards with an amount). */
  proposeFromRun: (runId: string) => post<ProposeFromRunResult>(`/api/awards/candidates/from-run/${encodeURIComponent(runId)}`),
  confirm: (ids: string[]) => post<AwardBulkResult>('/api/awards/confirm', { ids }),
  approve: (ids: string[]) => post<AwardBulkResult>('/api/awards/approve', { ids }),
  withdraw: (id: string, reason: string) => post<{ id: string; state: string }>(`${award(id)}/withdraw`, { reason }),
  reinstate: (id: string, reason: string) => post<{ id: string; state: string }>(`${award(id)}/reinstate`, { reason }),
  raiseObjection: (id: string, text: string) => post<{ id: string; state: string }>(`${award(id)}/objections`, { text }),
  resolveObjection: (id: string, outcome: 'dismissed' | 'corrected' | 'upheld', resolution: string) => post<{ id: string; state: string }>(`${award(id)}/objections/resolve`, { outcome, resolution }),
  pay: (id: string, payment: { amount: string; paid_on: string; reference: string }) => post<{ id: string; state: string }>(`${award(id)}/payment`, payment),
  notices: (signal?: AbortSignal) => privateGet<{ notices: Notice[] }>('/api/award-notices', signal),
  publish: (input: { title: string; ids: string[]; notice_days?: number }) => post<Notice>('/api/award-notices', input),
  endNotice: (id: string) => post<AwardBulkResult>(`/api/award-notices/${encodeURIComponent(id)}/end`),
  publicNotices: (signal?: AbortSignal) => apiRequest<PublicNoticeList>('/api/public/award-notices', { signal }),
  noticeFile: (id: string, kind: 'docx' | 'xlsx') => `/api/public/award-notices/${encodeURIComponent(id)}/notice.${kind}`,
};

export const awardsKey = [privateKey, 'awards'] as const;

export function useAwards(query: Partial<AwardQuery>, enabled = true) {
  return useQuery({ queryKey: [...awardsKey, 'list', query], queryFn: ({ signal }) => awardsApi.list(query, signal), placeholderData: keepPreviousData, staleTime: 10_000, enabled });
}

export function useAward(id: string | undefined) {
  return useQuery({ queryKey: [...awardsKey, 'detail', id], queryFn: ({ signal }) => awardsApi.get(id ?? '', signal), enabled: id !== undefined, staleTime: 10_000 });
}

export function useAwardNotices(enabled: boolean) {
  return useQuery({ queryKey: [...awardsKey, 'notices'], queryFn: ({ signal }) => awardsApi.notices(signal), staleTime: 10_000, enabled });
}

export function usePublicNotices() {
  return useQuery({ queryKey: ['public-award-notices'], queryFn: ({ signal }) => awardsApi.publicNotices(signal), staleTime: 60_000 });
}
