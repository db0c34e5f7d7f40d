import { apiRequest } from '../../api/client.ts';
import type { ReportList, ReportRequested, RequestReportBody } from '../../../../src/reports/reports-contract.ts';

export type { Report, ReportList, ReportRequested, ReportState, RequestReportBody } from '../../../../src/reports/reports-contract.ts';

/** Where the 导出任务 page lives. */
export const reportsPath = '/reports';

/** The kinds of report the pages ask for in the background (src/platform/report-generators.ts). */
export type ReportKind = 'evaluation.report' | 'evaluation.workbook' | 'fiscal.overview' | 'screening.results' | 'innovation_index.workbook' | 'innovation_index.report';

const report = (id: string) => `/api/reports/${encodeURIComponent(id)}`;

/** Reports generated in the background (导出任务): signed-in only. */
export const reportsApi = {
  request: (body: RequestReportBody & { kind: ReportKind }) => apiRequest<ReportRequested>('/api/reports', { method: 'POST', body, access: 'private' }),
  list: (all: boolean, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    apiRequest<ReportList>(`/api/reports?limit=${page.limit}&offset=${page.offset}${all ? '&all=1' : ''}`, { signal, access: 'private' }),
  /** A plain link: the browser downloads the file with the session cookie. */
  fileUrl: (id: string) => `${report(id)}/file`,
};
