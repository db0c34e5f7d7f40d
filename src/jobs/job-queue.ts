/** What a job carries: JSON only, since on PostgreSQL it is stored as jsonb and read by another process. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** One job as its handler sees it. */
export interface Job {
  id: string;
  data: JsonObject;
}

/**
 * A job's body. It must be idempotent: a job may run again after its worker died, after it
 * overran its expiry, or after a failure (docs/jobs.md).
 */
export type JobHandler = (job: Job) => Promise<void>;

/** The handlers a module declares, by job name (`{ 'screening.shard': handler }`); the platform composes them. */
export type JobHandlers = Record<string, JobHandler>;

export interface SendOptions {
  /** While a job with this key is queued or running under the same name, sending another is a no-op (answers null). */
  singletonKey?: string;
  /** How many times a failed (or expired) job is tried again before it is given up. */
  retryLimit?: number;
  /** How long one try may run before it counts as failed (and is retried): the worker may have died. */
  expireInSeconds?: number;
}

export interface WorkOptions {
  /** How many jobs of this name this process runs at once (default 1). */
  concurrency?: number;
}

/** The one job queue: in-process on the embedded database, pg-boss on PostgreSQL. */
export interface JobQueue {
  /** Queues a job; answers its id, or null when a job with the same singletonKey is already queued or running. */
  send(name: string, data: JsonObject, options?: SendOptions): Promise<string | null>;
  /** Runs `handler` for the jobs of this name in this process. Call after start(). */
  work(name: string, handler: JobHandler, options?: WorkOptions): Promise<void>;
  start(): Promise<void>;
  /** Takes no new job, waits for the running ones to finish, then closes. */
  stop(): Promise<void>;
}

/** Default retry and expiry, shared by both queues (docs/jobs.md). */
export const jobDefaults = {
  retryLimit: 3,
  /** A screening shard of a few thousand enterprises takes seconds; a quarter of an hour means the worker is gone. */
  expireInSeconds: 15 * 60,
} as const;
