import { sql, type SQL } from 'drizzle-orm';
import { escapeLike, queryRows, rowsPerBulkStatement, type DatabaseOrTransaction, type Transaction } from '../db/index.ts';
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

export interface ResultInsert {
  enterpriseId: string;
  creditCode: string;
  name: string;
  areaCode: string;
  incentiveId: string;
  packId: string;
  status: ResultStatus;
  amount: string | null;
  cap: string | null;
  score: string | null;
  missing: readonly string[];
  outputs: Record<string, string | null>;
  profileHash: string;
  synthetic: boolean;
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

export async function deleteShardResults(tx: Transaction, runId: string, shardKey: string): Promise<void> {
  await tx.execute(sql`delete from screening_results where run_id = ${runId}::uuid and shard_key = ${shardKey}`);
}

/** Separates the missing fields of one result inside a text parameter (never part of a path). */
const separator = '\u001f';

/** Results as multi-row statements, each column one array (unnest): 1,000 rows a statement on PGlite, 10,000 on PostgreSQL. */
export async function insertResults(tx: Transaction, runId: string, shardKey: string, rows: readonly ResultInsert[]): Promise<void> {
  for (let start = 0, size = rowsPerBulkStatement(tx); start < rows.length; start += size) {
    const batch = rows.slice(start, start + size);
    const column = (pick: (row: ResultInsert) => string | null) => sql.param(batch.map(pick));
    await tx.execute(sql`
      insert into screening_results (run_id, shard_key, enterprise_id, credit_code, enterprise_name, area_code, incentive_id, pack_id, status, amount, cap, score, missing, outputs, profile_hash, synthetic)
      select ${runId}::uuid, ${shardKey}, enterprise_id, credit_code, enterprise_name, area_code, incentive_id, pack_id, status, amount::numeric, cap::numeric, score::numeric,
             string_to_array(missing, ${separator}), outputs::jsonb, profile_hash, synthetic::boolean
      from unnest(${column((row) => row.enterpriseId)}::text[], ${column((row) => row.creditCode)}::text[], ${column((row) => row.name)}::text[], ${column((row) => row.areaCode)}::text[],
                  ${column((row) => row.incentiveId)}::text[], ${column((row) => row.packId)}::text[], ${column((row) => row.status)}::text[], ${column((row) => row.amount)}::text[],
                  ${column((row) => row.cap)}::text[], ${column((row) => row.score)}::text[], ${column((row) => row.missing.join(separator))}::text[],
                  ${column((row) => JSON.stringify(row.outputs))}::text[], ${column((row) => row.profileHash)}::text[], ${column((row) => String(row.synthetic))}::text[])
        as t(enterprise_id, credit_code, enterprise_name, area_code, incentive_id, pack_id, status, amount, cap, score, missing, outputs, profile_hash, synthetic)`);
  }
}

/**
 * The shard is done: its count is added to the run (the run's row locked, so shards finishing at
 * once are counted one after the other) and the run is done when no shard is left. Call with
 * the shard's row locked, in the transaction that wrote its rows.
 */
export async function finishShard(tx: Transaction, runId: string, shardKey: string, enterprises: number): Promise<void> {
  await tx.execute(sql`update screening_runs set enterprises_done = enterprises_done + ${enterprises} where id = ${runId}::uuid`);
  await tx.execute(sql`update screening_shards set state = 'done', enterprises = ${enterprises}, updated_at = now() where run_id = ${runId}::uuid and shard_key = ${shardKey}`);
  await tx.execute(sql`
    update screening_runs set state = 'done', finished_at = now()
    where id = ${runId}::uuid and state in ('queued', 'running')
      and not exists (select 1 from screening_shards where run_id = ${runId}::uuid and state <> 'done')`);
}

export interface ResultFilter {
  incentive?: string | undefined;
  status?: ResultStatus | undefined;
  /** Area codes the rows must lie in (a filter's subtree, the reader's scope). */
  areas?: readonly string[] | undefined;
  /** A part of the enterprise's name, or the start of its credit code. */
  q?: string | undefined;
}

function filterCondition(runId: string, filter: ResultFilter): SQL {
  const parts: SQL[] = [sql`run_id = ${runId}::uuid`];
  if (filter.incentive) parts.push(sql`incentive_id = ${filter.incentive}`);
  if (filter.status) parts.push(sql`status = ${filter.status}`);
  if (filter.areas) parts.push(sql`area_code = any(${sql.param([...filter.areas])}::text[])`);
  if (filter.q) {
    const text = escapeLike(filter.q);
    parts.push(sql`(enterprise_name like ${`%${text}%`} or credit_code like ${`${text.toUpperCase()}%`})`);
  }
  return sql.join(parts, sql` and `);
}

const resultColumns = sql`enterprise_id, credit_code, enterprise_name, area_code, incentive_id, pack_id, status, amount::text as amount, cap::text as cap, score::text as score, missing, outputs, synthetic`;

export async function findResultRows(db: DatabaseOrTransaction, runId: string, filter: ResultFilter, page: { limit: number; offset: number }): Promise<{ rows: ResultRow[]; total: number }> {
  const where = filterCondition(runId, filter);
  const rows = await queryRows<ResultRow>(db, sql`select ${resultColumns} from screening_results where ${where} order by area_code, credit_code, incentive_id limit ${page.limit} offset ${page.offset}`);
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from screening_results where ${where}`);
  return { rows, total: count?.total ?? 0 };
}

/** Counts and sums by incentive and status. */
export async function findResultTotals(db: DatabaseOrTransaction, runId: string, areas: readonly string[] | undefined): Promise<{ incentive_id: string; pack_id: string; status: ResultStatus; count: number; amount: string }[]> {
  const where = filterCondition(runId, { areas });
  return queryRows(db, sql`select incentive_id, pack_id, status, count(*)::int as count, coalesce(sum(amount), 0)::text as amount from screening_results where ${where} group by incentive_id, pack_id, status order by incentive_id, status`);
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

/** Results of two runs side by side where the status or the amount differs (or one run lacks the row). */
export async function findChangedResults(db: DatabaseOrTransaction, a: string, b: string, areas: readonly string[] | undefined, page: { limit: number; offset: number }): Promise<{ rows: ChangeRow[]; total: number }> {
  const scoped = (alias: string) => (areas === undefined ? sql`true` : sql`${sql.raw(alias)}.area_code = any(${sql.param([...areas])}::text[])`);
  const joined = sql`
    from (select * from screening_results x where x.run_id = ${a}::uuid and ${scoped('x')}) ra
    full join (select * from screening_results y where y.run_id = ${b}::uuid and ${scoped('y')}) rb
      on ra.enterprise_id = rb.enterprise_id and ra.incentive_id = rb.incentive_id
    where ra.status is distinct from rb.status or ra.amount is distinct from rb.amount`;
  const rows = await queryRows<ChangeRow>(
    db,
    sql`select coalesce(rb.enterprise_id, ra.enterprise_id) as enterprise_id, coalesce(rb.credit_code, ra.credit_code) as credit_code,
               coalesce(rb.enterprise_name, ra.enterprise_name) as enterprise_name, coalesce(rb.area_code, ra.area_code) as area_code,
               coalesce(rb.incentive_id, ra.incentive_id) as incentive_id,
               ra.status as before_status, ra.amount::text as before_amount, rb.status as after_status, rb.amount::text as after_amount,
               case when ra.profile_hash is not null and rb.profile_hash is not null then ra.profile_hash <> rb.profile_hash
                    -- In one run only: a data change when the firm is missing from the other run altogether (it entered or left), else the rules differ.
                    when ra.profile_hash is null then not exists (select 1 from screening_results z where z.run_id = ${a}::uuid and z.enterprise_id = rb.enterprise_id)
                    else not exists (select 1 from screening_results z where z.run_id = ${b}::uuid and z.enterprise_id = ra.enterprise_id) end as data_changed, coalesce(rb.synthetic, ra.synthetic) as synthetic
        ${joined}
        order by 4, 2, 5 limit ${page.limit} offset ${page.offset}`,
  );
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total ${joined}`);
  return { rows, total: count?.total ?? 0 };
}

export async function findEligibleRows(db: DatabaseOrTransaction, runId: string): Promise<{ enterprise_id: string; credit_code: string; name: string; area_code: string; incentive_id: string; pack_id: string; year: number; amount: string | null }[]> {
  return queryRows(
    db,
    sql`select r.enterprise_id, r.credit_code, r.enterprise_name as name, r.area_code, r.incentive_id, r.pack_id, s.year, r.amount::text as amount
        from screening_results r join screening_runs s on s.id = r.run_id
        where r.run_id = ${runId}::uuid and r.status = 'eligible'
        order by r.area_code, r.credit_code, r.incentive_id`,
  );
}
