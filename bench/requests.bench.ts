/**
 * What statelessness costs a request: a change made through one app server must hold on all of them
 * at the next request. The permission table used to be read for every API request; now the change
 * counters are (src/db/change-counters.ts), and the table only when they moved. This measures that
 * read beside a whole request and a one-row query, on the embedded PGlite and, when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL names one, on a PostgreSQL server.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadPermissionTable } from '../src/accounts/permission-repository.ts';
import { preparePlatform } from '../src/platform/prepare-platform.ts';
import { buildApp } from '../src/server/app.ts';
import { measure, report } from './timing.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function benchOn(label: string, options: { dataDir?: string; databaseUrl?: string }) {
  // The bundled packs: the Ningxia pack's row is about 150 KB of JSON, what every pack read used to parse.
  const database = await preparePlatform(options);
  const app = await buildApp({ database, logLevel: 'silent' });
  try {
    const results = await measure(
      {
        'baseline: select 1': () => database.db.execute(sql`select 1`),
        'read the permission table (now once per change; every request did)': () => loadPermissionTable(database.db),
        'a whole request: GET /api/areas/640100 (public)': () => app.inject({ method: 'GET', url: '/api/areas/640100' }),
        'readiness: GET /api/health (one shared count a second at most)': () => app.inject({ method: 'GET', url: '/api/health' }),
        'reading the Ningxia pack’s row whole (every pack read before the hash cache)': () => database.db.execute(sql`select content from policy_packs where id = 'ningxia-2022-st-action'`),
        'the same pack by its hash: GET /api/packs/ningxia-2022-st-action': () => app.inject({ method: 'GET', url: '/api/packs/ningxia-2022-st-action' }),
      },
      { timeMs: 1_500, iterations: 50 },
    );
    report(`per-request permission table on ${label} (lower is better)`, results[0]!, results.slice(1));
  } finally {
    await app.close();
    await database.close();
  }
}

export async function runRequestBench(): Promise<void> {
  console.log('== requests');
  await benchOn('embedded PGlite', { dataDir: 'memory://' });
  if (!serverUrl) return;
  const name = `kechuang_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await benchOn('PostgreSQL server', { databaseUrl: url.toString() });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
