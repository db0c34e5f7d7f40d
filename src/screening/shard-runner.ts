import type { Worker } from 'node:worker_threads';
import type { Database } from '../db/index.ts';
import { startTypeScriptWorker } from '../shared/index.ts';
import { runScreeningShard, type ShardOptions, type ShardOutcome } from './run-screening-shard.ts';

/** What runs a run's shards in this process: the job handler and the in-process dispatcher hand them here. */
export interface ShardRunner {
  /** One shard, as `runScreeningShard` runs it; `onPage` is told each page's count of enterprises. */
  run(runId: string, shardKey: string, options?: { onPage?: ((enterprises: number) => void) | undefined }): Promise<ShardOutcome>;
  /** Resolves when the threads started ahead (`shardsOnThreads`' `threads`) have loaded and connected. */
  ready(): Promise<void>;
  /** Stops what the runner started (its threads and their connections); shards still running are waited for. */
  close(): Promise<void>;
}

/** Shards run on this thread, on `db` (the embedded PGlite: it is this thread's, and runs one statement at a time anyway). */
export function shardsInThisThread(db: Database, options: Omit<ShardOptions, 'onPage'> = {}): ShardRunner {
  return {
    run: (runId, shardKey, runOptions = {}) => runScreeningShard(db, runId, shardKey, { ...options, onPage: runOptions.onPage }),
    ready: async () => undefined,
    close: async () => undefined,
  };
}

/**
 * The runner of a process: on a PostgreSQL server, each shard running at once on a worker thread of
 * its own (`shardsOnThreads`, `threads` of them started ahead), unless KECHUANG_SCREENING_THREADS=0;
 * on the embedded database, this thread.
 */
export function screeningShardRunner(database: { db: Database; databaseUrl?: string | undefined }, options: { threads?: number } = {}): ShardRunner {
  if (database.databaseUrl && process.env.KECHUANG_SCREENING_THREADS !== '0') return shardsOnThreads(database.databaseUrl, options);
  return shardsInThisThread(database.db);
}

/** What a shard thread is told, and what it answers (src/screening/shard-thread.ts). */
export type ShardThreadRequest = { kind: 'shard'; id: number; runId: string; shardKey: string; pageSize: number | undefined } | { kind: 'close' };
export type ShardThreadReply =
  | { kind: 'page'; id: number; enterprises: number }
  | { kind: 'done'; id: number; outcome: ShardOutcome }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'ready' }
  | { kind: 'closed' };

interface ShardThread {
  worker: Worker;
  /** The shard it runs, if any. */
  busy: { id: number; resolve: (outcome: ShardOutcome) => void; reject: (error: Error) => void; onPage: ((enterprises: number) => void) | undefined } | undefined;
  /** Resolves when the thread has loaded and connected (or failed to: its first shard connects again). */
  ready: Promise<void>;
  /** Resolves when the thread has closed its connections and stopped. */
  gone: Promise<void>;
}

/**
 * Each shard running at once on a worker thread of its own, with its own connections to the server
 * at `databaseUrl`: a shard's reading of profiles, evaluating and laying out of rows (most of its
 * time: the json parsed, the profiles built, the rules run) then use a core each, where on one
 * thread two shards took turns on one core (docs/screening.md, Performance). Nothing is copied
 * between the threads but a shard's key and its outcome. A thread stays for the next shard (it does
 * not keep the process alive while idle); as many threads start as shards are asked for at once —
 * the job worker's concurrency bounds them. A thread that fails or stops mid-shard fails that shard
 * (the queue tries it again: its transaction was rolled back with the connection). `threads` are
 * started ahead, so that a worker's first shards do not wait for a thread to load and connect.
 */
export function shardsOnThreads(databaseUrl: string, options: { pageSize?: number; threads?: number } = {}): ShardRunner {
  const threads: ShardThread[] = [];
  let nextId = 1;
  let closed = false;
  const start = (): ShardThread => {
    const worker = startShardThread(databaseUrl);
    let markReady = () => undefined as void;
    let markGone = () => undefined as void;
    const thread: ShardThread = { worker, busy: undefined, ready: new Promise<void>((resolve) => (markReady = resolve)), gone: new Promise<void>((resolve) => (markGone = resolve)) };
    const lose = (error: Error) => {
      const index = threads.indexOf(thread);
      if (index >= 0) threads.splice(index, 1);
      thread.busy?.reject(error);
      thread.busy = undefined;
      markReady();
      markGone();
    };
    worker.on('message', (reply: ShardThreadReply) => {
      if (reply.kind === 'ready') return markReady();
      if (reply.kind === 'closed') return void worker.terminate();
      const busy = thread.busy;
      if (!busy || busy.id !== reply.id) return;
      if (reply.kind === 'page') return busy.onPage?.(reply.enterprises);
      thread.busy = undefined;
      // Idle, the thread does not keep the process alive.
      worker.unref();
      if (reply.kind === 'done') busy.resolve(reply.outcome);
      else busy.reject(new Error(reply.message));
    });
    worker.on('error', (error) => lose(error));
    worker.on('exit', (code) => lose(new Error(`the screening thread stopped (exit code ${code}) while running a shard: the shard is tried again`)));
    threads.push(thread);
    return thread;
  };
  for (let started = 0; started < (options.threads ?? 0); started++) start();
  return {
    run: (runId, shardKey, runOptions = {}) =>
      new Promise<ShardOutcome>((resolve, reject) => {
        if (closed) return reject(new Error('the screening threads are closed'));
        const thread = threads.find((candidate) => candidate.busy === undefined) ?? start();
        const id = nextId++;
        thread.busy = { id, resolve, reject, onPage: runOptions.onPage };
        // Kept alive while a shard is out: its caller awaits it.
        thread.worker.ref();
        thread.worker.postMessage({ kind: 'shard', id, runId, shardKey, pageSize: options.pageSize } satisfies ShardThreadRequest);
      }),
    ready: async () => {
      await Promise.all(threads.map((thread) => thread.ready));
    },
    close: async () => {
      closed = true;
      const running = [...threads];
      await Promise.all(
        running.map(async (thread) => {
          // A shard still running is waited for: the thread reads the close request after it.
          thread.worker.ref();
          thread.worker.postMessage({ kind: 'close' } satisfies ShardThreadRequest);
          await thread.gone;
        }),
      );
    },
  };
}

/** A shard thread (TypeScript, as the rest of the platform: `startTypeScriptWorker`), idle until told a shard; it does not keep the process alive. */
function startShardThread(databaseUrl: string): Worker {
  const worker = startTypeScriptWorker(new URL('./shard-thread.ts', import.meta.url), { databaseUrl });
  worker.unref();
  return worker;
}
