import type { z } from 'zod';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type Database } from '../db/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { AppError } from '../shared/index.ts';
import type { ReportCaller } from './report-caller.ts';
import { assertMayGenerate, type ReportGenerator } from './report-generators.ts';
import { insertReport, markReportFailed } from './report-repository.ts';
import type { ReportRequested } from './reports-contract.ts';

/** The job that generates one report. */
export const reportGenerateJob = 'report.generate';
/** Tries after the first before a report is given up (its row then says why). */
export const reportRetryLimit = 2;

/** Sends a report's job: one at a time per report (singleton key). */
export async function sendReportJob(queue: Pick<JobQueue, 'send'>, reportId: string): Promise<void> {
  await queue.send(reportGenerateJob, { reportId }, { singletonKey: reportId, retryLimit: reportRetryLimit });
}

/** The kind's generator, or 400 naming `kind` and the kinds there are. */
export function generatorOf(caller: Pick<ReportCaller, 'generators'>, kind: string): ReportGenerator {
  const generator = Object.hasOwn(caller.generators, kind) ? caller.generators[kind] : undefined;
  if (!generator) {
    const known = Object.keys(caller.generators).join('、');
    throw new AppError('bad_request', `没有名为“${kind}”的报表（可选：${known}）`, `no report kind "${kind}" (known: ${Object.keys(caller.generators).join(', ')})`, ['kind']);
  }
  return generator;
}

/** The parameters checked (and normalised: `"2024"` → 2024) by the kind's schema, or 400 naming the field (`params.year`). */
export function paramsOf(generator: ReportGenerator, params: unknown): unknown {
  const parsed = (generator.params as z.ZodType).safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = ['params', ...issue.path.map(String)].join('.');
  throw new AppError('bad_request', `报表“${generator.label.zh}”的参数 ${field} 无效：${issue.message}`, `report "${generator.label.en}": parameter ${field} is invalid: ${issue.message}`, [field]);
}

/**
 * Asks for a report in the background: the kind's permission is checked now (and again when it
 * runs), the request is stored `queued` and its job sent (`report.generate`, singleton per
 * report). Answers at once; the file is fetched once the report is done.
 */
export async function requestReport(db: Database, queue: Pick<JobQueue, 'send'>, caller: ReportCaller, input: { kind: string; params: Record<string, unknown> }, now: Date): Promise<ReportRequested> {
  caller.permissions.assertCan(caller.actor, 'reports.request');
  const actor = caller.actor;
  if (!actor?.userId) throw new AppError('unauthenticated', '请先登录', 'please sign in');
  const generator = generatorOf(caller, input.kind);
  const params = paramsOf(generator, input.params);
  assertMayGenerate(caller, generator, params);
  const id = await inTransaction(db, async (tx) => {
    const reportId = await insertReport(tx, { kind: input.kind, params: params as Record<string, unknown>, requestedBy: actor.userId!, requestedByName: actor.username, createdAt: now });
    await recordAuditEvent(tx, { actor, action: 'report.request', entityType: 'report_job', entityId: reportId, after: { report_kind: generator.label.zh }, origin: caller.origin });
    return reportId;
  });
  try {
    await sendReportJob(queue, id);
  } catch (error) {
    await markReportFailed(db, id, { zh: '报表未能加入生成队列，请重新提交', en: 'the report could not be queued: ask for it again' }, now).catch(() => undefined);
    throw error;
  }
  return { id, state: 'queued' };
}
