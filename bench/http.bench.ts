/**
 * Reads under load: 100 connections against a real server process (`kechuang serve`), on the
 * embedded PGlite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names one, on a PostgreSQL
 * server. Every endpoint's throughput is printed as a ratio to `/api/live` — a route that touches
 * no database — measured on the same server in the same run (issue 10: ≥ 0.5× for the probes and
 * the pack list, ≥ 0.1× for evaluation, registry search and an enterprise page; p99 ≤ 100 ms;
 * no errors; server RSS ≤ 1 GB).
 *
 * The load generator runs in this process and the server in a child, so that the two do not share
 * an event loop. BENCH_HTTP_SECONDS sets the time per endpoint (default 30).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createUser, loadPermissionTable, noOrigin, systemActor } from '../src/accounts/index.ts';
import { findAreaTree } from '../src/areas/index.ts';
import { loadBundledAreaTree } from '../src/areas/load-areas.ts';
import { preparePlatform } from '../src/platform/index.ts';
import { loadDemoRegistry } from '../src/registry/index.ts';
import { generateDemoRegistry } from '../src/registry/generate-demo-registry.ts';
import { currentYear, type TableFile } from '../src/shared/index.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 30);
const connections = 100;
const registryEnterprises = 20_000;
const cli = fileURLToPath(new URL('../bin/kechuang', import.meta.url));
const benchUser = { username: 'bench-coordinator', password: `Bench-${randomBytes(9).toString('base64url')}` };
/** An area reporter of 银川: reads the registry of its area with contacts masked (no audit row per view). */
const benchReporter = { username: 'bench-yinchuan-reporter', password: `Bench-${randomBytes(9).toString('base64url')}` };

interface Endpoint {
  label: string;
  path: string;
  /** Who asks: registry reads are never public. */
  signedIn?: 'coordinator' | 'reporter';
  /** The least acceptable throughput as a share of the no-database route's. */
  minimumRatio: number;
}

interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  peakRssMb: number;
}

/** Fills a fresh store: packs, bundled data, a synthetic registry and a coordinator who needs no password change. */
async function seed(options: { dataDir?: string; databaseUrl?: string }): Promise<void> {
  const database = await preparePlatform(options);
  try {
    const permissions = await loadPermissionTable(database.db);
    await loadDemoRegistry(database.db, { enterprises: registryEnterprises, platforms: registryEnterprises / 10, contracts: registryEnterprises }, { tree: await findAreaTree(database.db), permissions });
    await createUser(database.db, { username: benchUser.username, display_name: '基准测试·统筹', role: 'coordinator', password: benchUser.password }, { actor: systemActor, permissions, origin: noOrigin, mustChangePassword: false });
    await createUser(database.db, { username: benchReporter.username, display_name: '基准测试·银川填报', role: 'area_reporter', org_code: '640100', password: benchReporter.password }, { actor: systemActor, permissions, origin: noOrigin, mustChangePassword: false });
  } finally {
    await database.close();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startServer(options: { dataDir: string; databaseUrl?: string }): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error', DATABASE_URL: options.databaseUrl ?? '' };
  if (!options.databaseUrl) delete env.DATABASE_URL;
  // BENCH_SERVER_NODE_ARGS: extra flags for the server's node, e.g. `--cpu-prof --cpu-prof-dir=DIR`.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, cli, 'serve', '--port', String(port), '--data-dir', options.dataDir], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not become healthy in 60 s');
}

async function signIn(base: string, user: { username: string; password: string }): Promise<string> {
  const response = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function load(base: string, endpoint: Endpoint, cookies: Record<'coordinator' | 'reporter', string>, pid: number): Promise<LoadResult> {
  let peakRssMb = rssMb(pid);
  const sampler = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, rssMb(pid));
  }, 250);
  try {
    const result = await autocannon({ url: `${base}${endpoint.path}`, connections, duration: seconds, headers: endpoint.signedIn ? { cookie: cookies[endpoint.signedIn] } : {} });
    return {
      label: endpoint.label,
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      peakRssMb,
    };
  } finally {
    clearInterval(sampler);
  }
}

async function firstEnterpriseCode(base: string, cookie: string): Promise<string> {
  const response = await fetch(`${base}/api/registry/enterprises?q=${encodeURIComponent('科技')}&org=640100&limit=1`, { headers: { cookie } });
  const page = (await response.json()) as { enterprises?: { credit_code: string }[] };
  const code = page.enterprises?.[0]?.credit_code;
  if (!code) throw new Error(`no enterprise found for the enterprise page (${response.status})`);
  return code;
}

async function benchOn(label: string, options: { dataDir: string; databaseUrl?: string }): Promise<void> {
  console.log(`\n${label}: seeding ${registryEnterprises.toLocaleString('en')} synthetic enterprises…`);
  await seed(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: options.dataDir });
  const { child, base } = await startServer(options);
  try {
    const cookie = await signIn(base, benchUser);
    const cookies = { coordinator: cookie, reporter: await signIn(base, benchReporter) };
    const code = await firstEnterpriseCode(base, cookie);
    const endpoints: Endpoint[] = [
      { label: 'baseline: GET /api/live (no database)', path: '/api/live', minimumRatio: 1 },
      { label: 'GET /api/health', path: '/api/health', minimumRatio: 0.5 },
      { label: 'GET /api/packs', path: '/api/packs', minimumRatio: 0.5 },
      { label: 'evaluation (Ningxia pack, region, 2024)', path: '/api/packs/ningxia-2022-st-action/evaluation?org=640000&as_of=2024', minimumRatio: 0.1 },
      { label: 'registry search 科技 (coordinator)', path: `/api/registry/enterprises?q=${encodeURIComponent('科技')}&limit=20`, signedIn: 'coordinator', minimumRatio: 0.1 },
      { label: 'an enterprise page (银川 reporter, masked)', path: `/api/registry/enterprises/${code}`, signedIn: 'reporter', minimumRatio: 0.1 },
      // Contacts are personal information: every view of them writes an audit row (a chained append).
      { label: 'the same page with contacts (audited view)', path: `/api/registry/enterprises/${code}`, signedIn: 'coordinator', minimumRatio: 0.1 },
    ];
    // BENCH_HTTP_ONLY: a pattern of endpoint labels to run (the baseline always runs), for profiling one route.
    const only = process.env.BENCH_HTTP_ONLY ? new RegExp(process.env.BENCH_HTTP_ONLY) : undefined;
    const chosen = endpoints.filter((endpoint, index) => index === 0 || !only || only.test(endpoint.label));
    const results: LoadResult[] = [];
    for (const endpoint of chosen) results.push(await load(base, endpoint, cookies, child.pid!));
    printTable(`HTTP reads on ${label}: ${connections} connections, ${seconds} s each (higher ratio is better)`, chosen, results);
    if (!only || only.test('import')) await responsivenessDuringImport(base, cookie, label);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** Writes a registry table as the CSV a clerk would upload. */
function csvOf(table: TableFile): string {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return [table.columns.join(','), ...table.rows.map((row) => table.columns.map((column) => quote(row.cells[column] ?? '')).join(','))].join('\n');
}

/**
 * Does the server keep answering while it imports? 100,000 enterprises are uploaded as CSV while
 * one client asks for the liveness probe, and another for the pack list (cached: no database), every
 * 20 ms. Their latencies during the import are printed beside the same requests' when idle.
 */
async function responsivenessDuringImport(base: string, cookie: string, label: string): Promise<void> {
  const rows = 100_000;
  const table = generateDemoRegistry(loadBundledAreaTree(), { enterprises: rows, platforms: 0, contracts: 0, financialYears: 0 }, 11, currentYear(new Date())).enterprises;
  // The same codes as the seeded register's first 20,000 (those rows update), then 80,000 new ones.
  const csv = csvOf(table);
  const csrf = /kc_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
  const probe = async (path: string, until: () => boolean): Promise<number[]> => {
    const times: number[] = [];
    do {
      const started = performance.now();
      await fetch(`${base}${path}`).then((response) => response.arrayBuffer());
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } while (!until());
    return times;
  };
  const idleUntil = Date.now() + 2_000;
  const idle = await Promise.all(['/api/live', '/api/packs'].map((path) => probe(path, () => Date.now() > idleUntil)));
  let done = false;
  const started = performance.now();
  const importing = fetch(`${base}/api/registry/enterprises/import?file_name=bench-100k.csv`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'text/csv' }, body: csv })
    .then(async (response) => ({ status: response.status, body: (await response.text()).slice(0, 200) }))
    .finally(() => {
      done = true;
    });
  const during = await Promise.all(['/api/live', '/api/packs'].map((path) => probe(path, () => done)));
  const result = await importing;
  const seconds = (performance.now() - started) / 1000;
  const summary = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return { p50: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, count: sorted.length };
  };
  console.log(`\nResponsiveness on ${label} while 100,000 enterprises import over HTTP (import: ${result.status}, ${seconds.toFixed(1)} s)`);
  if (result.status !== 200) console.log(`  import answered ${result.status}: ${result.body}`);
  console.log(`${'request'.padEnd(22)} ${'idle p50'.padStart(9)} ${'idle max'.padStart(9)} ${'import p50'.padStart(11)} ${'import max'.padStart(11)} ${'× idle max'.padStart(11)} ${'answers'.padStart(8)}`);
  ['/api/live', '/api/packs'].forEach((path, index) => {
    const quiet = summary(idle[index]!);
    const busy = summary(during[index]!);
    console.log(`${path.padEnd(22)} ${quiet.p50.toFixed(1).padStart(9)} ${quiet.max.toFixed(1).padStart(9)} ${busy.p50.toFixed(1).padStart(11)} ${busy.max.toFixed(1).padStart(11)} ${(busy.max / quiet.max).toFixed(1).padStart(11)} ${String(busy.count).padStart(8)}`);
  });
}

function printTable(title: string, endpoints: readonly Endpoint[], results: readonly LoadResult[]): void {
  const baseline = results[0]!;
  console.log(`\n${title}`);
  console.log(`${'endpoint'.padEnd(46)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'× live'.padStart(7)} ${'need'.padStart(5)} ${'errors'.padStart(7)} ${'RSS MB'.padStart(7)}  verdict`);
  results.forEach((result, index) => {
    const endpoint = endpoints[index]!;
    const ratio = result.requestsPerSecond / baseline.requestsPerSecond;
    const failures = [
      ratio + 1e-9 < endpoint.minimumRatio ? 'ratio' : '',
      result.p99Ms > 100 ? 'p99' : '',
      result.errors + result.non2xx > 0 ? 'errors' : '',
      result.peakRssMb > 1024 ? 'RSS' : '',
    ].filter(Boolean);
    console.log(
      `${result.label.padEnd(46)} ${result.requestsPerSecond.toFixed(0).padStart(8)} ${result.p50Ms.toFixed(0).padStart(7)} ${result.p99Ms.toFixed(0).padStart(7)} ${ratio.toFixed(2).padStart(7)} ${endpoint.minimumRatio.toFixed(1).padStart(5)} ${String(result.errors + result.non2xx).padStart(7)} ${result.peakRssMb.toFixed(0).padStart(7)}  ${failures.length === 0 ? 'ok' : `OVER (${failures.join(', ')})`}`,
    );
  });
}

export async function runHttpBench(): Promise<void> {
  console.log('== http');
  const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-http-bench-'));
  try {
    await benchOn('embedded PGlite', { dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (!serverUrl) return;
  const name = `kechuang_http_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const emptyDir = mkdtempSync(join(tmpdir(), 'kechuang-http-bench-'));
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await benchOn('PostgreSQL server', { dataDir: emptyDir, databaseUrl: url.toString() });
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
