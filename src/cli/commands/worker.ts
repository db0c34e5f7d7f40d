import { PgBossJobQueue, startJobWorker, type JobEvent, type JobHandlers, type PgBossJobQueueOptions } from '../../jobs/index.ts';
import { reminderMinutesOf, startReminderTimer } from '../../notices/index.ts';
import { jobHandlers, preparePlatform } from '../../platform/index.ts';
import { screeningShardRunner } from '../../screening/index.ts';
import { exitCodes, type Output } from '../output.ts';

export interface WorkerOptions {
  databaseUrl: string | undefined;
  packsDir: string | undefined;
  /** Jobs of each name run at once in this process. */
  concurrency: number;
  /** Tests: handlers besides the modules' ones, queue settings, and when to stop instead of SIGINT/SIGTERM. */
  extraHandlers?: JobHandlers;
  queue?: Omit<PgBossJobQueueOptions, 'connectionString'>;
  until?: Promise<void>;
}

/**
 * `kechuang worker`: takes jobs from the PostgreSQL queue and runs them, with no HTTP server; as
 * many workers as wanted, on one machine or many, share the jobs. On SIGINT/SIGTERM it takes no new
 * job, lets the running ones finish, then exits.
 */
export async function worker(options: WorkerOptions, output: Output): Promise<number> {
  if (!options.databaseUrl) {
    output.err('错误 error: kechuang worker 需要 PostgreSQL（DATABASE_URL）；使用内置数据库时，任务在 kechuang serve 进程内运行，无需单独的 worker — kechuang worker needs PostgreSQL (DATABASE_URL); on the embedded database the jobs run inside `kechuang serve` and no worker is needed');
    return exitCodes.usage;
  }
  const database = await preparePlatform({ databaseUrl: options.databaseUrl, packsDir: options.packsDir });
  const queue = new PgBossJobQueue({ applicationName: 'kechuang-worker', ...options.queue, connectionString: options.databaseUrl, onError: (error) => output.err(`job queue error: ${error.message}`) });
  // Each screening shard it runs at once on a worker thread of its own (the --concurrency bounds
  // them), started now so that the first shards do not wait for them.
  const screeningShards = screeningShardRunner({ db: database.db, databaseUrl: options.databaseUrl }, { threads: options.concurrency });
  let stopReminders = () => undefined as void;
  try {
    const handlers = jobHandlers(database.db, options.extraHandlers, { screeningShards });
    const names = Object.keys(handlers);
    const stopRequested = options.until ?? signalled();
    await screeningShards.ready();
    await startJobWorker(queue, handlers, { concurrency: options.concurrency, onEvent: (event) => output.err(describeJobEvent(event)) });
    // A worker ticks the reminders too (one job per time slot whoever sends it), so they go out
    // when every app server runs with KECHUANG_JOBS=off.
    stopReminders = startReminderTimer(queue, { minutes: reminderMinutesOf(process.env.KECHUANG_REMINDER_MINUTES), onError: (error) => output.err(`notices.reminders: could not queue the tick: ${error instanceof Error ? error.message : String(error)}`) });
    output.err(`科创 Kechuang worker: ${names.length === 0 ? 'no job handler is declared' : `running ${names.join(', ')}`} (${options.concurrency} at a time each) — database: ${database.location}`);
    await stopRequested;
    output.err('stopping: running jobs finish, no new job is taken…');
  } finally {
    stopReminders();
    await queue.stop();
    await screeningShards.close();
    await database.close();
  }
  output.err('stopped');
  return exitCodes.ok;
}

function signalled(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function describeJobEvent(event: JobEvent): string {
  const job = `job ${event.name} ${event.id}`;
  if (event.kind === 'started') return `${job} started`;
  if (event.kind === 'finished') return `${job} finished in ${event.milliseconds} ms`;
  const message = event.error instanceof Error ? event.error.message : String(event.error);
  return `${job} failed after ${event.milliseconds} ms (it is retried while tries remain): ${message}`;
}
