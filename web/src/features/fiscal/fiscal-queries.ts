import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { privateKey } from '../../api/private-queries.ts';

/** The fiscal view's reads: private (dropped at sign-out with every private query), soon stale. */
export const fiscalKey = [privateKey, 'fiscal'] as const;

export function useFiscalOverview(year: number, org: string | undefined) {
  return useQuery({
    queryKey: [...fiscalKey, 'overview', year, org ?? null],
    queryFn: ({ signal }) => api.getFiscalOverview(year, org, signal),
    placeholderData: keepPreviousData,
    staleTime: 30 * 1000,
  });
}

export function useScenarios() {
  return useQuery({ queryKey: [...fiscalKey, 'scenarios'], queryFn: ({ signal }) => api.listScenarios(signal), staleTime: 15 * 1000 });
}
