import type { JobHandlers, JobQueue } from './job-queue.ts';

/** What a worker tells about each job (the CLI prints it). */
export type JobEvent =
  | { kind: 'started'; name: string; id: string }
  | { kind: 'finished'; name: string; id: string; milliseconds: number }
  | { kind: 'failed'; name: string; id: string; milliseconds: number; error: unknown };

export interface JobWorkerOptions {
  /** Jobs of each name run at once in this process (default 1). */
  concurrency?: number;
  /** Per job name, overriding `concurrency`. */
  concurrencyOf?: Record<string, number>;
  onEvent?: (event: JobEvent) => void;
}

/**
 * Starts `queue` and has it run every declared handler (`{ 'screening.shard': handler }`, composed by
 * the platform). A failing handler's error goes back to the queue, which retries the job.
 */
export async function startJobWorker(queue: JobQueue, handlers: JobHandlers, options: JobWorkerOptions = {}): Promise<void> {
  await queue.start();
  const tell = options.onEvent ?? (() => undefined);
  for (const [name, handler] of Object.entries(handlers)) {
    await queue.work(
      name,
      async (job) => {
        const started = performance.now();
        tell({ kind: 'started', name, id: job.id });
        try {
          await handler(job);
        } catch (error) {
          tell({ kind: 'failed', name, id: job.id, milliseconds: Math.round(performance.now() - started), error });
          throw error;
        }
        tell({ kind: 'finished', name, id: job.id, milliseconds: Math.round(performance.now() - started) });
      },
      { concurrency: options.concurrencyOf?.[name] ?? options.concurrency ?? 1 },
    );
  }
}
