import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { privateKey } from '../../api/private-queries.ts';
import { supervisionApi, type NoticeFilter, type ReportState } from './supervision-api.ts';

const key = [privateKey, 'supervision'] as const;
const noticeKey = [privateKey, 'notices'] as const;

export function useSupervisionTasks(period: string | undefined) {
  return useQuery({ queryKey: [...key, 'tasks', period], queryFn: ({ signal }) => supervisionApi.tasks(period, signal), staleTime: 0, placeholderData: keepPreviousData });
}
export function useSupervisionTask(taskId: string | undefined, period: string | undefined) {
  return useQuery({ queryKey: [...key, 'task', taskId, period], queryFn: ({ signal }) => supervisionApi.task(taskId ?? '', period, signal), enabled: taskId !== undefined, staleTime: 0 });
}
export function useSupervisionAssignees(period: string | undefined) {
  return useQuery({ queryKey: [...key, 'assignees', period], queryFn: ({ signal }) => supervisionApi.assignees(period, signal), staleTime: 0, placeholderData: keepPreviousData });
}
export function useSupervisionAssignee(kind: string, id: string, period: string | undefined) {
  return useQuery({ queryKey: [...key, 'assignee', kind, id, period], queryFn: ({ signal }) => supervisionApi.assignee(kind, id, period, signal), staleTime: 0 });
}
export function useHeatMap(period: string | undefined, enabled = true) {
  return useQuery({ queryKey: [...key, 'heatmap', period], queryFn: ({ signal }) => supervisionApi.heatMap(period, signal), enabled, staleTime: 0, placeholderData: keepPreviousData });
}
export function useWorkbench(enabled = true) {
  return useQuery({ queryKey: [...key, 'workbench'], queryFn: ({ signal }) => supervisionApi.workbench(signal), enabled, staleTime: 0 });
}
export function useSupervisionReviewQueue(state: ReportState, enabled = true) {
  return useQuery({ queryKey: [...key, 'review', state], queryFn: ({ signal }) => supervisionApi.reviewQueue(state, signal), enabled, staleTime: 0, placeholderData: keepPreviousData });
}
export function useMeasure(id: string | undefined) {
  return useQuery({ queryKey: [...key, 'measure', id], queryFn: ({ signal }) => supervisionApi.measure(id ?? '', signal), enabled: id !== undefined, staleTime: 0 });
}
export function useCycle(id: string | undefined, period: string | undefined) {
  return useQuery({ queryKey: [...key, 'cycle', id, period], queryFn: ({ signal }) => supervisionApi.cycle(id ?? '', period ?? '', signal), enabled: id !== undefined && period !== undefined, staleTime: 0 });
}
export function useReport(id: string | undefined) {
  return useQuery({ queryKey: [...key, 'report', id], queryFn: ({ signal }) => supervisionApi.report(id ?? '', signal), enabled: id !== undefined, staleTime: 0 });
}

/** Every supervision query is read again after a change (reports move between queues). */
export function useSupervisionRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: key });
}

export function useNotices(filter: NoticeFilter, enabled = true) {
  return useQuery({ queryKey: [...noticeKey, 'list', filter], queryFn: ({ signal }) => supervisionApi.notices(filter, signal), enabled, staleTime: 0, placeholderData: keepPreviousData });
}
export function useNotice(id: string | undefined) {
  return useQuery({ queryKey: [...noticeKey, 'one', id], queryFn: ({ signal }) => supervisionApi.notice(id ?? '', signal), enabled: id !== undefined, staleTime: 0 });
}
export function useNoticeAssignees(enabled: boolean) {
  return useQuery({ queryKey: [...noticeKey, 'assignees'], queryFn: ({ signal }) => supervisionApi.noticeAssignees(signal), enabled });
}
export function useReminders(enabled: boolean) {
  return useQuery({ queryKey: [...noticeKey, 'reminders'], queryFn: ({ signal }) => supervisionApi.reminders(undefined, signal), enabled, staleTime: 0 });
}
export function useNoticeRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: noticeKey });
}
export function useMarkRemindersRead() {
  const refresh = useNoticeRefresh();
  return useMutation({ mutationFn: (keys: string[] | 'all') => supervisionApi.markRemindersRead(keys), onSuccess: refresh });
}

export function useAssessmentScheme() {
  return useQuery({ queryKey: [privateKey, 'assessment', 'scheme'], queryFn: ({ signal }) => supervisionApi.assessmentScheme(signal) });
}
export function useAssessment(year: number) {
  return useQuery({ queryKey: [privateKey, 'assessment', year], queryFn: ({ signal }) => supervisionApi.assessment(year, signal), staleTime: 0, placeholderData: keepPreviousData });
}
