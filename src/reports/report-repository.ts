import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseOrTransaction, type Transaction } from '../db/index.ts';
import type { ReportState } from './reports-contract.ts';

/** The reports module's SQL (table `report_jobs`, migration 0019). */

export interface ReportRow {
  id: string;
  kind: string;
  params: Record<string, string | number | boolean | null>;
  requested_by: string;
  requested_by_name: string;
  state: ReportState;
  file_name: string | null;
  media_type: string | null;
  size: number | null;
  error: string | null;
  error_en: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  attempts: number;
}

const time = (value: Date | string | null) => (value === null ? null : value instanceof Date ? value : new Date(value));
const rowOf = (row: ReportRow): ReportRow => ({ ...row, created_at: time(row.created_at)!, started_at: time(row.started_at), finished_at: time(row.finished_at), size: row.size === null ? null : Number(row.size), attempts: Number(row.attempts) });

/** Every column but the file itself. */
const columns = sql`id, kind, params, requested_by, requested_by_name, state, file_name, media_type, size, error, error_en, created_at, started_at, finished_at, attempts`;
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export async function insertReport(tx: Transaction, report: { kind: string; params: Record<string, unknown>; requestedBy: string; requestedByName: string; createdAt: Date }): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into report_jobs (kind, params, requested_by, requested_by_name, created_at)
        values (${report.kind}, ${JSON.stringify(report.params)}::jsonb, ${report.requestedBy}::uuid, ${report.requestedByName}, ${report.createdAt.toISOString()}::timestamptz)
        returning id`,
  );
  return row!.id;
}

export async function findReport(db: DatabaseOrTransaction, id: string): Promise<ReportRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await queryRows<ReportRow>(db, sql`select ${columns} from report_jobs where id = ${id}::uuid`);
  return row ? rowOf(row) : undefined;
}

/** Locks the report's row for its job (`for update`): a second try waits, then finds it done. */
export async function lockReport(tx: Transaction, id: string): Promise<ReportRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await queryRows<ReportRow>(tx, sql`select ${columns} from report_jobs where id = ${id}::uuid for update`);
  return row ? rowOf(row) : undefined;
}

/** Newest first; `requestedBy`: only that account's. */
export async function findReports(db: DatabaseOrTransaction, options: { limit: number; offset: number; requestedBy?: string | undefined }): Promise<{ rows: ReportRow[]; total: number; pending: boolean }> {
  const where = options.requestedBy === undefined ? sql`true` : sql`requested_by = ${options.requestedBy}::uuid`;
  const rows = await queryRows<ReportRow>(db, sql`select ${columns} from report_jobs where ${where} order by created_at desc, id desc limit ${options.limit} offset ${options.offset}`);
  const [count] = await queryRows<{ total: number; pending: boolean }>(db, sql`select count(*)::int as total, coalesce(bool_or(state in ('queued', 'running')), false) as pending from report_jobs where ${where}`);
  return { rows: rows.map(rowOf), total: count?.total ?? 0, pending: count?.pending ?? false };
}

/** The file of a done report. */
export async function findReportContent(db: DatabaseOrTransaction, id: string): Promise<Buffer | undefined> {
  const [row] = await queryRows<{ content: Uint8Array | null }>(db, sql`select content from report_jobs where id = ${id}::uuid`);
  return row?.content ? Buffer.from(row.content) : undefined;
}

/** Reports a restart left queued or running (the in-process queue keeps nothing). */
export async function findUnfinishedReportIds(db: DatabaseOrTransaction): Promise<string[]> {
  return (await queryRows<{ id: string }>(db, sql`select id from report_jobs where state in ('queued', 'running') order by created_at`)).map((row) => row.id);
}

/** A try begins: running, one more attempt. */
export async function markReportRunning(tx: Transaction, id: string, now: Date): Promise<void> {
  await tx.execute(sql`update report_jobs set state = 'running', attempts = attempts + 1, started_at = ${now.toISOString()}::timestamptz where id = ${id}::uuid`);
}

export async function storeReportFile(tx: Transaction, id: string, file: { fileName: string; mediaType: string; content: Buffer }, now: Date): Promise<void> {
  await tx.execute(sql`
    update report_jobs set state = 'done', file_name = ${file.fileName}, media_type = ${file.mediaType}, content = decode(${file.content.toString('base64')}, 'base64'),
      size = ${file.content.length}, error = null, error_en = null, finished_at = ${now.toISOString()}::timestamptz
    where id = ${id}::uuid`);
}

/** Gives a report up with the reason; a report done meanwhile stays done. */
export async function markReportFailed(db: DatabaseOrTransaction, id: string, reason: { zh: string; en: string }, now: Date): Promise<void> {
  await db.execute(sql`update report_jobs set state = 'failed', error = ${reason.zh}, error_en = ${reason.en}, finished_at = ${now.toISOString()}::timestamptz where id = ${id}::uuid and state <> 'done'`);
}

/** Deletes the reports (and their files) finished before `cutoff`; queued and running ones are never touched. How many went. */
export async function deleteReportsFinishedBefore(db: DatabaseOrTransaction, cutoff: Date): Promise<number> {
  const rows = await queryRows<{ id: string }>(db, sql`delete from report_jobs where state in ('done', 'failed') and finished_at < ${cutoff.toISOString()}::timestamptz returning id`);
  return rows.length;
}
