/**
 * Issue 13, scale-out: a screening run's shards on the PostgreSQL job queue, taken by two
 * `kechuang worker` processes. Every shard is done exactly once, both workers take shards, and the
 * totals equal a single-process run of the same register. A worker killed (SIGKILL) inside a shard
 * leaves nothing written; the shard's job expires, another worker retries it, and no firm is
 * counted twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { actorOf, loadPermissionTable, noOrigin } from '../accounts/index.ts';
import { findUserByUsername } from '../accounts/user-repository.ts';
import { findAreaTree } from '../areas/index.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';
import { createJobQueue, PgBossJobQueue, type JobQueue } from '../jobs/index.ts';
import { createInProcessDispatcher, getScreeningRun, startScreeningRun, type ScreeningCaller } from '../screening/index.ts';
import { preparePlatform, queueScreeningShards, screeningShardJob } from './index.ts';

const postgres = databaseTargets.find((target) => target.name === 'postgres')!;
const cli = fileURLToPath(new URL('../../bin/kechuang', import.meta.url));
const now = new Date('2025-06-30T12:00:00+08:00');

describe.skipIf(postgres.skipReason !== undefined)(`screening shards taken by two kechuang worker processes on postgres${postgres.skipReason ? ` (skipped: ${postgres.skipReason})` : ''}`, () => {
  let database: DatabaseHandle;
  let databaseUrl: string;
  let drop: () => Promise<void>;
  let queue: JobQueue;
  let caller: ScreeningCaller;
  /** The single-process reference run (the first test), for the second to compare with. */
  let referenceId = '';
  const workers: { child: ChildProcess; output: () => string; exited: Promise<number | null> }[] = [];

  beforeAll(async () => {
    const created = await postgres.create();
    databaseUrl = created.options.databaseUrl!;
    drop = created.drop;
    // A synthetic register spread over the region's counties: one shard per county.
    database = await preparePlatform({ ...created.options, demoRegistryEnterprises: 240 });
    await createTestAccounts(database.db);
    caller = { actor: actorOf((await findUserByUsername(database.db, 'coordinator'))!), permissions: await loadPermissionTable(database.db), tree: await findAreaTree(database.db), origin: noOrigin };
    queue = createJobQueue({ databaseUrl });
    await queue.start();
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await queue?.stop();
    await database?.close();
    await drop?.();
  });

  // One job at a time each (the default is two): the tests hold a shard's row, and a worker blocked
  // inside it must take nothing else, so that the other worker does the rest, or is killed there.
  const startWorker = () => {
    const child = spawn(process.execPath, [cli, 'worker', '--concurrency', '1'], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const worker = { child, output: () => output, exited };
    workers.push(worker);
    return worker;
  };

  /** Polls until `check` holds (generous timeout; nothing is asserted about speed). */
  const waitFor = async (what: string, check: () => Promise<boolean>, ...shown: { output: () => string }[]) => {
    const deadline = Date.now() + 180_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${shown.map((worker) => worker.output()).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const totalsOf = async (runId: string) =>
    (await getScreeningRun(database.db, caller, runId)).totals.map((total) => JSON.stringify(total)).sort();

  it('does every shard once, shares them between the workers, and totals what one process totals', async () => {
    // The single-process reference.
    const inProcess = createInProcessDispatcher(database.db);
    const reference = await startScreeningRun(database.db, caller, { year: 2024 }, inProcess.dispatch, now);
    await inProcess.idle();
    referenceId = reference.id;
    const referenceRun = await getScreeningRun(database.db, caller, reference.id);
    expect(referenceRun.state).toBe('done');
    expect(referenceRun.shards_total).toBeGreaterThan(4);

    // The same register through the queue, two worker processes taking the shards. The test holds
    // the first shard's row: the worker that takes it waits there, so the other takes the rest —
    // both work, whichever starts first — and the row is let go once every other shard is done.
    const first = startWorker();
    const second = startWorker();
    await waitFor('both workers to start', async () => [first, second].every((worker) => worker.output().includes('Kechuang worker: running')), first, second);
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    let shardKeys: readonly string[] = [];
    const queued = await startScreeningRun(
      database.db,
      caller,
      { year: 2024 },
      async (runId, keys) => {
        shardKeys = keys;
        await holder.query('begin');
        await holder.query('select 1 from screening_shards where run_id = $1::uuid and shard_key = $2 for update', [runId, keys[0]]);
        await queueScreeningShards(queue)(runId, keys);
      },
      now,
    );
    await waitFor('every shard but the held one', async () => (await getScreeningRun(database.db, caller, queued.id)).shards_done === shardKeys.length - 1, first, second);
    await holder.query('commit');
    await holder.end();
    await waitFor('the run to finish', async () => (await getScreeningRun(database.db, caller, queued.id)).state === 'done', first, second);
    const run = await getScreeningRun(database.db, caller, queued.id);
    expect(run).toMatchObject({ enterprises_done: referenceRun.enterprises_total, shards_done: referenceRun.shards_total });
    expect(await totalsOf(queued.id)).toEqual(await totalsOf(reference.id));
    // No firm counted twice: one row per enterprise × incentive, as in the reference.
    const rows = async (runId: string) => (await queryRows<{ n: number; firms: number }>(database.db, sql`select count(*)::int as n, count(distinct enterprise_id)::int as firms from screening_results where run_id = ${runId}::uuid`))[0]!;
    expect(await rows(queued.id)).toEqual(await rows(reference.id));
    // Each shard finished exactly once, by one worker or the other, and both took some.
    const finished = (output: string) => (output.match(/job screening\.shard \S+ finished/g) ?? []).length;
    expect(finished(first.output()) + finished(second.output())).toBe(referenceRun.shards_total);
    expect(finished(first.output())).toBeGreaterThan(0);
    expect(finished(second.output())).toBeGreaterThan(0);

    for (const worker of [first, second]) worker.child.kill('SIGTERM');
    expect(await Promise.all([first.exited, second.exited])).toEqual([0, 0]);
  }, 300_000);

  it('retries a shard whose worker was killed inside it, and counts no firm twice', async () => {
    expect(referenceId).not.toBe('');
    // Jobs that expire after 3 s, and a queue whose maintenance (which fails an expired job over to
    // a retry) runs every second: what a killed worker leaves behind is picked up within seconds.
    const producer = new PgBossJobQueue({ connectionString: databaseUrl, applicationName: 'test-producer', retryDelaySeconds: 0, maintenanceIntervalSeconds: 1 });
    await producer.start();
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      const doomed = startWorker();
      await waitFor('the worker to start', async () => doomed.output().includes('Kechuang worker: running'), doomed);
      let shardKeys: readonly string[] = [];
      const run = await startScreeningRun(
        database.db,
        caller,
        { year: 2024 },
        async (runId, keys) => {
          shardKeys = keys;
          await holder.query('begin');
          await holder.query('select 1 from screening_shards where run_id = $1::uuid and shard_key = $2 for update', [runId, keys[0]]);
          for (const shardKey of keys) await producer.send(screeningShardJob, { runId, shardKey }, { singletonKey: `${runId}:${shardKey}`, expireInSeconds: 3 });
        },
        now,
      );
      // The worker is inside the first shard (its transaction waits on the held row): kill it there.
      await waitFor('the worker to wait inside the first shard', async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from pg_locks where not granted and locktype = 'transactionid'`))[0]!.n > 0, doomed);
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      await holder.query('rollback');
      // Another worker finishes the run, the killed worker's shard among its jobs once it expired.
      const rescuer = startWorker();
      await waitFor('the run to finish', async () => (await getScreeningRun(database.db, caller, run.id)).state === 'done', rescuer);
      expect(await totalsOf(run.id)).toEqual(await totalsOf(referenceId));
      const rows = async (runId: string) => (await queryRows<{ n: number; firms: number }>(database.db, sql`select count(*)::int as n, count(distinct enterprise_id)::int as firms from screening_results where run_id = ${runId}::uuid`))[0]!;
      expect(await rows(run.id)).toEqual(await rows(referenceId));
      const finished = (rescuer.output().match(/job screening\.shard \S+ finished/g) ?? []).length;
      expect(finished).toBe(shardKeys.length);
      // The killed worker's shard was retried (pg-boss counts the try that expired), and done once.
      const [job] = await queryRows<{ retry_count: number; state: string }>(database.db, sql`select retry_count, state from pgboss.job where name = ${screeningShardJob} and data->>'runId' = ${run.id} and data->>'shardKey' = ${shardKeys[0]!}`);
      expect(job).toMatchObject({ state: 'completed' });
      expect(job!.retry_count).toBeGreaterThanOrEqual(1);
      rescuer.child.kill('SIGTERM');
      expect(await rescuer.exited).toBe(0);
    } finally {
      await holder.end();
      await producer.stop();
    }
  }, 300_000);
});
