import type { Database } from '../db/index.ts';
import type { JobHandlers, JobQueue } from '../jobs/index.ts';
import { shardsInThisThread, type ShardDispatcher, type ShardRunner } from '../screening/index.ts';
import { purgeExpiredReports, reportGenerateJob, runReportJob } from '../reports/index.ts';
import { reportGenerators } from './report-generators.ts';
import { noticeJobHandlers, noticeRemindersJob } from '../notices/index.ts';
import { findDueReportReminders } from '../supervision/index.ts';

/** The job that screens one shard of a run. */
export const screeningShardJob = 'screening.shard';

/** A run's shards handed to the job queue: one job each, never two queued for the same shard. */
export function queueScreeningShards(queue: JobQueue): ShardDispatcher {
  return async (runId, shardKeys) => {
    for (const shardKey of shardKeys) await queue.send(screeningShardJob, { runId, shardKey }, { singletonKey: `${runId}:${shardKey}` });
  };
}

/**
 * Every module's job handlers, composed once: `kechuang worker` runs all of them, and on the
 * embedded database the server runs them in-process. A module declares its handlers by job name
 * (`'screening.shard'`); each must be idempotent (docs/jobs.md). `extra` is for tests and
 * embedding processes, which add handlers of their own; a name declared twice is refused.
 * `screeningShards` runs the shards (default: on this thread; a process on a PostgreSQL server
 * passes `screeningShardRunner`'s threads).
 */
export function jobHandlers(db: Database, extra: JobHandlers = {}, options: { now?: () => Date; screeningShards?: ShardRunner } = {}): JobHandlers {
  const shards = options.screeningShards ?? shardsInThisThread(db);
  const declared: JobHandlers = {
    // One shard of a screening run (an area's enterprises): idempotent, it replaces the shard's rows.
    [screeningShardJob]: async (job) => {
      const { runId, shardKey } = job.data as { runId?: unknown; shardKey?: unknown };
      if (typeof runId !== 'string' || typeof shardKey !== 'string') throw new Error(`${screeningShardJob}: expected { runId, shardKey }, got ${JSON.stringify(job.data)}`);
      await shards.run(runId, shardKey);
    },
    // One report generated in the background as its requester (idempotent: the report's row is locked, a done one is left).
    [reportGenerateJob]: async (job) => {
      const { reportId } = job.data as { reportId?: unknown };
      if (typeof reportId !== 'string') throw new Error(`${reportGenerateJob}: expected { reportId }, got ${JSON.stringify(job.data)}`);
      await runReportJob(db, reportGenerators, reportId);
    },
    // The reminders' tick (notices.reminders): the notices' escalations and supervision's due and
    // overdue reports, each reminder keyed and sent once however often the slot ticks.
    ...noticeJobHandlers(db, { source: { dueReminders: findDueReportReminders }, ...(options.now ? { now: options.now } : {}) }),
  };
  // The same tick, once per slot, deletes the reports past their retention with their files.
  const remind = declared[noticeRemindersJob]!;
  declared[noticeRemindersJob] = async (job) => {
    await remind(job);
    await purgeExpiredReports(db, { now: (options.now ?? (() => new Date()))() });
  };
  for (const name of Object.keys(extra)) {
    if (name in declared) throw new Error(`job ${name} is declared twice: by a module and by the caller`);
  }
  return { ...declared, ...extra };
}
