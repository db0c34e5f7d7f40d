import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { createShardTables, runTestShard, shardItems, testShardJob } from './fixtures/shard-worker.ts';
import { InProcessJobQueue, PgBossJobQueue, startJobWorker } from './index.ts';

const postgres = databaseTargets.find((target) => target.name === 'postgres')!;
const workerScript = fileURLToPath(new URL('./fixtures/shard-worker.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Polls the database until `check` holds; the timeout is generous, and nothing is asserted about speed. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(postgres.skipReason !== undefined)(`worker processes sharing the pg-boss queue on postgres${postgres.skipReason ? ` (skipped: ${postgres.skipReason})` : ''}`, () => {
  let databaseUrl: string;
  let drop: () => Promise<void>;
  let admin: pg.Pool;
  let producer: PgBossJobQueue;
  const workers = new Set<WorkerProcess>();

  beforeAll(async () => {
    const created = await postgres.create();
    databaseUrl = created.options.databaseUrl!;
    drop = created.drop;
    admin = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    producer = new PgBossJobQueue({ connectionString: databaseUrl, applicationName: 'test-producer', retryDelaySeconds: 0 });
    await producer.start();
  });

  afterAll(async () => {
    for (const worker of workers) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await producer?.stop();
    await admin?.end();
    await drop?.();
  });

  function startWorker(name: string, prefix: string, pauseLockKey: number): WorkerProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
      cwd: repositoryRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, WORKER_NAME: name, TABLE_PREFIX: prefix, PAUSE_LOCK_KEY: String(pauseLockKey) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const worker = { child, exited, output: () => output };
    workers.add(worker);
    void exited.then(() => workers.delete(worker));
    return worker;
  }

  async function stopGracefully(worker: WorkerProcess): Promise<void> {
    worker.child.kill('SIGTERM');
    const { code } = await worker.exited;
    expect(code, worker.output()).toBe(0);
  }

  /** A connection with this application_name waits for the advisory lock the test holds: that worker is inside a shard. */
  async function waitingOnPause(applicationName: string): Promise<boolean> {
    const { rows } = await admin.query<{ n: number }>(
      `select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and not l.granted and a.application_name = $1 and a.datname = current_database()`,
      [applicationName],
    );
    return rows[0]!.n > 0;
  }

  async function connected(applicationName: string): Promise<boolean> {
    const { rows } = await admin.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where application_name = $1 and datname = current_database()`, [applicationName]);
    return rows[0]!.n > 0;
  }

  async function doneCount(prefix: string): Promise<number> {
    const { rows } = await admin.query<{ n: number }>(`select count(*)::int as n from ${prefix}shards where done`);
    return rows[0]!.n;
  }

  async function totals(prefix: string): Promise<{ rows: number; sum: number; perShard: Record<number, number> }> {
    const { rows } = await admin.query<{ shard: number; n: number; sum: number }>(`select shard, count(*)::int as n, sum(value)::int as sum from ${prefix}items group by shard order by shard`);
    return { rows: rows.reduce((total, row) => total + row.n, 0), sum: rows.reduce((total, row) => total + row.sum, 0), perShard: Object.fromEntries(rows.map((row) => [row.shard, row.n])) };
  }

  it('two workers share the shards: every shard done exactly once, both take some, and the totals equal a single-process run', async () => {
    const shards = 20;
    const pauseKey = 13_001;

    // The single-process run: the same handler, in this process, on tables of its own.
    await createShardTables(admin, 'single_', shards);
    const inProcess = new InProcessJobQueue();
    await startJobWorker(inProcess, { [testShardJob('single_')]: (job) => runTestShard(admin, { prefix: 'single_', shard: Number(job.data.shard), worker: 'single', pauseLockKey: pauseKey + 1 }) });
    for (let shard = 1; shard <= shards; shard += 1) await inProcess.send(testShardJob('single_'), { shard });
    await inProcess.idle();
    await inProcess.stop();
    expect(await doneCount('single_')).toBe(shards);

    // Two worker processes on the PostgreSQL queue. The test holds the pause lock until each worker
    // is inside a shard, so both take shards however fast either starts.
    await createShardTables(admin, 'pair_', shards);
    const pause = await admin.connect();
    try {
      await pause.query('select pg_advisory_lock($1)', [pauseKey]);
      for (let shard = 1; shard <= shards; shard += 1) {
        expect(await producer.send(testShardJob('pair_'), { shard }, { singletonKey: `pair:${shard}` })).toEqual(expect.any(String));
      }
      const a = startWorker('A', 'pair_', pauseKey);
      const b = startWorker('B', 'pair_', pauseKey);
      await waitFor('worker A inside a shard', () => waitingOnPause('shard-worker-A'));
      await waitFor('worker B inside a shard', () => waitingOnPause('shard-worker-B'));
      await pause.query('select pg_advisory_unlock($1)', [pauseKey]);

      await waitFor(`all ${shards} shards done`, async () => (await doneCount('pair_')) === shards);
      await stopGracefully(a);
      await stopGracefully(b);
    } finally {
      pause.release();
    }

    const { rows: doneRows } = await admin.query<{ shard: number; done_count: number; done_by: string }>('select shard, done_count, done_by from pair_shards order by shard');
    expect(doneRows.map((row) => row.done_count)).toEqual(Array.from({ length: shards }, () => 1));
    const byWorker = new Set(doneRows.map((row) => row.done_by));
    expect([...byWorker].sort()).toEqual(['A', 'B']);

    const single = await totals('single_');
    const pair = await totals('pair_');
    expect(pair).toEqual(single);
    expect(pair.rows).toBe(Array.from({ length: shards }, (_, index) => shardItems(index + 1).length).reduce((total, n) => total + n, 0));
    // Each shard was tried once: no worker lost one, none ran one twice.
    const { rows: tries } = await admin.query<{ n: number }>('select count(*)::int as n from pair_tries');
    expect(tries[0]!.n).toBe(shards);
  });

  it('a worker killed inside a shard: the shard expires, the other worker retries it, and no item is counted twice', async () => {
    const shards = 6;
    const pauseKey = 13_003;
    await createShardTables(admin, 'kill_', shards);
    const pause = await admin.connect();
    let killedShard: number;
    try {
      await pause.query('select pg_advisory_lock($1)', [pauseKey]);
      for (let shard = 1; shard <= shards; shard += 1) {
        expect(await producer.send(testShardJob('kill_'), { shard }, { singletonKey: `kill:${shard}`, expireInSeconds: 3, retryLimit: 5 })).toEqual(expect.any(String));
      }
      const a = startWorker('A', 'kill_', pauseKey);
      // A has written half of its shard's items, uncommitted, and waits for the pause lock.
      await waitFor('worker A inside a shard', () => waitingOnPause('shard-worker-A'));
      const { rows: triesOfA } = await admin.query<{ shard: number }>(`select shard from kill_tries where worker = 'A'`);
      expect(triesOfA).toHaveLength(1);
      killedShard = triesOfA[0]!.shard;

      a.child.kill('SIGKILL');
      expect((await a.exited).signal).toBe('SIGKILL');
      // Its server connection notices the client is gone once the lock is released, and rolls back.
      await pause.query('select pg_advisory_unlock($1)', [pauseKey]);
      await waitFor('the killed worker’s connection to end', async () => !(await connected('shard-worker-A')));
    } finally {
      pause.release();
    }
    const { rows: leftBehind } = await admin.query<{ n: number }>('select count(*)::int as n from kill_items where shard = $1', [killedShard]);
    expect(leftBehind[0]!.n).toBe(0);

    const b = startWorker('B', 'kill_', pauseKey);
    await waitFor(`all ${shards} shards done`, async () => (await doneCount('kill_')) === shards);
    await stopGracefully(b);

    const { rows: doneRows } = await admin.query<{ shard: number; done_count: number; done_by: string }>('select shard, done_count, done_by from kill_shards order by shard');
    expect(doneRows.map((row) => row.done_count)).toEqual(Array.from({ length: shards }, () => 1));
    expect(doneRows.find((row) => row.shard === killedShard)!.done_by).toBe('B');
    const kill = await totals('kill_');
    expect(kill.perShard).toEqual(Object.fromEntries(Array.from({ length: shards }, (_, index) => [index + 1, shardItems(index + 1).length])));
    const { rows: doubled } = await admin.query<{ n: number }>('select count(*)::int as n from (select shard, item from kill_items group by shard, item having count(*) > 1) as twice');
    expect(doubled[0]!.n).toBe(0);

    // The killed shard was tried by A, then by B after its expiry: pg-boss counted a retry.
    const { rows: triesOfKilled } = await admin.query<{ worker: string }>('select worker from kill_tries where shard = $1 order by id', [killedShard]);
    expect(triesOfKilled[0]!.worker).toBe('A');
    expect(triesOfKilled.slice(1).map((row) => row.worker)).toContain('B');
    const { rows: jobs } = await admin.query<{ state: string; retry_count: number }>(`select state, retry_count from pgboss.job where name = $1 and singleton_key = $2`, [testShardJob('kill_'), `kill:${killedShard}`]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.state).toBe('completed');
    expect(jobs[0]!.retry_count).toBeGreaterThanOrEqual(1);
  });

  it('a worker told to stop (SIGTERM) inside a shard takes no new one, finishes that one, and exits 0', async () => {
    const pauseKey = 13_005;
    await createShardTables(admin, 'term_', 3);
    const pause = await admin.connect();
    try {
      await pause.query('select pg_advisory_lock($1)', [pauseKey]);
      for (let shard = 1; shard <= 3; shard += 1) await producer.send(testShardJob('term_'), { shard }, { singletonKey: `term:${shard}` });
      const c = startWorker('C', 'term_', pauseKey);
      await waitFor('worker C inside a shard', () => waitingOnPause('shard-worker-C'));
      c.child.kill('SIGTERM');
      // The worker has stopped taking jobs before the test lets its shard go on.
      await waitFor('worker C to say it is stopping', async () => c.output().includes('stopping'));
      await pause.query('select pg_advisory_unlock($1)', [pauseKey]);
      const { code } = await c.exited;
      expect(code, c.output()).toBe(0);
    } finally {
      pause.release();
    }
    const { rows } = await admin.query<{ shard: number; done: boolean; done_by: string | null }>('select shard, done, done_by from term_shards order by shard');
    const finished = rows.filter((row) => row.done);
    expect(finished).toHaveLength(1);
    expect(finished[0]!.done_by).toBe('C');
    expect((await totals('term_')).rows).toBe(shardItems(finished[0]!.shard).length);
    const { rows: jobs } = await admin.query<{ shard: string; state: string; retry_count: number }>(`select data->>'shard' as shard, state, retry_count from pgboss.job where name = $1 and singleton_key like 'term:%' order by 1`, [testShardJob('term_')]);
    expect(jobs.map((job) => [Number(job.shard), job.state, job.retry_count])).toEqual(rows.map((row) => [row.shard, row.done ? 'completed' : 'created', 0]));
  });

  it('a singletonKey already queued or running is not queued again; once done it may be', async () => {
    const queue = new PgBossJobQueue({ connectionString: databaseUrl, applicationName: 'test-singleton', pollingIntervalSeconds: 0.5 });
    await queue.start();
    try {
      const first = await queue.send('test.singleton', { n: 1 }, { singletonKey: 'k' });
      expect(first).toEqual(expect.any(String));
      // Concurrent sends of one key: exactly one is queued.
      const racing = await Promise.all([1, 2, 3, 4].map((n) => queue.send('test.singleton', { n }, { singletonKey: 'k2' })));
      expect(racing.filter((id) => id !== null)).toHaveLength(1);
      expect(await queue.send('test.singleton', { n: 2 }, { singletonKey: 'k' })).toBeNull();
      expect(await queue.send('test.singleton', { n: 3 })).toEqual(expect.any(String));

      const seen: number[] = [];
      let release!: () => void;
      const allSeen = new Promise<void>((resolve) => (release = resolve));
      await queue.work('test.singleton', async (job) => {
        seen.push(job.data.n as number);
        if (seen.length === 3) release();
      });
      await allSeen;
      await waitFor('the jobs to complete', async () => {
        const { rows } = await admin.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = 'test.singleton' and state = 'completed'`);
        return rows[0]!.n === 3;
      });
      // The first 'k' job (n 1), one of the racing 'k2' jobs, the job without a key (n 3).
      expect(seen).toHaveLength(3);
      expect(seen).toContain(3);
      expect(await queue.send('test.singleton', { n: 4 }, { singletonKey: 'k' })).toEqual(expect.any(String));
    } finally {
      await queue.stop();
    }
  });

  it('several processes starting at once on a new queue create it once, without a deadlock', async () => {
    // Each instance has its own connections, as separate worker processes do.
    const queues = Array.from({ length: 6 }, (_, k) => new PgBossJobQueue({ connectionString: databaseUrl, applicationName: `test-starter-${k}` }));
    await Promise.all(queues.map((queue) => queue.start()));
    try {
      for (const name of ['test.fresh-a', 'test.fresh-b', 'test.fresh-c']) {
        await Promise.all(queues.map((queue) => queue.work(name, async () => undefined)));
      }
      const { rows } = await admin.query<{ n: number }>(`select count(*)::int as n from pgboss.queue where name like 'test.fresh-%'`);
      expect(rows[0]!.n).toBe(3);
    } finally {
      await Promise.all(queues.map((queue) => queue.stop()));
    }
  }, 120_000);
});
