import type { DatabaseOrTransaction } from '../db/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { findUnfinishedReportIds } from './report-repository.ts';
import { sendReportJob } from './request-report.ts';

/**
 * At start-up: reports a restart left queued or running get their job again (the in-process
 * queue keeps nothing; on pg-boss a job still queued or running is not sent twice: singleton key).
 */
export async function resumeUnfinishedReports(db: DatabaseOrTransaction, queue: Pick<JobQueue, 'send'>): Promise<number> {
  const ids = await findUnfinishedReportIds(db);
  for (const id of ids) await sendReportJob(queue, id);
  return ids.length;
}
