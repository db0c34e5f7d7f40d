import { describe, expect, it } from 'vitest';
import { createJobQueue, InProcessJobQueue, PgBossJobQueue, startJobWorker, type JobEvent } from './index.ts';

/** A promise the test resolves: orders events without sleeps. */
function latch(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('InProcessJobQueue', () => {
  it('runs every job with its data, as many at once as the concurrency', async () => {
    const queue = new InProcessJobQueue();
    await queue.start();
    const gate = latch();
    const seen: number[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const twoRunning = latch();
    await queue.work(
      'test.add',
      async (job) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        if (running === 2) twoRunning.open();
        await gate.promise;
        seen.push(job.data.n as number);
        running -= 1;
      },
      { concurrency: 2 },
    );
    const ids = await Promise.all([1, 2, 3, 4, 5].map((n) => queue.send('test.add', { n })));
    expect(new Set(ids).size).toBe(5);
    await twoRunning.promise;
    gate.open();
    await queue.idle();
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(mostAtOnce).toBe(2);
    await queue.stop();
  });

  it('keeps jobs sent before a handler exists and runs them once one is declared', async () => {
    const queue = new InProcessJobQueue();
    await queue.start();
    await queue.send('test.late', { n: 1 });
    const done: number[] = [];
    await queue.work('test.late', async (job) => void done.push(job.data.n as number));
    await queue.idle();
    expect(done).toEqual([1]);
    await queue.stop();
  });

  it('tries a failing job again up to its retryLimit, then gives it up and says so', async () => {
    const failures: { id: string; final: boolean; message: string }[] = [];
    const queue = new InProcessJobQueue({ retryLimit: 2, onFailure: ({ id, final, error }) => failures.push({ id, final, message: (error as Error).message }) });
    await queue.start();
    const tries = new Map<string, number>();
    await queue.work('test.flaky', async (job) => {
      const kind = job.data.kind as string;
      tries.set(kind, (tries.get(kind) ?? 0) + 1);
      if (kind === 'always' || tries.get(kind)! <= 2) throw new Error(`${kind} try ${tries.get(kind)} failed`);
    });
    const recovers = await queue.send('test.flaky', { kind: 'recovers' });
    const never = await queue.send('test.flaky', { kind: 'always' }, { retryLimit: 1 });
    await queue.idle();
    // Two failures, then the third try succeeds (retryLimit 2 allows two retries).
    expect(tries.get('recovers')).toBe(3);
    expect(failures.filter((failure) => failure.id === recovers)).toEqual([
      { id: recovers, final: false, message: 'recovers try 1 failed' },
      { id: recovers, final: false, message: 'recovers try 2 failed' },
    ]);
    // retryLimit 1 on send: one retry, then given up.
    expect(tries.get('always')).toBe(2);
    expect(failures.filter((failure) => failure.id === never)).toEqual([
      { id: never, final: false, message: 'always try 1 failed' },
      { id: never, final: true, message: 'always try 2 failed' },
    ]);
    await queue.stop();
  });

  it('does not queue a job whose singletonKey is already queued or running, and queues it again once that one is done', async () => {
    const queue = new InProcessJobQueue();
    await queue.start();
    const first = await queue.send('test.shard', { shard: 'a' }, { singletonKey: 'run-1:a' });
    expect(first).toEqual(expect.any(String));
    expect(await queue.send('test.shard', { shard: 'a' }, { singletonKey: 'run-1:a' })).toBeNull();
    // Another key, or another job name with the same key, is a job of its own.
    expect(await queue.send('test.shard', { shard: 'b' }, { singletonKey: 'run-1:b' })).toEqual(expect.any(String));
    expect(await queue.send('test.other', { shard: 'a' }, { singletonKey: 'run-1:a' })).toEqual(expect.any(String));

    const gate = latch();
    const inside = latch();
    const ran: string[] = [];
    await queue.work('test.shard', async (job) => {
      if (job.data.shard === 'a') {
        inside.open();
        await gate.promise;
      }
      ran.push(job.data.shard as string);
    });
    await inside.promise;
    // Running counts as taken too.
    expect(await queue.send('test.shard', { shard: 'a' }, { singletonKey: 'run-1:a' })).toBeNull();
    gate.open();
    await queue.idle();
    expect(ran.sort()).toEqual(['a', 'b']);
    const again = await queue.send('test.shard', { shard: 'a' }, { singletonKey: 'run-1:a' });
    expect(again).toEqual(expect.any(String));
    expect(again).not.toBe(first);
    await queue.idle();
    expect(ran.sort()).toEqual(['a', 'a', 'b']);
    await queue.stop();
  });

  it('stop() waits for the running jobs to finish and takes no new one', async () => {
    const queue = new InProcessJobQueue();
    await queue.start();
    const gate = latch();
    const inside = latch();
    const order: string[] = [];
    await queue.work('test.slow', async (job) => {
      order.push(`start ${job.data.n}`);
      inside.open();
      await gate.promise;
      order.push(`finish ${job.data.n}`);
    });
    await queue.send('test.slow', { n: 1 });
    await queue.send('test.slow', { n: 2 });
    await inside.promise;
    const stopped = queue.stop().then(() => order.push('stopped'));
    gate.open();
    await stopped;
    expect(order).toEqual(['start 1', 'finish 1', 'stopped']);
    await expect(queue.send('test.slow', { n: 3 })).rejects.toThrow('the job queue is stopped');
  });

  it('gives each try its own copy of the data', async () => {
    const queue = new InProcessJobQueue();
    await queue.start();
    const data = { list: [1] };
    const seen: unknown[] = [];
    await queue.work('test.copy', async (job) => void seen.push(job.data));
    await queue.send('test.copy', data);
    data.list.push(2);
    await queue.idle();
    expect(seen).toEqual([{ list: [1] }]);
    await queue.stop();
  });
});

describe('createJobQueue and startJobWorker', () => {
  it('picks the in-process queue on the embedded database or when asked, pg-boss on PostgreSQL', () => {
    expect(createJobQueue({})).toBeInstanceOf(InProcessJobQueue);
    expect(createJobQueue({ databaseUrl: 'postgres://example.invalid/db', inProcess: true })).toBeInstanceOf(InProcessJobQueue);
    expect(createJobQueue({ databaseUrl: 'postgres://example.invalid/db' })).toBeInstanceOf(PgBossJobQueue);
  });

  it('starts the queue with every declared handler and tells each job’s start, end and failure', async () => {
    const queue = new InProcessJobQueue({ retryLimit: 1 });
    const events: JobEvent['kind'][] = [];
    const done: string[] = [];
    let failedOnce = false;
    await startJobWorker(
      queue,
      {
        'test.one': async () => void done.push('one'),
        'test.two': async () => {
          if (!failedOnce) {
            failedOnce = true;
            throw new Error('first try fails');
          }
          done.push('two');
        },
      },
      { onEvent: (event) => events.push(event.kind) },
    );
    await queue.send('test.one', {});
    await queue.idle();
    await queue.send('test.two', {});
    await queue.idle();
    expect(done).toEqual(['one', 'two']);
    expect(events).toEqual(['started', 'finished', 'started', 'failed', 'started', 'finished']);
    await queue.stop();
  });
});
