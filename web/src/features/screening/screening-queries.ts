import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { privateKey } from '../../api/private-queries.ts';
import { screeningApi, type ScreeningResultFilter, type ScreeningRun, type StartScreeningBody } from './screening-api.ts';

const key = [privateKey, 'screening'] as const;

/** Is the run still going (the page polls it every second while so)? */
export function isGoing(run: Pick<ScreeningRun, 'state'> | undefined): boolean {
  return run?.state === 'queued' || run?.state === 'running';
}

export function useScreeningRuns() {
  return useQuery({
    queryKey: [...key, 'runs'],
    queryFn: ({ signal }) => screeningApi.listRuns(signal),
    staleTime: 0,
    // While a run goes, its row's progress moves too.
    refetchInterval: (query) => (query.state.data?.runs.some(isGoing) ? 1000 : false),
  });
}

export function useScreeningRun(id: string | undefined) {
  return useQuery({
    queryKey: [...key, 'run', id],
    queryFn: ({ signal }) => screeningApi.getRun(id ?? '', signal),
    enabled: id !== undefined,
    staleTime: 0,
    refetchInterval: (query) => (isGoing(query.state.data) ? 1000 : false),
  });
}

export function useScreeningResults(id: string | undefined, filter: ScreeningResultFilter, page: { limit: number; offset: number }, state: string | undefined) {
  return useQuery({
    // The run's state is part of the key: the results are read again when it ends.
    queryKey: [...key, 'results', id, filter, page, state],
    queryFn: ({ signal }) => screeningApi.findResults(id ?? '', filter, page, signal),
    enabled: id !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useScreeningComparison(a: string | undefined, b: string | undefined, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [...key, 'compare', a, b, page],
    queryFn: ({ signal }) => screeningApi.compare(a ?? '', b ?? '', page, signal),
    enabled: a !== undefined && b !== undefined && a !== b,
    placeholderData: keepPreviousData,
  });
}

/** Start, cancel, resume: every screening query is read again afterwards. */
export function useScreeningActions() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: key });
  return {
    start: useMutation({ mutationFn: (body: StartScreeningBody) => screeningApi.startRun(body), onSuccess: refresh }),
    cancel: useMutation({ mutationFn: (id: string) => screeningApi.cancelRun(id), onSuccess: refresh }),
    resume: useMutation({ mutationFn: (id: string) => screeningApi.resumeRun(id), onSuccess: refresh }),
  };
}
