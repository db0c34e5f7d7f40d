import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { QueueKind } from './types.ts';
import type { AuditFilterQuery, EnterpriseFilter, PlatformFilter, TechContractFilter } from './types.ts';

/**
 * Queries of signed-in data. Their keys start with `privateKey`, so that signing out (or in as
 * someone else) drops every one of them at once, and no account ever sees another's cached data.
 * They go stale quickly: other people change accounts, permissions and the log.
 */
export const privateKey = 'private';

const fresh = 15 * 1000;

export function useWorkspace() {
  return useQuery({
    queryKey: [privateKey, 'workspace'],
    queryFn: ({ signal }) => api.getWorkspace(signal),
    staleTime: fresh,
  });
}

export function useUnitWorkspace(unitId: string, packId: string | undefined) {
  return useQuery({
    queryKey: [privateKey, 'workspace', 'unit', unitId, packId ?? null],
    queryFn: ({ signal }) => api.getUnitWorkspace(unitId, packId ?? '', signal),
    enabled: packId !== undefined,
    staleTime: fresh,
  });
}

export function useAccounts() {
  return useQuery({
    queryKey: [privateKey, 'accounts'],
    queryFn: ({ signal }) => api.listAccounts(signal),
    staleTime: fresh,
  });
}

export function usePermissions(enabled = true) {
  return useQuery({
    queryKey: [privateKey, 'permissions'],
    queryFn: ({ signal }) => api.getPermissions(signal),
    staleTime: fresh,
    enabled,
  });
}

export function useAuditEvents(filter: AuditFilterQuery, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [privateKey, 'audit', filter, page],
    queryFn: ({ signal }) => api.listAuditEvents(filter, page, signal),
    // The log grows while one reads it; a new filter keeps the old rows until the new ones come.
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}

/** One area's values of one period, every status: what the entry form edits and the coordinator reviews. */
export function useEntrySheet(org: string | undefined, period: string | undefined) {
  return useQuery({
    queryKey: [privateKey, 'indicator-values', org ?? null, period ?? null],
    queryFn: ({ signal }) => api.getEntrySheet(org ?? '', period ?? '', signal),
    enabled: org !== undefined && period !== undefined,
    staleTime: 0,
  });
}

/** The work queues (审核队列): 待审核 or 已退回, with the counts of both. */
export function useReviewQueue(kind: QueueKind) {
  return useQuery({
    queryKey: [privateKey, 'indicator-values', 'queue', kind],
    queryFn: ({ signal }) => api.getReviewQueue(kind, signal),
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}

/** The queue counts for the menu's badge and the workbench; `enabled` false for accounts that enter no values. */
export function useQueueCounts(enabled: boolean) {
  return useQuery({
    queryKey: [privateKey, 'indicator-values', 'queue-counts'],
    queryFn: ({ signal }) => api.getQueueCounts(signal),
    enabled,
    staleTime: fresh,
  });
}

/** What the account's areas owe (reporting calendar): due and late values. */
export function useReportingCalendar(enabled: boolean) {
  return useQuery({
    queryKey: [privateKey, 'indicator-values', 'calendar'],
    queryFn: ({ signal }) => api.getReportingCalendar(signal),
    enabled,
    staleTime: fresh,
  });
}

/** Registry lists: a new filter or page keeps the previous rows (dimmed) until the answer comes. */
export function useEnterprises(filter: EnterpriseFilter, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [privateKey, 'registry', 'enterprises', filter, page],
    queryFn: ({ signal }) => api.listEnterprises(filter, page, signal),
    staleTime: fresh,
    placeholderData: keepPreviousData,
  });
}

export function useEnterprise(code: string | undefined) {
  return useQuery({
    queryKey: [privateKey, 'registry', 'enterprise', code ?? null],
    queryFn: ({ signal }) => api.getEnterprise(code ?? '', signal),
    enabled: code !== undefined,
    staleTime: fresh,
  });
}

export function usePlatforms(filter: PlatformFilter, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [privateKey, 'registry', 'platforms', filter, page],
    queryFn: ({ signal }) => api.listPlatforms(filter, page, signal),
    staleTime: fresh,
    placeholderData: keepPreviousData,
  });
}

export function usePlatform(number: string | undefined) {
  return useQuery({
    queryKey: [privateKey, 'registry', 'platform', number ?? null],
    queryFn: ({ signal }) => api.getPlatform(number ?? '', signal),
    enabled: number !== undefined,
    staleTime: fresh,
  });
}

export function useTechContracts(filter: TechContractFilter, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [privateKey, 'registry', 'contracts', filter, page],
    queryFn: ({ signal }) => api.listTechContracts(filter, page, signal),
    staleTime: fresh,
    placeholderData: keepPreviousData,
  });
}

/** 技术合同输出/吸纳 of one area and year; `enabled` false for accounts the server would refuse. */
export function useTechContractTurnover(year: number, org: string, enabled: boolean) {
  return useQuery({
    queryKey: [privateKey, 'registry', 'turnover', year, org],
    queryFn: ({ signal }) => api.getTechContractTurnover(year, org, signal),
    enabled,
    staleTime: fresh,
    placeholderData: keepPreviousData,
  });
}

/** The tier pipeline; years left out are the server's (the seven up to the current one). */
export function useTierPipeline(years: { from?: number | undefined; to?: number | undefined } = {}) {
  return useQuery({
    queryKey: [privateKey, 'registry', 'pipeline', years.from ?? null, years.to ?? null],
    queryFn: ({ signal }) => api.getTierPipeline(years, signal),
    staleTime: fresh,
  });
}

/** A registry enterprise's benefits for a year, with the profile they were computed from. */
export function useEnterpriseCalc(code: string | undefined, year: number) {
  return useQuery({
    queryKey: [privateKey, 'calc', code ?? null, year],
    queryFn: ({ signal }) => api.getEnterpriseCalc(code ?? '', year, signal),
    enabled: code !== undefined,
    staleTime: fresh,
  });
}
