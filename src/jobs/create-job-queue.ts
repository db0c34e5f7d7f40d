import { InProcessJobQueue, type InProcessJobQueueOptions } from './in-process-job-queue.ts';
import type { JobQueue } from './job-queue.ts';
import { PgBossJobQueue, type PgBossJobQueueOptions } from './pg-boss-job-queue.ts';

export interface JobQueueConfig {
  /** PostgreSQL (DATABASE_URL): the jobs go on pg-boss, shared by every app server and worker. */
  databaseUrl?: string | undefined;
  /** Run the jobs in this process even on PostgreSQL (tests, a single-machine install). */
  inProcess?: boolean | undefined;
  /** Settings of the queue picked (retries, expiry, polling). */
  pgBoss?: Omit<PgBossJobQueueOptions, 'connectionString'>;
  inProcessOptions?: InProcessJobQueueOptions;
}

/** The embedded database (no DATABASE_URL) runs its jobs in-process; PostgreSQL puts them on pg-boss. */
export function createJobQueue(config: JobQueueConfig): JobQueue {
  if (config.inProcess || !config.databaseUrl) return new InProcessJobQueue(config.inProcessOptions);
  return new PgBossJobQueue({ ...config.pgBoss, connectionString: config.databaseUrl });
}
