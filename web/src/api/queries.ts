import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type EvaluationScope } from './client.ts';

/**
 * TanStack Query hooks over the API client. Policy packs change only when a new pack version is
 * loaded, so answers stay fresh for the whole session (see the QueryClient defaults in app.tsx).
 */

export function usePacks() {
  return useQuery({ queryKey: ['packs'], queryFn: ({ signal }) => api.listPacks(signal) });
}

export function usePack(packId: string) {
  return useQuery({ queryKey: ['pack', packId], queryFn: ({ signal }) => api.getPack(packId, signal) });
}

export function useClauses(packId: string) {
  return useQuery({
    queryKey: ['pack', packId, 'clauses'],
    queryFn: ({ signal }) => api.listClauses(packId, signal),
  });
}

export function useTargets(packId: string) {
  return useQuery({
    queryKey: ['pack', packId, 'targets'],
    queryFn: ({ signal }) => api.listTargets(packId, signal),
  });
}

/** Areas' own targets (目标分解): the pack's breakdown and the coordinator's. */
export function useAreaTargets(packId: string) {
  return useQuery({ queryKey: ['pack', packId, 'area-targets'], queryFn: ({ signal }) => api.listAreaTargets(packId, signal) });
}

export function useTasks(packId: string, unitId: string | undefined) {
  return useQuery({
    queryKey: ['pack', packId, 'tasks', unitId ?? null],
    queryFn: ({ signal }) => api.listTasks(packId, unitId, signal),
    // Keep the previous rows on screen while a new unit filter loads, instead of flashing empty.
    placeholderData: keepPreviousData,
  });
}

export function useUnits(packId: string) {
  return useQuery({
    queryKey: ['pack', packId, 'units'],
    queryFn: ({ signal }) => api.listUnits(packId, signal),
  });
}

/** One unit and its responsibilities; idle while `unitId` is undefined. */
export function useUnit(packId: string, unitId: string | undefined) {
  return useQuery({
    queryKey: ['pack', packId, 'unit', unitId ?? null],
    queryFn: ({ signal }) => api.getUnit(packId, unitId ?? '', signal),
    enabled: unitId !== undefined,
  });
}

export function useIncentives(packId: string) {
  return useQuery({
    queryKey: ['pack', packId, 'incentives'],
    queryFn: ({ signal }) => api.listIncentives(packId, signal),
  });
}

/** The GB/T 2260 areas; `enabled: false` where a page needs them only in rare cases. */
export function useAreas(enabled = true) {
  return useQuery({ queryKey: ['areas'], queryFn: ({ signal }) => api.listAreas(signal), enabled });
}

/**
 * Indicator values change while the platform runs (entry, approval, imports), unlike the pack:
 * their queries share this first key, so that a change drops them all, and go stale in a minute.
 */
export const indicatorKey = 'indicators';
const indicatorStaleTime = 60 * 1000;

/** Every target against the data for one area as of a year. */
export function useEvaluation(packId: string, scope: EvaluationScope) {
  return useQuery({
    queryKey: [indicatorKey, packId, 'evaluation', scope.org ?? null, scope.asOf ?? null],
    queryFn: ({ signal }) => api.getEvaluation(packId, scope, signal),
    staleTime: indicatorStaleTime,
    // A new area or year keeps the cards on screen until the new answer comes.
    placeholderData: keepPreviousData,
  });
}

export function useIndicatorSeries(packId: string, code: string, org: string | undefined) {
  return useQuery({
    queryKey: [indicatorKey, packId, 'series', code, org ?? null],
    queryFn: ({ signal }) => api.getIndicatorSeries(packId, code, org, signal),
    staleTime: indicatorStaleTime,
    placeholderData: keepPreviousData,
  });
}

export function useIndicatorAreas(packId: string, code: string, parent: string | undefined, period: string | undefined) {
  return useQuery({
    queryKey: [indicatorKey, packId, 'areas', code, parent ?? null, period ?? null],
    queryFn: ({ signal }) => api.getIndicatorAreas(packId, code, parent, period, signal),
    staleTime: indicatorStaleTime,
    placeholderData: keepPreviousData,
  });
}

/** The published revisions of one value; asked for only when a reader opens them. */
export function useValueHistory(key: { indicator: string; org: string; period: string }, enabled: boolean) {
  return useQuery({
    queryKey: [indicatorKey, 'history', key.indicator, key.org, key.period],
    queryFn: ({ signal }) => api.getValueHistory(key, signal),
    staleTime: indicatorStaleTime,
    enabled,
  });
}

/** The years with published data of an area (and the areas under it), newest first: year pickers open on the latest. */
export function useYearsWithData(scope: { org?: string | undefined; indicators?: readonly string[] | undefined }, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [indicatorKey, 'years', scope.org ?? null, scope.indicators?.join(',') ?? null],
    queryFn: ({ signal }) => api.getYearsWithData(scope, signal),
    staleTime: indicatorStaleTime,
  });
}

/** Registry counts beside the published values (public, like the published values themselves). */
export function useRegistryIndicators(year: number | undefined, org: string) {
  return useQuery({
    queryKey: ['registry-indicators', year, org],
    // Asked once the year is known (the latest with data, see useLatestYear).
    queryFn: ({ signal }) => api.getRegistryIndicators(year as number, org, signal),
    enabled: year !== undefined,
    staleTime: 60 * 1000,
    placeholderData: keepPreviousData,
  });
}
