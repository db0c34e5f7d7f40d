import { randomUUID } from 'node:crypto';
import { jobDefaults, type JobHandler, type JobQueue, type JsonObject, type SendOptions, type WorkOptions } from './job-queue.ts';

interface QueuedJob {
  id: string;
  name: string;
  data: JsonObject;
  singletonKey: string | undefined;
  retryLimit: number;
  /** Failed tries so far. */
  failures: number;
}

interface Lane {
  handler: JobHandler | undefined;
  concurrency: number;
  waiting: QueuedJob[];
  running: Set<QueuedJob>;
}

export interface InProcessJobQueueOptions {
  /** Default retries of a failed job (default 3). */
  retryLimit?: number;
  /** Told of a try that failed; `final` when the job is given up. Default: nothing (the worker logs). */
  onFailure?: (failure: { name: string; id: string; error: unknown; final: boolean }) => void;
}

/**
 * The job queue of the embedded database: the jobs run in this process, as many at once per name
 * as the worker's concurrency, each failed job tried again up to its retryLimit. Nothing is
 * stored: a process that stops takes its waiting jobs with it, so whoever sends jobs must be able
 * to send the unfinished ones again (a screening run resumes its undone shards). Expiry does not
 * apply: a job here cannot outlive its worker.
 */
export class InProcessJobQueue implements JobQueue {
  readonly #lanes = new Map<string, Lane>();
  readonly #retryLimit: number;
  readonly #onFailure: InProcessJobQueueOptions['onFailure'];
  #state: 'created' | 'started' | 'stopping' | 'stopped' = 'created';
  readonly #idleWaiters: (() => void)[] = [];
  /** Woken each time a running job ends (stop() waits on them). */
  readonly #settleWaiters: (() => void)[] = [];

  constructor(options: InProcessJobQueueOptions = {}) {
    this.#retryLimit = options.retryLimit ?? jobDefaults.retryLimit;
    this.#onFailure = options.onFailure;
  }

  async start(): Promise<void> {
    if (this.#state !== 'created') throw new Error(`the in-process job queue is ${this.#state}; it starts once`);
    this.#state = 'started';
    for (const name of this.#lanes.keys()) this.#pump(name);
  }

  async send(name: string, data: JsonObject, options: SendOptions = {}): Promise<string | null> {
    if (this.#state === 'stopping' || this.#state === 'stopped') throw new Error(`the job queue is ${this.#state}: job ${name} was not queued`);
    const lane = this.#lane(name);
    const key = options.singletonKey;
    if (key !== undefined && [...lane.waiting, ...lane.running].some((job) => job.singletonKey === key)) return null;
    // A copy, as a stored job would be: the sender's object may change after send().
    const job: QueuedJob = { id: randomUUID(), name, data: structuredClone(data), singletonKey: key, retryLimit: options.retryLimit ?? this.#retryLimit, failures: 0 };
    lane.waiting.push(job);
    this.#pump(name);
    return job.id;
  }

  async work(name: string, handler: JobHandler, options: WorkOptions = {}): Promise<void> {
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency of job ${name} must be a whole number ≥ 1, got ${concurrency}`);
    const lane = this.#lane(name);
    if (lane.handler) throw new Error(`job ${name} already has a handler in this process`);
    lane.handler = handler;
    lane.concurrency = concurrency;
    this.#pump(name);
  }

  /** Resolves when no job with a handler is waiting or running (for the embedded server and tests). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Takes no new job and waits for the running ones; jobs still waiting are dropped (nothing is stored). */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopping';
    for (const lane of this.#lanes.values()) lane.waiting.length = 0;
    await this.#runningSettled();
    this.#state = 'stopped';
    this.#notifyIdle();
  }

  #lane(name: string): Lane {
    let lane = this.#lanes.get(name);
    if (!lane) {
      lane = { handler: undefined, concurrency: 1, waiting: [], running: new Set() };
      this.#lanes.set(name, lane);
    }
    return lane;
  }

  #pump(name: string): void {
    const lane = this.#lanes.get(name);
    if (!lane?.handler || this.#state !== 'started') return;
    while (lane.running.size < lane.concurrency && lane.waiting.length > 0) {
      const job = lane.waiting.shift()!;
      lane.running.add(job);
      void this.#run(lane, lane.handler, job);
    }
  }

  async #run(lane: Lane, handler: JobHandler, job: QueuedJob): Promise<void> {
    try {
      // The handler starts on a later turn, never inside send(): as on a queue that stores jobs.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await handler({ id: job.id, data: structuredClone(job.data) });
    } catch (error) {
      job.failures += 1;
      const final = job.failures > job.retryLimit || this.#state !== 'started';
      this.#onFailure?.({ name: job.name, id: job.id, error, final });
      if (!final) lane.waiting.push(job);
    } finally {
      lane.running.delete(job);
      for (const waiter of this.#settleWaiters.splice(0)) waiter();
      this.#pump(job.name);
      this.#notifyIdle();
    }
  }

  async #runningSettled(): Promise<void> {
    while ([...this.#lanes.values()].some((lane) => lane.running.size > 0)) {
      await new Promise<void>((resolve) => this.#settleWaiters.push(resolve));
    }
  }

  #isIdle(): boolean {
    return [...this.#lanes.values()].every((lane) => lane.running.size === 0 && (lane.waiting.length === 0 || !lane.handler || this.#state !== 'started'));
  }

  #notifyIdle(): void {
    if (!this.#isIdle()) return;
    for (const waiter of this.#idleWaiters.splice(0)) waiter();
  }
}
