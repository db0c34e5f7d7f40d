import type { DatabaseOrTransaction } from '../db/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import type { ReportCaller } from './report-caller.ts';
import { findReport, findReportContent, findReports as findReportRows, type ReportRow } from './report-repository.ts';
import { presentReport } from './present-report.ts';
import type { Report, ReportList, ReportListQuery, ReportState } from './reports-contract.ts';

const stateNames: Record<ReportState, { zh: string; en: string }> = {
  queued: { zh: '排队中', en: 'queued' },
  running: { zh: '生成中', en: 'running' },
  done: { zh: '已完成', en: 'done' },
  failed: { zh: '失败', en: 'failed' },
};

/**
 * The caller's reports, newest first; with `all=1` everyone's, for whoever holds `reports.read`
 * in scope all (the coordinator). Reads take the caller's scope: `self` sees only its own.
 */
export async function findReports(db: DatabaseOrTransaction, caller: ReportCaller, query: ReportListQuery): Promise<ReportList> {
  const scope = caller.permissions.dataScopeOf(caller.actor, 'reports.read');
  if (query.all === '1') caller.permissions.assertCan(caller.actor, 'reports.read');
  const requestedBy = query.all === '1' && scope.kind === 'all' ? undefined : (caller.actor?.userId ?? '00000000-0000-0000-0000-000000000000');
  const page = await findReportRows(db, { limit: query.limit, offset: query.offset, requestedBy });
  return { reports: page.rows.map((row) => presentReport(row, caller.generators)), total: page.total, pending: page.pending };
}

/** A report the caller may see (its own, or any for the coordinator); 404 otherwise, so that others' reports are not revealed. */
async function readableReport(db: DatabaseOrTransaction, caller: ReportCaller, id: string): Promise<ReportRow> {
  caller.permissions.dataScopeOf(caller.actor, 'reports.read');
  const row = await findReport(db, id);
  if (!row || !caller.permissions.canOn(caller.actor, 'reports.read', { userId: row.requested_by })) throw notFound('导出任务', 'Export', id);
  return row;
}

export async function getReport(db: DatabaseOrTransaction, caller: ReportCaller, id: string): Promise<Report> {
  return presentReport(await readableReport(db, caller, id), caller.generators);
}

/** The file of a done report (409 naming the state while it is not). */
export async function getReportFile(db: DatabaseOrTransaction, caller: ReportCaller, id: string): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  const row = await readableReport(db, caller, id);
  const content = row.state === 'done' ? await findReportContent(db, id) : undefined;
  if (row.state !== 'done' || !content || !row.file_name || !row.media_type) {
    const state = stateNames[row.state];
    const label = presentReport(row, caller.generators).label;
    throw new AppError('conflict', `“${label.zh}”尚未生成（状态：${state.zh}），暂无文件可下载`, `"${label.en}" has no file yet (state: ${state.en})`, { state: row.state });
  }
  return { fileName: row.file_name, mediaType: row.media_type, content };
}
