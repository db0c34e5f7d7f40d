import { findAreaTree, type AreaTree } from '../areas/index.ts';
import { hasConnectionPool, inTransaction, rowsPerBulkStatement, type Database } from '../db/index.ts';
import { findPacks } from '../policy/index.ts';
import { findEnterpriseRecordPage, wholeRegistryProfiles } from '../registry/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import { screeningRulesOf } from './screening-packs.ts';
import { evaluatePage } from './evaluate-page.ts';
import { deleteShardRows, findRun, finishShard, insertPageWrite, lockShard, markRunRunning, markShardRunning, readRunState } from './screening-repository.ts';

export interface ShardOptions {
  /** Profiles read per page (default 1,000). */
  pageSize?: number | undefined;
  /** The area tree, when the caller has it (else read once). */
  tree?: AreaTree | undefined;
  /** Called after each page with the number of enterprises evaluated (the CLI's progress bar). */
  onPage?: ((enterprises: number) => void) | undefined;
}

export type ShardOutcome = 'done' | 'already_done' | 'cancelled' | 'not_running';

/** A page found the run cancelled: the transaction rolls back, nothing of the shard is kept. */
class RunCancelled extends Error {}

/**
 * The job body of one shard (idempotent): when the run is cancelled or over, nothing; when the
 * shard is done, nothing. Otherwise, in ONE transaction, the shard's previous rows are deleted,
 * its enterprises (those its area holds) read page by page (the run checked for cancellation
 * between pages), every enterprise rule of the run evaluated (the engine's lean path), each
 * enterprise and its eligible and needs_info results written by COPY, the shard
 * marked done and its enterprises added to the run's count; the run is done when no shard is
 * left. A worker that dies mid-shard leaves nothing behind: the shard runs again from the start,
 * and no firm is counted twice.
 *
 * On PostgreSQL the database and this process work at once: the next page is read (on a pooled
 * connection, outside the transaction: reading locks nothing) while this one is evaluated and the
 * last one is written (in the transaction).
 */
export async function runScreeningShard(db: Database, runId: string, shardKey: string, options: ShardOptions = {}): Promise<ShardOutcome> {
  const run = await findRun(db, runId);
  if (!run) throw notFound('筛查', 'Screening run', runId);
  if (run.state !== 'queued' && run.state !== 'running') return run.state === 'cancelled' ? 'cancelled' : 'not_running';
  const packs = await findPacks(db);
  const rules = screeningRulesOf(packs, run.year);
  const wanted = new Map(run.packs.map((pack) => [pack.id, pack.content_hash]));
  const changed = run.packs.filter((pack) => !rules.packs.some((current) => current.id === pack.id && current.content_hash === pack.content_hash));
  if (changed.length > 0) {
    throw new AppError('conflict', `筛查启动后政策包已更新（${changed.map((pack) => pack.id).join('、')}），本次筛查不能继续：请重新发起筛查`, `pack(s) ${changed.map((pack) => pack.id).join(', ')} changed after the run started: start a new run`);
  }
  const evaluated = rules.rules.filter((rule) => wanted.has(rule.packId));
  const tree = options.tree ?? (await findAreaTree(db));
  const access = wholeRegistryProfiles(tree);
  const pageSize = options.pageSize ?? 2000;
  // On PostgreSQL the pages are read on another pooled connection while this one writes; the
  // embedded PGlite has one connection, where the shard reads, evaluates, then writes, inside its
  // transaction.
  const pipelined = hasConnectionPool(db);
  await markRunRunning(db, runId);
  await markShardRunning(db, runId, shardKey);
  try {
    return await inTransaction(db, async (tx) => {
      const state = await lockShard(tx, runId, shardKey);
      if (state === undefined) throw notFound('筛查分片', 'Screening shard', `${runId}/${shardKey}`);
      if (state === 'done') return 'already_done' as const;
      await deleteShardRows(tx, runId, shardKey);
      type Page = Awaited<ReturnType<typeof findEnterpriseRecordPage>>;
      const reader = pipelined ? db : tx;
      const chunkSize = rowsPerBulkStatement(tx);
      const readPage = (after: string | undefined): Promise<Page> => findEnterpriseRecordPage(reader, { access, exactOrgs: [shardKey], after, pageSize });
      let nextPage: Promise<Page> | undefined = readPage(undefined);
      let writing: Promise<unknown> = Promise.resolve();
      let count = 0;
      try {
        while (nextPage !== undefined) {
          const page: Page = await nextPage;
          // Asked for at once, read by the database while this page is evaluated and the last one
          // written; whether the run was cancelled meanwhile is asked beside it.
          nextPage = pipelined && page.next_after !== null ? readPage(page.next_after) : undefined;
          const state = await readRunState(reader, runId);
          if (state !== 'queued' && state !== 'running') throw new RunCancelled();
          const writes = evaluatePage(page.rows, evaluated, run.year, chunkSize, runId);
          await writing;
          writing = (async () => {
            for (const write of writes) await insertPageWrite(tx, write);
          })();
          count += page.rows.length;
          options.onPage?.(page.rows.length);
          if (!pipelined) {
            await writing;
            if (page.next_after !== null) nextPage = readPage(page.next_after);
          }
        }
        await writing;
      } finally {
        // A failed or cancelled page: the statements already sent settle before the transaction ends.
        await Promise.allSettled([nextPage, writing]);
      }
      const finalState = await readRunState(tx, runId);
      if (finalState !== 'queued' && finalState !== 'running') throw new RunCancelled();
      await finishShard(tx, runId, shardKey, count);
      return 'done' as const;
    });
  } catch (error) {
    if (error instanceof RunCancelled) return 'cancelled';
    throw error;
  }
}
