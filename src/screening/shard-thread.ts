/**
 * A worker thread of `shardsOnThreads`: opens its own connections to the server as it starts and
 * says it is ready, then runs each shard it is told (one at a time) and answers with the outcome, the
 * pages' counts on the way. Told to close, it lets the running shard end, closes its connections
 * and says so.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type DatabaseHandle } from '../db/index.ts';
import { runScreeningShard } from './run-screening-shard.ts';
import type { ShardThreadReply, ShardThreadRequest } from './shard-runner.ts';

const port = parentPort;
if (!port) throw new Error('shard-thread runs as a worker thread only');
const { databaseUrl } = (workerData as { data: { databaseUrl: string } }).data;
const reply = (message: ShardThreadReply) => port.postMessage(message);

/** Opened at once (the thread is started ahead of its first shard); opened again by the next shard when that failed. */
let database: Promise<DatabaseHandle> | undefined = openDatabase({ databaseUrl });
let running: Promise<void> = database.then(
  () => reply({ kind: 'ready' }),
  () => {
    database = undefined;
    reply({ kind: 'ready' });
  },
);

port.on('message', (request: ShardThreadRequest) => {
  if (request.kind === 'close') {
    running = running.then(async () => {
      await (await database?.catch(() => undefined))?.close();
      reply({ kind: 'closed' });
    });
    return;
  }
  running = running.then(async () => {
    try {
      database ??= openDatabase({ databaseUrl });
      const { db } = await database.catch((error: unknown) => {
        // Not kept: the next shard tries to connect again.
        database = undefined;
        throw error;
      });
      const outcome = await runScreeningShard(db, request.runId, request.shardKey, {
        pageSize: request.pageSize,
        onPage: (enterprises) => reply({ kind: 'page', id: request.id, enterprises }),
      });
      reply({ kind: 'done', id: request.id, outcome });
    } catch (error) {
      reply({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
});
