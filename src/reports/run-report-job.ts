import { actorOf, getUserById, loadPermissionTable, noOrigin } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import { inTransaction, type Database, type Transaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import { assertMayGenerate, type ReportGenerators, type ReportRequester } from './report-generators.ts';
import { lockReport, markReportFailed, markReportRunning, storeReportFile, type ReportRow } from './report-repository.ts';
import { generatorOf, paramsOf, reportRetryLimit } from './request-report.ts';

export interface ReportJobOptions {
  /** The clock (tests fix it). */
  now?: () => Date;
  /** Tries in all before the report is marked failed (default: the first and its retries). */
  maxAttempts?: number;
}

/** Failures no retry can mend: the report is marked failed at once. */
const finalCodes = new Set(['forbidden', 'unauthenticated', 'bad_request', 'not_found', 'invalid_pack']);

/** The requesting account as it is now: disabled or gone, the report is refused. */
async function requesterOf(tx: Transaction, row: ReportRow, now: Date): Promise<ReportRequester> {
  const user = await getUserById(tx, row.requested_by).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') throw new AppError('forbidden', `申请人账号“${row.requested_by_name}”已不存在，报表未生成`, `the requesting account "${row.requested_by_name}" no longer exists: the report was not generated`);
    throw error;
  });
  if (user.status !== 'active') throw new AppError('forbidden', `申请人账号“${user.username}”已停用，报表未生成`, `the requesting account "${user.username}" is disabled: the report was not generated`);
  return { actor: actorOf(user), permissions: await loadPermissionTable(tx), tree: await findAreaTree(tx), origin: noOrigin, now };
}

/**
 * The body of job `report.generate` (idempotent, docs/jobs.md): a try is counted on the report's
 * locked row, then the report is generated and stored in one transaction that holds the row, so
 * a second try waits and finds it done. The generator runs as the requester, with the
 * permissions in force now: a grant revoked since the request fails the report with the reason.
 * A failure that a retry cannot mend (permission, parameters) fails it at once; another is
 * thrown for the queue to retry, until the last try, which fails the report with the message.
 */
export async function runReportJob(db: Database, generators: ReportGenerators, reportId: string, options: ReportJobOptions = {}): Promise<void> {
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? reportRetryLimit + 1;
  const attempts = await inTransaction(db, async (tx) => {
    const row = await lockReport(tx, reportId);
    if (!row || row.state === 'done' || row.state === 'failed') return undefined;
    await markReportRunning(tx, reportId, now());
    return row.attempts + 1;
  });
  if (attempts === undefined) return;
  try {
    await inTransaction(db, async (tx) => {
      const row = await lockReport(tx, reportId);
      if (!row || row.state !== 'running') return;
      const generator = generatorOf({ generators }, row.kind);
      const params = paramsOf(generator, row.params);
      const requester = await requesterOf(tx, row, now());
      try {
        assertMayGenerate(requester, generator, params);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        throw new AppError('forbidden', `账号“${requester.actor.username}”已无权生成“${generator.label.zh}”（权限 ${generator.action} 已收回），报表未生成`, `account "${requester.actor.username}" may no longer have "${generator.label.en}" (permission ${generator.action} revoked): the report was not generated`);
      }
      const file = await generator.generate(tx, requester, params);
      await storeReportFile(tx, reportId, file, now());
    });
  } catch (error) {
    const final = error instanceof AppError && finalCodes.has(error.code);
    if (!final && attempts < maxAttempts) throw error;
    const reason =
      error instanceof AppError
        ? { zh: error.message, en: error.messageEn }
        : { zh: `报表生成失败（已尝试 ${attempts} 次）：${error instanceof Error ? error.message : String(error)}`, en: `the report failed after ${attempts} tries: ${error instanceof Error ? error.message : String(error)}` };
    await markReportFailed(db, reportId, reason, now());
  }
}
