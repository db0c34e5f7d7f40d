/**
 * Indicator monitoring at national scale (issue: 10 million values — 3,000 areas × 200 indicators
 * × 17 periods — in PostgreSQL): evaluating every target of one area and its subtree, one
 * area's series, and importing 100,000 rows, each against a plain SQL baseline on the same data
 * in the same run. Without a PostgreSQL server (BENCH_DATABASE_URL or TEST_DATABASE_URL) it runs
 * a smaller data set on the embedded PGlite and says so.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { systemActor, noOrigin } from '../src/accounts/actor.ts';
import { defaultPermissionTable } from '../src/platform/action-catalog.ts';
import { AreaTree, type Area } from '../src/areas/area-tree.ts';
import { openDatabase, queryRows, type Database } from '../src/db/open-database.ts';
import { evaluatePack, loadCalculator } from '../src/indicators/evaluate-pack.ts';
import { importIndicatorValues } from '../src/indicators/import-indicator-values.ts';
import type { RawValueRow } from '../src/indicators/read-value-file.ts';
import type { Indicator, PolicyPack, Target } from '../src/policy/pack-schema.ts';
import { measure, report } from './timing.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const scale = serverUrl
  ? { prefectures: 30, countiesPerPrefecture: 99, indicators: 200, years: 17, label: 'PostgreSQL server' }
  : { prefectures: 6, countiesPerPrefecture: 20, indicators: 60, years: 17, label: 'embedded PGlite (no BENCH_DATABASE_URL: reduced scale)' };
const derivedCount = Math.round(scale.indicators / 10);
const firstYear = 2009;

const code = (index: number) => `i${String(index).padStart(3, '0')}`;
const prefectureCode = (p: number) => `99${String(p).padStart(2, '0')}00`;
const countyCode = (p: number, c: number) => `99${String(p).padStart(2, '0')}${String(c).padStart(2, '0')}`;

function syntheticAreas(): Area[] {
  const areas: Area[] = [{ code: '990000', name: '合成省', parentCode: null, level: 'province' }];
  for (let p = 1; p <= scale.prefectures; p += 1) {
    areas.push({ code: prefectureCode(p), name: `合成市${p}`, parentCode: '990000', level: 'prefecture' });
    for (let c = 1; c <= scale.countiesPerPrefecture; c += 1) areas.push({ code: countyCode(p, c), name: `合成县${p}-${c}`, parentCode: prefectureCode(p), level: 'county' });
  }
  return areas;
}

function syntheticPack(): PolicyPack {
  const baseCount = scale.indicators - derivedCount;
  const indicators: Indicator[] = Array.from({ length: scale.indicators }, (_, index) =>
    index < baseCount
      ? { code: code(index), name: `指标${index}`, unit: '亿元', period_type: 'year', aggregation: 'sum' }
      : { code: code(index), name: `比率${index}`, unit: '%', period_type: 'year', aggregation: 'formula', formula: `${code(index - baseCount)} / ${code(index - baseCount + 1)} * 100.0` },
  );
  // Like the Ningxia pack: about fifteen to twenty targets, a few on derived ratios.
  const targets: Target[] = [...Array.from({ length: 14 }, (_, index) => index), ...Array.from({ length: 6 }, (_, index) => baseCount + index)].map((index) => ({
    id: `t-${code(index)}`,
    indicator: code(index),
    comparator: '>=',
    value: index < baseCount ? 500_000 : 120,
    year: 2025,
    clause: 1,
    text: `目标 ${code(index)}`,
    baseline: { year: 2020 },
  }));
  return {
    metadata: { id: 'bench-pack', version: '1.0.0', title: '合成政策', issuers: ['合成'], issued: '2020-01-01', effective: '2020-01-01', expires: '2025-12-31', region: '990000', kind: 'policy' },
    sections: [{ number: 1, label: '一', title: '合成' }],
    clauses: [{ number: 1, section: 1, label: '(一)', title: '合成', text: '合成' }],
    units: [],
    indicators,
    targets,
    tasks: [],
    incentives: [],
    ruleCases: [],
  };
}

/** Fills indicator_values with every county × indicator × year, once (kept between runs on a server). */
async function ensureData(db: Database, areas: Area[]): Promise<number> {
  const counties = areas.filter((area) => area.level === 'county').map((area) => area.code);
  const expected = counties.length * scale.indicators * scale.years;
  const [existing] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from indicator_values`);
  if (existing?.count === expected) return expected;
  console.log(`generating ${expected.toLocaleString()} values (${counties.length} counties × ${scale.indicators} indicators × ${scale.years} years)…`);
  const started = Date.now();
  await db.execute(sql`truncate indicator_values, indicator_value_revisions`);
  await db.execute(sql`drop index if exists indicator_values_key`);
  await db.execute(sql`drop index if exists indicator_values_org_idx`);
  for (let p = 1; p <= scale.prefectures; p += 1) {
    // One prefecture at a time keeps each statement's memory small.
    await db.execute(sql`
      insert into indicator_values (indicator, org, period, value, unit, entered_value, qualifier, status, origin, updated_by)
      select 'i' || lpad(i::text, 3, '0'), ${`99${String(p).padStart(2, '0')}`} || lpad(c::text, 2, '0'), (${firstYear} + y)::text,
             round((100 + i + c * 3 + y * 17 + random() * 50)::numeric, 2), '亿元', 0, 'exact', 'approved', 'import', 'bench'
      from generate_series(0, ${scale.indicators - 1}) as i, generate_series(1, ${scale.countiesPerPrefecture}) as c, generate_series(0, ${scale.years - 1}) as y`);
  }
  await db.execute(sql`create unique index indicator_values_key on indicator_values (indicator, org, period)`);
  await db.execute(sql`create index indicator_values_org_idx on indicator_values (org, indicator)`);
  await db.execute(sql`analyze indicator_values`);
  console.log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return expected;
}

async function openBenchDatabase() {
  if (!serverUrl) return openDatabase({ dataDir: 'memory://' });
  const url = new URL(serverUrl);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', ['kechuang_bench']);
  if (exists.rowCount === 0) await admin.query('create database kechuang_bench');
  await admin.end();
  url.pathname = '/kechuang_bench';
  return openDatabase({ databaseUrl: url.toString() });
}

export async function runIndicatorBench(): Promise<void> {
  console.log(`== indicators on ${scale.label}`);
  const handle = await openBenchDatabase();
  try {
    const areas = syntheticAreas();
    const tree = new AreaTree(areas);
    const pack = syntheticPack();
    const rows = await ensureData(handle.db, areas);
    console.log(`${rows.toLocaleString()} values, ${areas.length} areas, ${scale.indicators} indicators, ${pack.targets.length} targets`);
    const prefecture = prefectureCode(1);
    const county = countyCode(1, 1);

    const results = await measure({
      'baseline: full-scan SQL sum by indicator and period': () => handle.db.execute(sql`select indicator, period, sum(value) from indicator_values group by indicator, period`),
    }, { timeMs: 1_000, iterations: 3 });
    const evaluation = await measure({
      [`evaluate all ${pack.targets.length} targets: one prefecture + ${scale.countiesPerPrefecture} counties`]: () => evaluatePack(handle.db, pack, tree, { org: prefecture, asOf: 2025 }),
      'series of one ratio indicator: one prefecture (rolled up)': async () => (await loadCalculator(handle.db, pack, tree, prefecture, [code(scale.indicators - 1)])).series(code(scale.indicators - 1), prefecture),
      'series of one indicator: one county': async () => (await loadCalculator(handle.db, pack, tree, county, [code(0)])).series(code(0), county),
      [`evaluate all targets: the whole province (${areas.length} areas) — informative`]: () => evaluatePack(handle.db, pack, tree, { org: '990000', asOf: 2025 }),
    }, { timeMs: 3_000, iterations: 10 });
    report('evaluation and series (lower is better)', results[0]!, evaluation, {
      [`evaluate all ${pack.targets.length} targets: one prefecture + ${scale.countiesPerPrefecture} counties`]: 100,
      'series of one ratio indicator: one prefecture (rolled up)': 20,
      'series of one indicator: one county': 20,
    });

    // Import: 100,000 rows through the full validation and history, against a plain multi-row insert.
    const importRows: RawValueRow[] = [];
    const counties = areas.filter((area) => area.level === 'county');
    for (let index = 0; importRows.length < 100_000; index += 1) {
      const area = counties[index % counties.length]!;
      const indicator = code(Math.floor(index / counties.length) % (scale.indicators - derivedCount));
      const year = 2030 + Math.floor(index / (counties.length * (scale.indicators - derivedCount)));
      importRows.push({ line: importRows.length + 2, indicator, org: area.code, period: String(year), value: String(100 + (index % 997)), unit: '万元', source: 'bench', qualifier: '' });
    }
    await handle.db.execute(sql`create temporary table if not exists bench_plain (indicator text, org text, period text, value numeric)`);
    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const plainMs = await timed(async () => {
      for (let start = 0; start < importRows.length; start += 1000) {
        const batch = importRows.slice(start, start + 1000);
        await handle.db.execute(sql`insert into bench_plain (indicator, org, period, value) values ${sql.join(batch.map((row) => sql`(${row.indicator}, ${row.org}, ${row.period}, ${row.value})`), sql`, `)}`);
      }
    });
    const importMs = await timed(async () => {
      const result = await importIndicatorValues(handle.db, 'bench.csv', importRows, { indicators: pack.indicators, tree, comment: 'bench: synthetic values, their year-on-year jumps accepted' }, { actor: systemActor, permissions: defaultPermissionTable, origin: noOrigin, now: new Date() });
      if (result.problems.length > 0 || result.inserted + result.revised + result.unchanged !== importRows.length) throw new Error(`import failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
    });
    report('import of 100,000 rows (one run each; lower is better)', { name: 'baseline: plain multi-row INSERT of the same rows', medianMs: plainMs, p99Ms: plainMs, samples: 1 }, [{ name: 'kechuang import (validate, convert 万元→亿元, upsert, history, audit)', medianMs: importMs, p99Ms: importMs, samples: 1 }], { 'kechuang import (validate, convert 万元→亿元, upsert, history, audit)': 10_000 });
    // Leave the synthetic base data as it was for the next run.
    await handle.db.execute(sql`delete from indicator_value_revisions where period >= '2030'`);
    await handle.db.execute(sql`delete from indicator_values where period >= '2030'`);
  } finally {
    await handle.close();
  }
}
