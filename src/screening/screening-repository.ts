import { sql, type SQL } from 'drizzle-orm';
import { copyRows, escapeLike, queryRows, type DatabaseOrTransaction, type Transaction } from '../db/index.ts';
import { resultCopyColumns, screenedCopyColumns, type PageWrite } from './evaluate-page.ts';
import type { ScreeningRunPack } from './screening-schema.ts';

/** The screening module's SQL: runs, shards and results (tables of migration 0015). */

export type RunState = 'queued' | 'running' | 'cancelled' | 'done' | 'failed';
export type ShardState = 'pending' | 'running' | 'done';
export type ResultStatus = 'eligible' | 'ineligible' | 'needs_info';

export interface RunRow {
  id: string;
  year: number;
  packs: ScreeningRunPack[];
  parameters: Record<string, Record<string, unknown>>;
  org: string | null;
  started_by: string | null;
  started_at: Date;
  state: RunState;
  enterprises_total: number;
  enterprises_done: number;
  finished_at: Date | null;
  error: string | null;
  shards_total: number;
  shards_done: number;
}

/** The incentives a run evaluated, with their packs: what an enterprise without a result row was screened ineligible for. */
export interface RunRule {
  incentive_id: string;
  pack_id: string;
}

export interface ResultRow {
  enterprise_id: string;
  credit_code: string;
  enterprise_name: string;
  area_code: string;
  incentive_id: string;
  pack_id: string;
  status: ResultStatus;
  amount: string | null;
  cap: string | null;
  score: string | null;
  missing: string[];
  outputs: Record<string, string | null>;
  synthetic: boolean;
}

const time = (value: Date | string | null) => (value === null ? null : value instanceof Date ? value : new Date(value));

function runOf(row: RunRow): RunRow {
  return { ...row, started_at: time(row.started_at)!, finished_at: time(row.finished_at), shards_total: Number(row.shards_total), shards_done: Number(row.shards_done) };
}

const runColumns = sql`r.id, r.year, r.packs, r.parameters, r.org, r.started_by, r.started_at, r.state, r.enterprises_total, r.enterprises_done, r.finished_at, r.error,
  (select count(*)::int from screening_shards s where s.run_id = r.id) as shards_total,
  (select count(*)::int from screening_shards s where s.run_id = r.id and s.state = 'done') as shards_done`;

export async function insertRun(
  tx: Transaction,
  run: { year: number; packs: ScreeningRunPack[]; parameters: Record<string, Record<string, unknown>>; org: string | null; startedBy: string | null; startedAt: Date },
  shards: readonly { key: string; enterprises: number }[],
): Promise<string> {
  const total = shards.reduce((sum, shard) => sum + shard.enterprises, 0);
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into screening_runs (year, packs, parameters, org, started_by, started_at, state, enterprises_total)
        values (${run.year}, ${JSON.stringify(run.packs)}::jsonb, ${JSON.stringify(run.parameters)}::jsonb, ${run.org}, ${run.startedBy}, ${run.startedAt.toISOString()}::timestamptz, 'queued', ${total})
        returning id`,
  );
  const id = row!.id;
  if (shards.length > 0) {
    await tx.execute(sql`
      insert into screening_shards (run_id, shard_key, enterprises)
      select ${id}::uuid, key, enterprises::int from unnest(${sql.param(shards.map((shard) => shard.key))}::text[], ${sql.param(shards.map((shard) => String(shard.enterprises)))}::text[]) as t(key, enterprises)`);
  }
  return id;
}

export async function findRun(db: DatabaseOrTransaction, id: string): Promise<RunRow | undefined> {
  const [row] = await queryRows<RunRow>(db, sql`select ${runColumns} from screening_runs r where r.id = ${id}::uuid`);
  return row ? runOf(row) : undefined;
}

/** The newest runs first; `orgs`: only runs of the whole register or of an area among them or above them. */
export async function findRuns(db: DatabaseOrTransaction, options: { limit: number; offset: number; visibleOrgs?: readonly string[] | undefined }): Promise<{ runs: RunRow[]; total: number }> {
  const where = options.visibleOrgs === undefined ? sql`true` : sql`(r.org is null or r.org = any(${sql.param([...options.visibleOrgs])}::text[]))`;
  const rows = await queryRows<RunRow>(db, sql`select ${runColumns} from screening_runs r where ${where} order by r.started_at desc, r.id limit ${options.limit} offset ${options.offset}`);
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from screening_runs r where ${where}`);
  return { runs: rows.map(runOf), total: count?.total ?? 0 };
}

/** Runs a restart left queued or running. */
export async function findUnfinishedRunIds(db: DatabaseOrTransaction): Promise<string[]> {
  return (await queryRows<{ id: string }>(db, sql`select id from screening_runs where state in ('queued', 'running') order by started_at`)).map((row) => row.id);
}

export async function findShardKeysNotDone(db: DatabaseOrTransaction, runId: string): Promise<string[]> {
  return (await queryRows<{ key: string }>(db, sql`select shard_key as key from screening_shards where run_id = ${runId}::uuid and state <> 'done' order by shard_key`)).map((row) => row.key);
}

/** Locks the run's row for a state change; its state. */
export async function lockRun(tx: Transaction, runId: string): Promise<RunState | undefined> {
  const [row] = await queryRows<{ state: RunState }>(tx, sql`select state from screening_runs where id = ${runId}::uuid for update`);
  return row?.state;
}

export async function readRunState(db: DatabaseOrTransaction, runId: string): Promise<RunState | undefined> {
  const [row] = await queryRows<{ state: RunState }>(db, sql`select state from screening_runs where id = ${runId}::uuid`);
  return row?.state;
}

export async function setRunState(db: DatabaseOrTransaction, runId: string, state: RunState, options: { finished?: boolean; error?: string | null } = {}): Promise<void> {
  await db.execute(sql`update screening_runs set state = ${state},
    finished_at = ${options.finished ? sql`now()` : sql`null`},
    error = ${options.error ?? null}
    where id = ${runId}::uuid`);
}

/** A run left queued starts running (its first shard); any other state stays. */
export async function markRunRunning(db: DatabaseOrTransaction, runId: string): Promise<void> {
  await db.execute(sql`update screening_runs set state = 'running' where id = ${runId}::uuid and state = 'queued'`);
}

/** A run failed: unless it already ended (cancelled, done). */
export async function markRunFailed(db: DatabaseOrTransaction, runId: string, error: string): Promise<void> {
  await db.execute(sql`update screening_runs set state = 'failed', error = ${error.slice(0, 2000)}, finished_at = now() where id = ${runId}::uuid and state in ('queued', 'running')`);
}

/** Shards a dead worker left running go back to pending (their rows were rolled back with it). */
export async function resetRunningShards(db: DatabaseOrTransaction, runId: string): Promise<void> {
  await db.execute(sql`update screening_shards set state = 'pending', updated_at = now() where run_id = ${runId}::uuid and state = 'running'`);
}

/** Locks the shard's row (a second worker on the same shard waits here); its state. */
export async function lockShard(tx: Transaction, runId: string, shardKey: string): Promise<ShardState | undefined> {
  const [row] = await queryRows<{ state: ShardState }>(tx, sql`select state from screening_shards where run_id = ${runId}::uuid and shard_key = ${shardKey} for update`);
  return row?.state;
}

/** A worker takes the shard (committed at once, so a worker that dies leaves it `running` for a resume to find). */
export async function markShardRunning(db: DatabaseOrTransaction, runId: string, shardKey: string): Promise<void> {
  await db.execute(sql`update screening_shards set state = 'running', attempts = attempts + 1, updated_at = now() where run_id = ${runId}::uuid and shard_key = ${shardKey} and state <> 'done'`);
}

/** A shard's rows (its area's enterprises and their results), before the shard is written again. */
export async function deleteShardRows(tx: Transaction, runId: string, areaCode: string): Promise<void> {
  await tx.execute(sql`delete from screening_results where run_id = ${runId}::uuid and area_code = ${areaCode}`);
  await tx.execute(sql`delete from screening_enterprises where run_id = ${runId}::uuid and area_code = ${areaCode}`);
}

/**
 * A chunk of a shard's page: its screened enterprises and their eligible and needs_info results,
 * two COPY statements whose lines come laid out by `evaluatePage`.
 */
export async function insertPageWrite(tx: Transaction, write: PageWrite): Promise<void> {
  await copyRows(tx, 'screening_enterprises', screenedCopyColumns, write.screenedRows);
  await copyRows(tx, 'screening_results', resultCopyColumns, write.resultRows);
}

/**
 * The shard is done: its count is added to the run (the run's row locked, so shards finishing at
 * once are counted one after the other) and the run is done when no shard is left — then the
 * planner's statistics of the results are taken again, before the run is seen done. Call with the
 * shard's row locked, in the transaction that wrote its rows. Whether the run is now done.
 */
export async function finishShard(tx: Transaction, runId: string, shardKey: string, enterprises: number): Promise<boolean> {
  await tx.execute(sql`update screening_runs set enterprises_done = enterprises_done + ${enterprises} where id = ${runId}::uuid`);
  await tx.execute(sql`update screening_shards set state = 'done', enterprises = ${enterprises}, updated_at = now() where run_id = ${runId}::uuid and shard_key = ${shardKey}`);
  // The clock's time, not the transaction's start (now()): the last shard may have taken minutes.
  const done = await queryRows<{ id: string }>(
    tx,
    sql`
    update screening_runs set state = 'done', finished_at = clock_timestamp()
    where id = ${runId}::uuid and state in ('queued', 'running')
      and not exists (select 1 from screening_shards where run_id = ${runId}::uuid and state <> 'done')
    returning id`,
  );
  if (done.length === 0) return false;
  await analyzeResults(tx);
  // The run's end, after the statistics were taken: what it took, as its readers see it done.
  await tx.execute(sql`update screening_runs set finished_at = clock_timestamp() where id = ${runId}::uuid`);
  return true;
}

/**
 * The statistics of the screened enterprises and results taken again (ANALYZE samples them: about
 * 0.4 s for a million). A run's million new rows under a run id the statistics do not know made
 * the planner expect one row: the run's totals took 2 s instead of 0.2, a page of its results
 * minutes. Inside the last shard's transaction its own rows count; the new statistics are seen
 * with the run done. (Left to autovacuum where the application's role does not own the tables:
 * PostgreSQL then skips them with a warning.)
 */
async function analyzeResults(tx: Transaction): Promise<void> {
  await tx.execute(sql`analyze screening_enterprises, screening_results`);
}

export interface ResultFilter {
  incentive?: string | undefined;
  status?: ResultStatus | undefined;
  /** Area codes the rows must lie in (a filter's subtree, the reader's scope). */
  areas?: readonly string[] | undefined;
  /** A part of the enterprise's name, or the start of its credit code. */
  q?: string | undefined;
}

/** The run's rules as a relation k(incentive_id, pack_id, position). */
function rulesRelation(rules: readonly RunRule[]): SQL {
  return sql`unnest(${sql.param(rules.map((rule) => rule.incentive_id))}::text[], ${sql.param(rules.map((rule) => rule.pack_id))}::text[]) with ordinality as k(incentive_id, pack_id, position)`;
}

/** Conditions on the screened enterprise `e`: the areas and the name or credit code asked for. */
function enterpriseConditions(runId: string, filter: ResultFilter): SQL[] {
  const parts: SQL[] = [sql`e.run_id = ${runId}::uuid`];
  if (filter.areas) parts.push(sql`e.area_code = any(${sql.param([...filter.areas])}::text[])`);
  if (filter.q) {
    const text = escapeLike(filter.q);
    parts.push(sql`(e.enterprise_name like ${`%${text}%`} or e.credit_code like ${`${text.toUpperCase()}%`})`);
  }
  return parts;
}

const screenedColumns = sql`e.credit_code as enterprise_id, e.credit_code, e.enterprise_name, e.area_code, e.synthetic`;

/**
 * A page of a run's results. Eligible and needs_info are rows of their own; every other pair of an
 * enterprise the run screened and an incentive it evaluated is ineligible, built here from the
 * two (the enterprise's row and the run's rules) when the filter asks for it.
 */
export async function findResultRows(db: DatabaseOrTransaction, runId: string, rules: readonly RunRule[], filter: ResultFilter, page: { limit: number; offset: number }): Promise<{ rows: ResultRow[]; total: number }> {
  const conditions = enterpriseConditions(runId, filter);
  const wantedRules = filter.incentive === undefined ? rules : rules.filter((rule) => rule.incentive_id === filter.incentive);
  if (filter.status === 'eligible' || filter.status === 'needs_info') {
    const where = sql.join([...conditions, sql`r.status = ${filter.status}`, ...(filter.incentive === undefined ? [] : [sql`r.incentive_id = ${filter.incentive}`])], sql` and `);
    const from = sql`from screening_results r join screening_enterprises e on e.run_id = r.run_id and e.area_code = r.area_code and e.credit_code = r.enterprise_id where ${where}`;
    const rows = await queryRows<ResultRow>(
      db,
      sql`select ${screenedColumns}, r.incentive_id, r.pack_id, r.status, r.amount::text as amount, r.cap::text as cap, r.score::text as score, r.missing, r.outputs
          ${from} order by e.area_code, e.credit_code, r.incentive_id limit ${page.limit} offset ${page.offset}`,
    );
    const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total ${from}`);
    return { rows, total: count?.total ?? 0 };
  }
  if (wantedRules.length === 0) return { rows: [], total: 0 };
  const where = sql.join([...conditions, ...(filter.status === 'ineligible' ? [sql`r.status is null`] : [])], sql` and `);
  const rows = await queryRows<ResultRow>(
    db,
    sql`select ${screenedColumns}, k.incentive_id, k.pack_id, coalesce(r.status, 'ineligible') as status, r.amount::text as amount, r.cap::text as cap, r.score::text as score,
               coalesce(r.missing, '{}'::text[]) as missing, coalesce(r.outputs, '{}'::jsonb) as outputs
        from screening_enterprises e cross join ${rulesRelation(wantedRules)}
        left join screening_results r on r.run_id = e.run_id and r.enterprise_id = e.credit_code and r.incentive_id = k.incentive_id
        where ${where}
        order by e.area_code, e.credit_code, k.incentive_id limit ${page.limit} offset ${page.offset}`,
  );
  // Pairs: enterprises × rules; for ineligible, less the rows that say otherwise.
  const [enterprises] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from screening_enterprises e where ${sql.join(conditions, sql` and `)}`);
  let total = (enterprises?.total ?? 0) * wantedRules.length;
  if (filter.status === 'ineligible') {
    const [written] = await queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from screening_results r join screening_enterprises e on e.run_id = r.run_id and e.area_code = r.area_code and e.credit_code = r.enterprise_id
          where ${sql.join(conditions, sql` and `)} and r.incentive_id = any(${sql.param(wantedRules.map((rule) => rule.incentive_id))}::text[])`,
    );
    total -= written?.total ?? 0;
  }
  return { rows, total };
}

/** Counts and sums by incentive and status (ineligible: the enterprises screened less those with a row). */
export async function findResultTotals(db: DatabaseOrTransaction, runId: string, rules: readonly RunRule[], areas: readonly string[] | undefined): Promise<{ incentive_id: string; pack_id: string; status: ResultStatus; count: number; amount: string }[]> {
  const conditions = enterpriseConditions(runId, { areas });
  const written = await queryRows<{ incentive_id: string; pack_id: string; status: ResultStatus; count: number; amount: string }>(
    db,
    sql`select r.incentive_id, r.pack_id, r.status, count(*)::int as count, coalesce(sum(r.amount), 0)::text as amount from screening_results r
        where r.run_id = ${runId}::uuid ${areas === undefined ? sql`` : sql`and r.area_code = any(${sql.param([...areas])}::text[])`}
        group by r.incentive_id, r.pack_id, r.status`,
  );
  const [screened] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from screening_enterprises e where ${sql.join(conditions, sql` and `)}`);
  const totals = [...written];
  for (const rule of rules) {
    const ineligible = (screened?.total ?? 0) - written.filter((row) => row.incentive_id === rule.incentive_id).reduce((sum, row) => sum + row.count, 0);
    if (ineligible > 0) totals.push({ incentive_id: rule.incentive_id, pack_id: rule.pack_id, status: 'ineligible', count: ineligible, amount: '0' });
  }
  return totals.sort((a, b) => a.incentive_id.localeCompare(b.incentive_id) || a.status.localeCompare(b.status));
}

export interface ChangeRow {
  enterprise_id: string;
  credit_code: string;
  enterprise_name: string;
  area_code: string;
  incentive_id: string;
  before_status: ResultStatus | null;
  before_amount: string | null;
  after_status: ResultStatus | null;
  after_amount: string | null;
  data_changed: boolean;
  synthetic: boolean;
}

/**
 * Results of two runs side by side where the status or the amount differs. A side without a row
 * is ineligible when that run screened the enterprise and evaluated the incentive, else absent
 * (null). Candidates: every pair with a row in either run, and the pairs with no row in one run
 * whose other side is absent (the enterprise or the incentive in one run only). A data change:
 * the enterprise's record digests differ, or it is in one run only.
 */
export async function findChangedResults(
  db: DatabaseOrTransaction,
  a: { id: string; rules: readonly RunRule[] },
  b: { id: string; rules: readonly RunRule[] },
  areas: readonly string[] | undefined,
  page: { limit: number; offset: number },
): Promise<{ rows: ChangeRow[]; total: number }> {
  const inAreas = (alias: string) => (areas === undefined ? sql`true` : sql`${sql.raw(alias)}.area_code = any(${sql.param([...areas])}::text[])`);
  const ids = (rules: readonly RunRule[]) => sql.param(rules.map((rule) => rule.incentive_id));
  const onlyIn = (rules: readonly RunRule[], other: readonly RunRule[]) => rules.filter((rule) => !other.some((o) => o.incentive_id === rule.incentive_id));
  /** Pairs of run `x` with no row in x whose other side (run `y`) is absent. */
  const unwrittenPairs = (x: { id: string; rules: readonly RunRule[] }, y: { id: string; rules: readonly RunRule[] }) => {
    const xOnly = onlyIn(x.rules, y.rules);
    const noRow = (rule: SQL) => sql`not exists (select 1 from screening_results r where r.run_id = ${x.id}::uuid and r.enterprise_id = e.credit_code and r.incentive_id = ${rule})`;
    const leftOther = sql`select e.credit_code as enterprise_id, k.incentive_id from screening_enterprises e cross join ${rulesRelation(x.rules)}
      where e.run_id = ${x.id}::uuid and ${inAreas('e')} and ${noRow(sql`k.incentive_id`)}
        and not exists (select 1 from screening_enterprises o where o.run_id = ${y.id}::uuid and o.credit_code = e.credit_code)`;
    if (xOnly.length === 0) return leftOther;
    return sql`${leftOther} union all
      select e.credit_code, k.incentive_id from screening_enterprises e cross join ${rulesRelation(xOnly)}
      where e.run_id = ${x.id}::uuid and ${inAreas('e')} and ${noRow(sql`k.incentive_id`)}
        and exists (select 1 from screening_enterprises o where o.run_id = ${y.id}::uuid and o.credit_code = e.credit_code)`;
  };
  const sideStatus = (rowStatus: string, enterprise: string, rules: readonly RunRule[]) =>
    sql`coalesce(${sql.raw(rowStatus)}, case when ${sql.raw(enterprise)}.credit_code is not null and p.incentive_id = any(${ids(rules)}::text[]) then 'ineligible' end)`;
  const joined = sql`
    from (
      select enterprise_id, incentive_id from screening_results r where r.run_id = ${a.id}::uuid and ${inAreas('r')}
      union
      select enterprise_id, incentive_id from screening_results r where r.run_id = ${b.id}::uuid and ${inAreas('r')}
      union all ${unwrittenPairs(a, b)}
      union all ${unwrittenPairs(b, a)}
    ) p
    left join screening_enterprises ea on ea.run_id = ${a.id}::uuid and ea.credit_code = p.enterprise_id
    left join screening_enterprises eb on eb.run_id = ${b.id}::uuid and eb.credit_code = p.enterprise_id
    left join screening_results ra on ra.run_id = ${a.id}::uuid and ra.enterprise_id = p.enterprise_id and ra.incentive_id = p.incentive_id
    left join screening_results rb on rb.run_id = ${b.id}::uuid and rb.enterprise_id = p.enterprise_id and rb.incentive_id = p.incentive_id
    cross join lateral (select ${sideStatus('ra.status', 'ea', a.rules)} as before_status, ${sideStatus('rb.status', 'eb', b.rules)} as after_status) s
    where s.before_status is distinct from s.after_status or ra.amount is distinct from rb.amount`;
  const rows = await queryRows<ChangeRow>(
    db,
    sql`select p.enterprise_id, p.enterprise_id as credit_code, coalesce(eb.enterprise_name, ea.enterprise_name) as enterprise_name, coalesce(eb.area_code, ea.area_code) as area_code,
               p.incentive_id, s.before_status, ra.amount::text as before_amount, s.after_status, rb.amount::text as after_amount,
               (ea.profile_hash is null or eb.profile_hash is null or ea.profile_hash <> eb.profile_hash) as data_changed, coalesce(eb.synthetic, ea.synthetic) as synthetic
        ${joined}
        order by 4, 2, 5 limit ${page.limit} offset ${page.offset}`,
  );
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total ${joined}`);
  return { rows, total: count?.total ?? 0 };
}

export async function findEligibleRows(db: DatabaseOrTransaction, runId: string): Promise<{ enterprise_id: string; credit_code: string; name: string; area_code: string; incentive_id: string; pack_id: string; year: number; amount: string | null }[]> {
  return queryRows(
    db,
    sql`select r.enterprise_id, e.credit_code, e.enterprise_name as name, e.area_code, r.incentive_id, r.pack_id, s.year, r.amount::text as amount
        from screening_results r join screening_runs s on s.id = r.run_id join screening_enterprises e on e.run_id = r.run_id and e.area_code = r.area_code and e.credit_code = r.enterprise_id
        where r.run_id = ${runId}::uuid and r.status = 'eligible'
        order by e.area_code, e.credit_code, r.incentive_id`,
  );
}
