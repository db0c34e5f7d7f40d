import PgBoss from 'pg-boss';
import pg from 'pg';
import { jobDefaults, type JobHandler, type JobQueue, type JsonObject, type SendOptions, type WorkOptions } from './job-queue.ts';

export interface PgBossJobQueueOptions {
  connectionString: string;
  /** The PostgreSQL schema pg-boss keeps its tables in (created at start; default `pgboss`). */
  schema?: string;
  /** Default retries of a failed or expired job (default 3). */
  retryLimit?: number;
  /** Seconds before a failed job is tried again (default 10). */
  retryDelaySeconds?: number;
  /** Default seconds one try may run before it counts as failed: its worker may have died (default 900). */
  expireInSeconds?: number;
  /** How often an idle worker looks for jobs (default 1 s: a job sent by another process waits half a second on average). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are failed over to a retry, by whichever process gets there first (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /** How long stop() waits for running jobs before failing them over to a retry (default 30 s). */
  stopTimeoutSeconds?: number;
  /** The connection's application_name, seen in pg_stat_activity (default `kechuang-jobs`). */
  applicationName?: string;
  /** pg-boss's own errors (a lost connection, a failed maintenance): the process stays up. */
  onError?: (error: Error) => void;
}

/**
 * The job queue on PostgreSQL: pg-boss 10, so that any number of worker processes, on any number
 * of machines, share the jobs, each job taken by one worker at a time (`FOR UPDATE SKIP LOCKED`).
 * A job whose worker died stays active until its expiry; the next maintenance fails it over to a
 * retry, which another worker takes. Handlers must therefore be idempotent (docs/jobs.md).
 */
export class PgBossJobQueue implements JobQueue {
  readonly #boss: PgBoss;
  readonly #options: PgBossJobQueueOptions;
  readonly #schema: string;
  readonly #queues = new Map<string, Promise<void>>();
  /** For sends with a singletonKey: the check and the insert in one transaction. */
  #pool: pg.Pool | undefined;
  #started = false;

  constructor(options: PgBossJobQueueOptions) {
    this.#options = options;
    this.#schema = options.schema ?? 'pgboss';
    this.#boss = new PgBoss({
      connectionString: options.connectionString,
      schema: this.#schema,
      application_name: options.applicationName ?? 'kechuang-jobs',
      max: 4,
      retryLimit: options.retryLimit ?? jobDefaults.retryLimit,
      retryDelay: options.retryDelaySeconds ?? 10,
      expireInSeconds: options.expireInSeconds ?? jobDefaults.expireInSeconds,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      // Kechuang schedules no cron jobs and reads no queue statistics.
      schedule: false,
    });
    this.#boss.on('error', (error) => (options.onError ?? defaultOnError)(error));
  }

  async start(): Promise<void> {
    // pg-boss creates or migrates its schema under its own advisory lock: several workers may start at once.
    try {
      await this.#boss.start();
    } catch (error) {
      // pg-boss opened its pool before it failed (no database, no right to create its schema), and
      // its stop() closes nothing until a start succeeded: close the pool here.
      await (this.#boss.getDb() as { close?: () => Promise<void> }).close?.().catch(() => undefined);
      throw error;
    }
    this.#started = true;
  }

  async send(name: string, data: JsonObject, options: SendOptions = {}): Promise<string | null> {
    this.#assertStarted(`send ${name}`);
    await this.#queue(name);
    const sendOptions: PgBoss.SendOptions = {
      ...(options.retryLimit === undefined ? {} : { retryLimit: options.retryLimit }),
      ...(options.expireInSeconds === undefined ? {} : { expireInSeconds: options.expireInSeconds }),
    };
    if (options.singletonKey === undefined) return this.#boss.send(name, data, sendOptions);
    return this.#sendOnce(name, data, options.singletonKey, sendOptions);
  }

  async work(name: string, handler: JobHandler, options: WorkOptions = {}): Promise<void> {
    this.#assertStarted(`work ${name}`);
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency of job ${name} must be a whole number ≥ 1, got ${concurrency}`);
    await this.#queue(name);
    // pg-boss 10 runs one job at a time per worker (batchSize 1), so concurrency is that many workers.
    for (let index = 0; index < concurrency; index += 1) {
      const worker: { id?: string } = {};
      worker.id = await this.#boss.work<JsonObject>(name, { batchSize: 1, pollingIntervalSeconds: this.#options.pollingIntervalSeconds ?? 1 }, async (jobs) => {
        for (const job of jobs) await handler({ id: job.id, data: job.data });
        // A job was there: look for the next one at once rather than after the polling interval
        // (pg-boss waits the interval after each fetch, which a queue of short jobs would pay per job).
        if (worker.id !== undefined && jobs.length > 0) this.#boss.notifyWorker(worker.id);
      });
    }
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, wait: true, timeout: (this.#options.stopTimeoutSeconds ?? 30) * 1000 });
    await this.#pool?.end();
  }

  #assertStarted(what: string): void {
    if (!this.#started) throw new Error(`the job queue is not started: cannot ${what}`);
  }

  /** pg-boss 10 takes jobs only for a queue that exists; creating one is idempotent. */
  #queue(name: string): Promise<void> {
    let created = this.#queues.get(name);
    if (!created) {
      created = this.#createQueueOnce(name);
      created.catch(() => this.#queues.delete(name));
      this.#queues.set(name, created);
    }
    return created;
  }

  /**
   * pg-boss's create_queue inserts the queue's row, then makes and attaches its partition, adding a
   * foreign key to the queue table: two processes creating the same new queue at once (two workers
   * starting together) deadlock on those locks. Creation is therefore serialised across processes
   * by a session advisory lock held on a connection of our own; a later creator finds the queue made.
   */
  async #createQueueOnce(name: string): Promise<void> {
    this.#pool ??= new pg.Pool({ connectionString: this.#options.connectionString, max: 2, application_name: this.#options.applicationName ?? 'kechuang-jobs' });
    const client = await this.#pool.connect();
    try {
      await client.query('select pg_advisory_lock(hashtext($1))', [`kechuang.jobs.create_queue:${this.#schema}`]);
      try {
        await this.#boss.createQueue(name);
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', [`kechuang.jobs.create_queue:${this.#schema}`]);
      }
    } finally {
      client.release();
    }
  }

  /**
   * pg-boss's own singletonKey deduplicates only on the `short`, `singleton` and `stately` queue
   * policies, each of which also limits the jobs sent without a key. So the check is ours: under a
   * transaction-level advisory lock on (name, key), no job of that name and key is created, retrying
   * or active, then the job is inserted through the same connection.
   */
  async #sendOnce(name: string, data: JsonObject, key: string, sendOptions: PgBoss.SendOptions): Promise<string | null> {
    this.#pool ??= new pg.Pool({ connectionString: this.#options.connectionString, max: 2, application_name: this.#options.applicationName ?? 'kechuang-jobs' });
    const client = await this.#pool.connect();
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock(hashtext($1), hashtext($2))', [name, key]);
      const found = await client.query(`select 1 from ${this.#schema}.job where name = $1 and singleton_key = $2 and state < 'completed' limit 1`, [name, key]);
      let id: string | null = null;
      if (found.rowCount === 0) {
        id = await this.#boss.send(name, data, { ...sendOptions, singletonKey: key, db: { executeSql: (text, values) => client.query(text, values) } });
      }
      await client.query('commit');
      return id;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function defaultOnError(error: Error): void {
  process.stderr.write(`job queue error: ${error.message}\n`);
}
