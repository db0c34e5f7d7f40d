import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PolicyPack } from '../policy/index.ts';
import type { EnterpriseRecordText } from '../registry/index.ts';
import { evaluatePage, type PageRule, type PageWrite } from './evaluate-page.ts';

/** Where a shard's pages are evaluated: on this thread, or on a worker thread while this one reads and writes. */
export interface PageEvaluator {
  /** The rows of the run `runId` to write for the page, `chunkSize` enterprises a write. */
  evaluate(rows: readonly EnterpriseRecordText[], chunkSize: number, runId: string): Promise<PageWrite[]>;
}

/** The page evaluated here, on the thread that reads and writes (the embedded database, where nothing runs at once anyway). */
export function inlinePageEvaluator(rules: readonly PageRule[], year: number): PageEvaluator {
  return { evaluate: async (rows, chunkSize, runId) => evaluatePage(rows, rules, year, chunkSize, runId) };
}

/** What the evaluating thread is told: the rules of a run (compiled there from the same packs), then pages. */
export type EvaluatorMessage =
  | { kind: 'rules'; key: string; packs: PolicyPack[]; packIds: string[]; year: number }
  | { kind: 'page'; id: number; key: string; rows: readonly EnterpriseRecordText[]; chunkSize: number; runId: string };
export type EvaluatorReply = { id: number; writes: PageWrite[] } | { id: number; error: string };

/**
 * The page evaluated on a worker thread shared by every shard of this process: building the
 * profiles (the json parsed), the rules and laying out the rows to write take most of a shard's
 * time, and on a PostgreSQL server they run beside this thread's reading and writing. The thread
 * compiles the run's rules from the same packs (`key` names them: a run and its packs' hashes)
 * and stays for the next shard; it does not keep the process alive.
 */
export function threadPageEvaluator(key: string, packs: readonly PolicyPack[], packIds: readonly string[], year: number): PageEvaluator {
  sharedThread().post({ kind: 'rules', key, packs: [...packs], packIds: [...packIds], year });
  return { evaluate: (rows, chunkSize, runId) => evaluateOnThread(key, rows, chunkSize, runId) };
}

/** A page sent to the shared thread, to be evaluated with the rules sent under `key` (rejected when the thread has none: it was restarted meanwhile). */
export function evaluateOnThread(key: string, rows: readonly EnterpriseRecordText[], chunkSize: number, runId: string): Promise<PageWrite[]> {
  return sharedThread().evaluate(key, rows, chunkSize, runId);
}

interface EvaluatorThread {
  post(message: EvaluatorMessage): void;
  evaluate(key: string, rows: readonly EnterpriseRecordText[], chunkSize: number, runId: string): Promise<PageWrite[]>;
}

let current: EvaluatorThread | undefined;

function sharedThread(): EvaluatorThread {
  current ??= startThread(() => {
    current = undefined;
  });
  return current;
}

/**
 * The thread runs TypeScript like the rest of the platform: it registers tsx first (the CLI does
 * the same in bin/kechuang), then loads its entry.
 */
function startThread(onGone: () => void): EvaluatorThread {
  const require = createRequire(import.meta.url);
  const tsxPackageFile = require.resolve('tsx/package.json');
  const tsxPackage = require(tsxPackageFile) as { exports: Record<string, { import: { default: string } }> };
  const tsxApi = pathToFileURL(tsxPackageFile.replace(/package\.json$/, '') + tsxPackage.exports['./esm/api']!.import.default).href;
  const entry = new URL('./page-evaluator-thread.ts', import.meta.url).href;
  const worker = new Worker(`import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
  worker.unref();
  const pending = new Map<number, { resolve: (writes: PageWrite[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const fail = (error: Error) => {
    onGone();
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: EvaluatorReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.writes);
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`the screening thread stopped (exit code ${code})`)));
  return {
    post: (message) => worker.postMessage(message),
    evaluate: (key, rows, chunkSize, runId) =>
      new Promise<PageWrite[]>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        // Kept alive while a page is out: the shard awaits it.
        worker.ref();
        worker.postMessage({ kind: 'page', id, key, rows, chunkSize, runId } satisfies EvaluatorMessage);
      }),
  };
}
