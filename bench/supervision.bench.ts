/**
 * Supervision under load (issue 14): N units (SUPERVISION_BENCH_UNITS, default 200), each with an
 * account of its own, submit their reports for the same cycle at once through the HTTP app on
 * PostgreSQL (a database of the bench's own, made afresh each run). Reported: the burst's wall
 * time and its requests' median and p99 latency, each as a ratio to a single submission measured
 * in the same run (the first 20 units submitting, one after another, for the cycle before).
 */
import pg from 'pg';
import { preparePlatform } from '../src/platform/index.ts';
import { buildApp } from '../src/server/app.ts';
import { burst, percentile, prepareLoad, signInAll, submitOne } from '../test/supervision-load.ts';
import { defaultSecuritySettings } from '../src/accounts/index.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const units = Number(process.env.SUPERVISION_BENCH_UNITS ?? 200);
const databaseName = 'kechuang_bench_supervision';

export async function runSupervisionBench(): Promise<void> {
  if (!serverUrl) {
    console.log('\n== supervision: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server: the burst is a PostgreSQL figure)');
    return;
  }
  console.log(`\n== supervision: ${units} units submit their reports for the same cycle at once (HTTP app, PostgreSQL)`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${databaseName} with (force)`);
  await admin.query(`create database ${databaseName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  const platform = await preparePlatform({ databaseUrl: url.toString() });
  const app = await buildApp({ database: platform, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 1_000_000 }, now: () => new Date('2026-12-04T02:00:00Z') });
  try {
    const { measureId, units: ids } = await prepareLoad(platform.db, units);
    const sessions = await signInAll(app, ids);
    // A single submission, one at a time: the baseline of the same run.
    const singles: number[] = [];
    for (let index = 0; index < Math.min(20, sessions.length); index += 1) {
      const result = await submitOne(app, sessions[index]!, measureId, '2026-Q3', index);
      if (result.status !== 200) throw new Error(`single submission failed: ${result.status} ${result.body}`);
      singles.push(result.ms);
    }
    const single = percentile(singles, 50);
    const { wallMs, results } = await burst(app, sessions, measureId, '2026-Q4');
    const failed = results.filter((result) => result.status !== 200);
    const latencies = results.map((result) => result.ms);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(`${'single submission (median of 20, sequential)'.padEnd(58)} ${single.toFixed(1).padStart(9)} ms`);
    console.log(`${`burst of ${units}: wall time`.padEnd(58)} ${wallMs.toFixed(1).padStart(9)} ms   ${(wallMs / single).toFixed(1).padStart(7)} × single`);
    console.log(`${`burst of ${units}: median latency`.padEnd(58)} ${p50.toFixed(1).padStart(9)} ms   ${(p50 / single).toFixed(1).padStart(7)} × single`);
    console.log(`${`burst of ${units}: p99 latency`.padEnd(58)} ${p99.toFixed(1).padStart(9)} ms   ${(p99 / single).toFixed(1).padStart(7)} × single`);
    console.log(`${'failed requests (non-200)'.padEnd(58)} ${String(failed.length).padStart(9)}`);
  } finally {
    await app.close();
    await platform.close();
  }
}
