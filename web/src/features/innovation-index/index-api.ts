import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/client.ts';
import type { IndexResultDto, IndexSensitivity, IndexSpecList, IndexUnitInputs } from '../../../../src/innovation-index/innovation-index-contract.ts';

export type { IndexRankingRow, IndexResultDto, IndexSensitivity, IndexSpecList, IndexSpecSummary, IndexTextDto, IndexUnitInputs } from '../../../../src/innovation-index/innovation-index-contract.ts';

/** The page of the composite innovation index (创新指数): public, as the approved values it is built from. */
export const innovationIndexPath = '/innovation-index';

const spec = (id: string) => `/api/innovation-index/specs/${encodeURIComponent(id)}`;
const yearQuery = (year: number | undefined) => (year === undefined ? '' : `?year=${year}`);

export const indexApi = {
  listSpecs: (signal?: AbortSignal) => apiRequest<IndexSpecList>('/api/innovation-index/specs', { signal }),
  getResult: (id: string, year: number | undefined, signal?: AbortSignal) => apiRequest<IndexResultDto>(`${spec(id)}${yearQuery(year)}`, { signal }),
  getUnitInputs: (id: string, unit: string, year: number, signal?: AbortSignal) => apiRequest<IndexUnitInputs>(`${spec(id)}/units/${encodeURIComponent(unit)}${yearQuery(year)}`, { signal }),
  getSensitivity: (id: string, year: number, signal?: AbortSignal) => apiRequest<IndexSensitivity>(`${spec(id)}/sensitivity${yearQuery(year)}`, { signal }),
  /** Plain links: the browser downloads the files. */
  xlsxUrl: (id: string, year: number | undefined) => `${spec(id)}/report.xlsx${yearQuery(year)}`,
  docxUrl: (id: string, year: number | undefined) => `${spec(id)}/report.docx${yearQuery(year)}`,
};

const indexKey = ['innovation-index'] as const;
// The store may change (a value approved): a minute stale at most.
const staleTime = 60 * 1000;

export function useIndexSpecs() {
  return useQuery({ queryKey: [...indexKey, 'specs'], queryFn: ({ signal }) => indexApi.listSpecs(signal), staleTime: 10 * 60 * 1000 });
}

export function useIndexResult(id: string | undefined, year: number | undefined) {
  return useQuery({ queryKey: [...indexKey, 'result', id, year ?? null], queryFn: ({ signal }) => indexApi.getResult(id!, year, signal), enabled: id !== undefined, placeholderData: keepPreviousData, staleTime });
}

export function useIndexUnitInputs(id: string | undefined, unit: string | undefined, year: number | undefined) {
  return useQuery({ queryKey: [...indexKey, 'unit', id, unit, year], queryFn: ({ signal }) => indexApi.getUnitInputs(id!, unit!, year!, signal), enabled: id !== undefined && unit !== undefined && year !== undefined, staleTime });
}

export function useIndexSensitivity(id: string | undefined, year: number | undefined, enabled: boolean) {
  return useQuery({ queryKey: [...indexKey, 'sensitivity', id, year], queryFn: ({ signal }) => indexApi.getSensitivity(id!, year!, signal), enabled: enabled && id !== undefined && year !== undefined, staleTime });
}
