import type { z } from 'zod';
import { apiRequest, ApiError } from '../../api/client.ts';
import type {
  approveReportBodySchema,
  closeMeasureBodySchema,
  milestoneBodySchema,
  reopenMeasureBodySchema,
  returnReportBodySchema,
  subMeasureBodySchema,
  updateMeasureBodySchema,
  workPointBodySchema,
  deletedSchema,
  saveReportBodySchema,
} from '../../../../src/supervision/supervision-contract.ts';
import type {
  AssigneeList,
  AssigneeViewAnswer,
  CycleView,
  Evidence,
  HeatMap,
  MeasureDetail,
  ReportDetail,
  ReviewQueue,
  SupervisionTaskList,
  TaskView,
  Workbench,
} from '../../../../src/supervision/supervision-contract.ts';
import type {
  closeNoticeBodySchema,
  issueNoticeBodySchema,
  respondNoticeBodySchema,
  returnNoticeBodySchema,
  markRemindersResultSchema,
} from '../../../../src/notices/notices-contract.ts';
import type { NoticeAssigneeOptions, NoticeDetail, NoticePage, ReminderPage } from '../../../../src/notices/notices-contract.ts';
import type { AssessmentResult, AssessmentScheme } from '../../../../src/assessment/assessment-contract.ts';

export type {
  AssigneeList,
  AssigneeView,
  AssigneeViewAnswer,
  CycleView,
  Evidence,
  HeatMap,
  MeasureDetail,
  MeasureSummary,
  ProgressRow,
  ReportDetail,
  ReportSummary,
  ReviewQueue,
  SaveReportBody,
  SupervisionTaskList,
  TaskView,
  WorkItem,
  Workbench,
} from '../../../../src/supervision/supervision-contract.ts';
import type { AssigneeView as AssigneeOf, MeasureSummary as MeasureOf, ReportSummary as ReportOf, ProgressRow as ProgressOf } from '../../../../src/supervision/supervision-contract.ts';
// The vocabulary as the contract carries it (the web imports contracts only).
export type ReportState = ReportOf['state'];
export type ReportStatus = NonNullable<ReportOf['status']>;
export type Light = ProgressOf['light'];
export type CycleFrequency = MeasureOf['frequency'];
export type AssigneeKind = AssigneeOf['kind'];
export type { Notice, NoticeAssigneeOptions, NoticeDetail, NoticePage, Reminder, ReminderPage } from '../../../../src/notices/notices-contract.ts';
export type { AssessmentResult, AssessmentScheme, AssessmentScore } from '../../../../src/assessment/assessment-contract.ts';

export type ReturnReportBody = z.input<typeof returnReportBodySchema>;
export type ApproveReportBody = z.input<typeof approveReportBodySchema>;
export type UpdateMeasureBody = z.input<typeof updateMeasureBodySchema>;
export type WorkPointBody = z.input<typeof workPointBodySchema>;
export type MilestoneBody = z.input<typeof milestoneBodySchema>;
export type SubMeasureBody = z.input<typeof subMeasureBodySchema>;
export type CloseMeasureBody = z.input<typeof closeMeasureBodySchema>;
export type ReopenMeasureBody = z.input<typeof reopenMeasureBodySchema>;
export type SaveReportInput = z.input<typeof saveReportBodySchema>;
export type IssueNoticeBody = z.input<typeof issueNoticeBodySchema>;
export type RespondNoticeBody = z.input<typeof respondNoticeBodySchema>;
export type CloseNoticeBody = z.input<typeof closeNoticeBodySchema>;
export type ReturnNoticeBody = z.input<typeof returnNoticeBodySchema>;
type Deleted = z.infer<typeof deletedSchema>;
type MarkRemindersResult = z.infer<typeof markRemindersResultSchema>;

export interface NoticeFilter {
  state?: 'issued' | 'answered' | 'closed' | undefined;
  overdue?: boolean | undefined;
  page?: number | undefined;
  page_size?: number | undefined;
}

/** `?a=1&b=2` with the undefined and empty entries left out. */
function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const base = '/api/supervision';
const enc = encodeURIComponent;
const get = <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal, access: 'private' });
const send = <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => apiRequest<T>(path, { method, body, access: 'private' });

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * An evidence file goes as the raw body with its name in X-File-Name (percent-encoded UTF-8):
 * the shared client has no way to set that header, so this one call is made here.
 */
async function uploadEvidence(reportId: string, file: File): Promise<Evidence> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': file.type || 'application/octet-stream', 'x-file-name': enc(file.name) };
  const token = readCookie('kc_csrf');
  if (token !== undefined) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(`${base}/reports/${enc(reportId)}/evidence`, { method: 'POST', headers, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试', 'Cannot reach the server; check the network and retry');
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const body = answer as { error?: { code: string; message: string; message_en?: string; details?: unknown; request_id?: string } } | undefined;
    if (body?.error) throw new ApiError(response.status, body.error.code, body.error.message, body.error.message_en, body.error.details, body.error.request_id);
    throw new ApiError(response.status, 'http_error', `服务器返回错误 ${response.status}`, `The server answered ${response.status}`);
  }
  return answer as Evidence;
}

/** Supervision (督查督办), notices (督办单) and the assessment (考核): signed-in only. */
export const supervisionApi = {
  tasks: (period: string | undefined, signal?: AbortSignal) => get<SupervisionTaskList>(`${base}/tasks${queryString({ period })}`, signal),
  task: (taskId: string, period: string | undefined, signal?: AbortSignal) => get<TaskView>(`${base}/tasks/${enc(taskId)}${queryString({ period })}`, signal),
  assignees: (period: string | undefined, signal?: AbortSignal) => get<AssigneeList>(`${base}/assignees${queryString({ period })}`, signal),
  assignee: (kind: string, id: string, period: string | undefined, signal?: AbortSignal) => get<AssigneeViewAnswer>(`${base}/assignees/${enc(kind)}/${enc(id)}${queryString({ period })}`, signal),
  heatMap: (period: string | undefined, signal?: AbortSignal) => get<HeatMap>(`${base}/heatmap${queryString({ period })}`, signal),
  workbench: (signal?: AbortSignal) => get<Workbench>(`${base}/workbench`, signal),
  reviewQueue: (state: ReportState, signal?: AbortSignal) => get<ReviewQueue>(`${base}/review-queue${queryString({ state })}`, signal),
  measure: (id: string, signal?: AbortSignal) => get<MeasureDetail>(`${base}/measures/${enc(id)}`, signal),
  updateMeasure: (id: string, body: UpdateMeasureBody) => send<MeasureDetail>('PATCH', `${base}/measures/${enc(id)}`, body),
  addWorkPoint: (id: string, body: WorkPointBody) => send<MeasureDetail>('POST', `${base}/measures/${enc(id)}/work-points`, body),
  removeWorkPoint: (id: string) => send<Deleted>('DELETE', `${base}/work-points/${enc(id)}`),
  addMilestone: (id: string, body: MilestoneBody) => send<MeasureDetail>('POST', `${base}/measures/${enc(id)}/milestones`, body),
  removeMilestone: (id: string) => send<Deleted>('DELETE', `${base}/milestones/${enc(id)}`),
  split: (id: string, body: SubMeasureBody) => send<MeasureDetail>('POST', `${base}/measures/${enc(id)}/sub-measures`, body),
  close: (id: string, body: CloseMeasureBody) => send<MeasureDetail>('POST', `${base}/measures/${enc(id)}/close`, body),
  reopen: (id: string, body: ReopenMeasureBody) => send<MeasureDetail>('POST', `${base}/measures/${enc(id)}/reopen`, body),
  cycle: (id: string, period: string, signal?: AbortSignal) => get<CycleView>(`${base}/measures/${enc(id)}/cycles/${enc(period)}`, signal),
  saveReport: (id: string, period: string, body: SaveReportInput) => send<ReportDetail>('PUT', `${base}/measures/${enc(id)}/reports/${enc(period)}`, body),
  report: (id: string, signal?: AbortSignal) => get<ReportDetail>(`${base}/reports/${enc(id)}`, signal),
  submit: (id: string) => send<ReportDetail>('POST', `${base}/reports/${enc(id)}/submit`),
  approve: (id: string, body: ApproveReportBody) => send<ReportDetail>('POST', `${base}/reports/${enc(id)}/approve`, body),
  returnReport: (id: string, body: ReturnReportBody) => send<ReportDetail>('POST', `${base}/reports/${enc(id)}/return`, body),
  uploadEvidence,
  deleteEvidence: (id: string) => send<Deleted>('DELETE', `${base}/evidence/${enc(id)}`),

  notices: (filter: NoticeFilter, signal?: AbortSignal) => get<NoticePage>(`/api/notices${queryString({ ...filter })}`, signal),
  notice: (id: string, signal?: AbortSignal) => get<NoticeDetail>(`/api/notices/${enc(id)}`, signal),
  noticeAssignees: (signal?: AbortSignal) => get<NoticeAssigneeOptions>('/api/notices/assignees', signal),
  issueNotice: (body: IssueNoticeBody) => send<NoticeDetail>('POST', '/api/notices', body),
  respondNotice: (id: string, body: RespondNoticeBody) => send<NoticeDetail>('POST', `/api/notices/${enc(id)}/respond`, body),
  closeNotice: (id: string, body: CloseNoticeBody) => send<NoticeDetail>('POST', `/api/notices/${enc(id)}/close`, body),
  returnNotice: (id: string, body: ReturnNoticeBody) => send<NoticeDetail>('POST', `/api/notices/${enc(id)}/return`, body),
  reopenNotice: (id: string, body: ReturnNoticeBody) => send<NoticeDetail>('POST', `/api/notices/${enc(id)}/reopen`, body),
  reminders: (unread: boolean | undefined, signal?: AbortSignal) => get<ReminderPage>(`/api/reminders${queryString({ unread, page_size: 100 })}`, signal),
  markRemindersRead: (keys: string[] | 'all') => send<MarkRemindersResult>('POST', '/api/reminders/read', keys === 'all' ? { all: true } : { keys }),

  assessmentScheme: (signal?: AbortSignal) => get<AssessmentScheme>('/api/assessment/scheme', signal),
  assessment: (year: number, signal?: AbortSignal) => get<AssessmentResult>(`/api/assessment/${year}`, signal),
  /** Plain links: the browser downloads the documents with the session cookie. */
  assessmentDocxUrl: (year: number, options: { doc_number?: string; red_header?: boolean } = {}) =>
    `/api/assessment/${year}/report.docx${queryString({ doc_number: options.doc_number, red_header: options.red_header ? '1' : undefined })}`,
  assessmentXlsxUrl: (year: number) => `/api/assessment/${year}/report.xlsx`,
};
