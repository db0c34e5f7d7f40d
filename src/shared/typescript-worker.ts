import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
// The sources are TypeScript run through tsx (bin/kechuang): the worker registers it before loading its entry.
const bootstrap = `const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.entry); }).catch((error) => { setImmediate(() => { throw error; }); });`;

/**
 * A worker thread running a TypeScript entry (`new URL('./x-worker.ts', import.meta.url)`); the
 * entry reads its input from `workerData.data`.
 */
export function startTypeScriptWorker(entry: URL, data: unknown, resourceLimits?: ResourceLimits): Worker {
  return new Worker(bootstrap, {
    eval: true,
    // Not the caller's flags: a test runner's --conditions would make tsx resolve its own files wrongly.
    execArgv: [],
    workerData: { tsxApi, entry: entry.href, data },
    ...(resourceLimits ? { resourceLimits } : {}),
  });
}
