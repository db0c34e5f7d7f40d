import { createHash } from 'node:crypto';
import { findAreaTree, type AreaTree } from '../areas/index.ts';
import { inTransaction, type Database } from '../db/index.ts';
import { calculateOutcomes, toFixedText, type RuleOutcome } from '../incentives/index.ts';
import { findPacks } from '../policy/index.ts';
import { findEnterpriseProfilePage, wholeRegistryProfiles, type EnterpriseProfile } from '../registry/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import { screeningRulesOf } from './screening-packs.ts';
import { deleteShardResults, findRun, finishShard, insertResults, lockShard, markRunRunning, markShardRunning, readRunState, type ResultInsert } from './screening-repository.ts';

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
 * its enterprises read page by page (the run checked for cancellation between pages), every
 * enterprise rule of the run evaluated (the engine's lean path), the results written in
 * multi-row statements, the shard marked done and its enterprises added to the run's count; the
 * run is done when no shard is left. A worker that dies mid-shard leaves nothing behind: the
 * shard runs again from the start, and no firm is counted twice.
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
  const compiled = evaluated.map((rule) => rule.rule);
  const tree = options.tree ?? (await findAreaTree(db));
  const access = wholeRegistryProfiles(tree);
  await markRunRunning(db, runId);
  await markShardRunning(db, runId, shardKey);
  try {
    return await inTransaction(db, async (tx) => {
      const state = await lockShard(tx, runId, shardKey);
      if (state === undefined) throw notFound('筛查分片', 'Screening shard', `${runId}/${shardKey}`);
      if (state === 'done') return 'already_done' as const;
      await deleteShardResults(tx, runId, shardKey);
      let after: string | undefined;
      let count = 0;
      for (;;) {
        const runState = await readRunState(tx, runId);
        if (runState !== 'queued' && runState !== 'running') throw new RunCancelled();
        const page = await findEnterpriseProfilePage(tx, { access, org: shardKey, after, pageSize: options.pageSize });
        const rows: ResultInsert[] = [];
        for (const profile of page.profiles) {
          const outcomes = calculateOutcomes(compiled, profile, run.year);
          const hash = profileHash(profile);
          outcomes.forEach((outcome, index) => rows.push(resultOf(profile, evaluated[index]!, outcome, hash)));
        }
        await insertResults(tx, runId, shardKey, rows);
        count += page.profiles.length;
        options.onPage?.(page.profiles.length);
        if (page.next_after === null) break;
        after = page.next_after;
      }
      const runState = await readRunState(tx, runId);
      if (runState !== 'queued' && runState !== 'running') throw new RunCancelled();
      await finishShard(tx, runId, shardKey, count);
      return 'done' as const;
    });
  } catch (error) {
    if (error instanceof RunCancelled) return 'cancelled';
    throw error;
  }
}

/** SHA-256 of the profile as read (the registry builds it in a fixed order): equal hashes, equal data. */
function profileHash(profile: EnterpriseProfile): string {
  return createHash('sha256').update(JSON.stringify(profile)).digest('hex');
}

const money = (value: RuleOutcome['amount']) => (value === null ? null : toFixedText(value, 2));

function resultOf(profile: EnterpriseProfile, rule: { packId: string; incentiveId: string }, outcome: RuleOutcome, hash: string): ResultInsert {
  const outputs: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(outcome.outputs)) outputs[name] = money(value);
  // A rule that could not be computed (a division by zero) says why beside its needs_info.
  if (outcome.error !== undefined) outputs.error = outcome.error;
  return {
    enterpriseId: profile.credit_code,
    creditCode: profile.credit_code,
    name: profile.name,
    areaCode: profile.org,
    incentiveId: rule.incentiveId,
    packId: rule.packId,
    status: outcome.status,
    amount: money(outcome.amount),
    cap: money(outcome.cap),
    score: money(outcome.score),
    missing: outcome.missing,
    outputs,
    profileHash: hash,
    synthetic: profile.synthetic ?? false,
  };
}
