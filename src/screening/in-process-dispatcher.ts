import { hasConnectionPool, type Database } from '../db/index.ts';
import { markRunFailed } from './screening-repository.ts';
import type { ShardDispatcher } from './screening-caller.ts';
import type { ShardOptions } from './run-screening-shard.ts';
import { shardsInThisThread, type ShardRunner } from './shard-runner.ts';

export interface InProcessDispatcher {
  /** Hands the shards over and returns at once; they run one after another in the background. */
  dispatch: ShardDispatcher;
  /** Resolves when every shard handed over so far has run (the CLI and the tests wait on it). */
  idle(): Promise<void>;
}

/** How often a shard that failed is run again before its run is marked failed. */
const attempts = 3;

/**
 * Shards run at once on a PostgreSQL server: each on a thread of its own when the runner is
 * `shardsOnThreads`, or taking turns on this one, where the database reads or writes one's page
 * while the other's is evaluated (docs/screening.md, Performance).
 */
export const shardsAtOnceOnAServer = 2;

/**
 * The embedded default: shards run in this process, by `runner` (default: on this thread) — on
 * PGlite one after another (a shard's transaction holds the database, so running two at once would
 * gain nothing), on a PostgreSQL server two at a time. A shard that fails is tried again; after
 * the last try the run is marked failed with the reason. The lead replaces this by the job queue
 * on a server.
 */
export function createInProcessDispatcher(
  db: Database,
  options: ShardOptions & { runner?: ShardRunner; onShard?: (runId: string, shardKey: string) => void; shardsAtOnce?: number } = {},
): InProcessDispatcher {
  const shardsAtOnce = options.shardsAtOnce ?? (hasConnectionPool(db) ? shardsAtOnceOnAServer : 1);
  const runner = options.runner ?? shardsInThisThread(db, options);
  let chain: Promise<void> = Promise.resolve();
  const runOne = async (runId: string, shardKey: string) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await runner.run(runId, shardKey, { onPage: options.onPage });
        options.onShard?.(runId, shardKey);
        return outcome;
      } catch (error) {
        if (attempt >= attempts) {
          await markRunFailed(db, runId, error instanceof Error ? error.message : String(error)).catch(() => undefined);
          return 'failed' as const;
        }
      }
    }
  };
  return {
    dispatch: async (runId, shardKeys) => {
      chain = chain.then(async () => {
        const waiting = [...shardKeys];
        let over = false;
        // `shardsAtOnce` lanes take the next shard as each finishes; a cancelled, ended or failed run stops them all.
        const lane = async () => {
          for (let key = waiting.shift(); key !== undefined && !over; key = waiting.shift()) {
            const outcome = await runOne(runId, key);
            if (outcome === 'cancelled' || outcome === 'not_running' || outcome === 'failed') over = true;
          }
        };
        await Promise.all(Array.from({ length: Math.min(shardsAtOnce, shardKeys.length) }, lane));
      });
    },
    idle: async () => {
      // Shards dispatched while waiting are waited for too.
      for (let seen: Promise<void> | undefined; seen !== chain; ) {
        seen = chain;
        await seen;
      }
    },
  };
}
