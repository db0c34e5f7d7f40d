import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

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
