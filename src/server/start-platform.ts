import { fileURLToPath } from 'node:url';
import type { DemoAccount, SecuritySettings } from '../accounts/index.ts';
import { storedFilesRoot, type DatabaseHandle } from '../db/index.ts';
import { jobHandlers, preparePlatform, queueScreeningShards, type PlatformOptions } from '../platform/index.ts';
import { buildApp } from './app.ts';
import { createJobQueue, startJobWorker } from '../jobs/index.ts';
import { resumeInterruptedRuns, screeningShardRunner } from '../screening/index.ts';
import { resumeUnfinishedReports } from '../reports/index.ts';
import { reminderMinutesOf, startReminderTimer } from '../notices/index.ts';

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface StartPlatformOptions extends PlatformOptions {
  port?: number;
  host?: string;
  webRoot?: string;
  logLevel?: string;
  settings?: SecuritySettings;
  /** Which proxies may tell the client address (TRUST_PROXY); default nobody. */
  trustProxy?: boolean | number | string[];
  /**
   * Whether this server also takes jobs (screening shards) from the queue: default yes. On
   * PostgreSQL a web server may leave them to `kechuang worker` processes (KECHUANG_JOBS=off).
   */
  workJobs?: boolean;
  /**
   * Minutes between the reminders' ticks (notices.reminders) this server sends to the queue, each
   * slot's tick queued once however many servers send it; default KECHUANG_REMINDER_MINUTES or 10.
   * Sent only when this server works jobs (not with KECHUANG_JOBS=off).
   */
  reminderMinutes?: number;
}

export interface RunningPlatform {
  url: string;
  /** The platform's database, for an embedding process (tests create accounts through the use cases). */
  database: DatabaseHandle;
  demoAccounts: DemoAccount[];
  close(): Promise<void>;
}

/** Prepares the database and packs, then serves the API and the web app. `port: 0` picks a free port. */
export async function startPlatform(options: StartPlatformOptions = {}): Promise<RunningPlatform> {
  const database = await preparePlatform(options);
  // Long jobs (screening shards) go to the job queue: pg-boss on PostgreSQL, shared by every server
  // and `kechuang worker`; in this process on the embedded database (docs/jobs.md).
  const queue = createJobQueue({ databaseUrl: options.databaseUrl });
  const dispatch = queueScreeningShards(queue);
  // Shards this server takes run on worker threads of their own on PostgreSQL, beside the requests.
  const screeningShards = screeningShardRunner({ db: database.db, databaseUrl: options.databaseUrl });
  const app = await buildApp({ database, screeningDispatcher: dispatch, reportQueue: queue, settings: options.settings, trustProxy: options.trustProxy, webRoot: options.webRoot ?? defaultWebRoot, logLevel: options.logLevel ?? 'warn', filesRoot: storedFilesRoot(options.dataDir) });
  try {
    if (options.workJobs === false && options.databaseUrl) await queue.start();
    else await startJobWorker(queue, jobHandlers(database.db, {}, { screeningShards }));
    await app.listen({ port: options.port ?? 3000, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    await app.close();
    await queue.stop().catch(() => undefined);
    await screeningShards.close();
    await database.close();
    throw error;
  }
  // Runs a restart left going continue where they stopped (a shard already queued is not queued twice).
  await resumeInterruptedRuns(database.db, dispatch);
  // Reports asked for before a restart are generated still (a job already queued is not sent twice).
  await resumeUnfinishedReports(database.db, queue);
  // The reminders' tick, behind the same switch as the job worker (KECHUANG_JOBS=off: no timer).
  const stopReminders = options.workJobs === false ? () => undefined : startReminderTimer(queue, { minutes: options.reminderMinutes ?? reminderMinutesOf(process.env.KECHUANG_REMINDER_MINUTES) });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`,
    database,
    demoAccounts: database.demoAccounts,
    async close() {
      stopReminders();
      await app.close();
      await queue.stop();
      await screeningShards.close();
      await database.close();
    },
  };
}
