import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { databaseTargets } from '../../../test/databases.ts';
import { PgBossJobQueue } from '../../jobs/index.ts';
import type { Output } from '../output.ts';
import { worker } from './worker.ts';

const postgres = databaseTargets.find((target) => target.name === 'postgres')!;
const fixturePacks = new URL('../../policy/fixtures', import.meta.url).pathname;

describe('kechuang worker', () => {
  it('on the embedded database says that jobs run inside kechuang serve, and exits 2', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const result = await runCli('worker');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('kechuang worker needs PostgreSQL (DATABASE_URL); on the embedded database the jobs run inside `kechuang serve` and no worker is needed');
      expect(result.stderr).toContain('kechuang worker 需要 PostgreSQL（DATABASE_URL）');
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  it('refuses a --concurrency that is not a whole number from 1 to 64', async () => {
    const result = await runCli('worker', '--concurrency', '0');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--concurrency must be a whole number from 1 to 64, got "0"');
  });

  it.skipIf(postgres.skipReason !== undefined)(`on postgres runs the queued jobs, logs each start, failure and finish, and stops when told${postgres.skipReason ? ` (skipped: ${postgres.skipReason})` : ''}`, async () => {
    const created = await postgres.create();
    const databaseUrl = created.options.databaseUrl!;
    const producer = new PgBossJobQueue({ connectionString: databaseUrl, applicationName: 'test-producer' });
    try {
      await producer.start();
      // Queued before any worker runs: the jobs wait in PostgreSQL.
      const okId = await producer.send('test.cli', { fail: false });
      const flakyId = await producer.send('test.cli', { fail: true });
      let lines = '';
      const output: Output = { out: (text) => (lines += `${text}\n`), err: (text) => (lines += `${text}\n`) };
      let stop!: () => void;
      const until = new Promise<void>((resolve) => (stop = resolve));
      const done = new Set<string>();
      let failedOnce = false;
      const code = await worker(
        {
          databaseUrl,
          packsDir: fixturePacks,
          concurrency: 2,
          queue: { pollingIntervalSeconds: 0.5, retryDelaySeconds: 0 },
          until,
          extraHandlers: {
            'test.cli': async (job) => {
              if (job.data.fail === true && !failedOnce) {
                failedOnce = true;
                throw new Error('the first try fails');
              }
              done.add(job.id);
              if (done.size === 2) stop();
            },
          },
        },
        output,
      );
      expect(code).toBe(0);
      expect([...done].sort()).toEqual([okId, flakyId].sort());
      expect(lines).toContain('running screening.shard, notices.reminders, test.cli (2 at a time each)');
      expect(lines).toContain(`job test.cli ${okId} started`);
      expect(lines).toMatch(new RegExp(`job test\\.cli ${okId} finished in \\d+ ms`));
      expect(lines).toMatch(new RegExp(`job test\\.cli ${flakyId} failed after \\d+ ms \\(it is retried while tries remain\\): the first try fails`));
      expect(lines).toMatch(new RegExp(`job test\\.cli ${flakyId} finished in \\d+ ms`));
      expect(lines).toContain('stopped');
    } finally {
      await producer.stop();
      await created.drop();
    }
  });
});
