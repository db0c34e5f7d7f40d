import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { privateKey } from '../../api/private-queries.ts';
import { reportsApi, type ReportKind, type RequestReportBody } from './reports-api.ts';

const key = [privateKey, 'reports'] as const;

/** The caller's reports (everyone's with `all`), read again every two seconds while any is queued or running. */
export function useReports(all: boolean, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [...key, 'list', all, page],
    queryFn: ({ signal }) => reportsApi.list(all, page, signal),
    staleTime: 0,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.pending ? 2000 : false),
  });
}

/** Asks for a report; the list is read again afterwards. */
export function useRequestReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestReportBody & { kind: ReportKind }) => reportsApi.request(body),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}
