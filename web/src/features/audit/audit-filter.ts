import type { AuditFilterQuery, AuditOutcome } from '../../api/types.ts';

/** What the page filters by; `from` and `to` are Beijing calendar days (YYYY-MM-DD), both included. */
export type AuditFilter = AuditFilterQuery;

export const auditOutcomes: readonly AuditOutcome[] = ['success', 'failure', 'denied'];

const textKeys = ['actor', 'entity_type', 'entity_id', 'action'] as const;
const dayKeys = ['from', 'to'] as const;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export const defaultPageSize = 20;

/** The audit filter and page kept in the address (?actor=…&page=2), so a search can be bookmarked or sent on. */
export function readAuditSearch(params: URLSearchParams): { filter: AuditFilter; page: number; pageSize: number } {
  const filter: AuditFilter = {};
  for (const key of textKeys) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  // Days only: an address from before (an instant) or typed by hand is dropped, not sent on.
  for (const key of dayKeys) {
    const value = params.get(key);
    if (value && dayPattern.test(value)) filter[key] = value;
  }
  const outcome = auditOutcomes.find((candidate) => candidate === params.get('outcome'));
  if (outcome) filter.outcome = outcome;
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('page_size'));
  return {
    filter,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: [10, 20, 50, 100].includes(pageSize) ? pageSize : defaultPageSize,
  };
}

export function writeAuditSearch(filter: AuditFilter, page: number, pageSize: number): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === 'string' && value.trim() !== '') params.set(key, value.trim());
  }
  if (page > 1) params.set('page', String(page));
  if (pageSize !== defaultPageSize) params.set('page_size', String(pageSize));
  return params;
}
