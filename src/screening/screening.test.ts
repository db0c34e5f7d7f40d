/**
 * Issue 13, screening runs (免申即享): a run over a small hand-made register with known results
 * (needs_info firms named with what is missing), a firm whose status changes after its data
 * changes (the comparison says why), cancel and resume without counting any firm twice, and who
 * may start and read runs.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { actorOf, loadPermissionTable, noOrigin, systemActor, type PermissionTable } from '../accounts/index.ts';
import { findUserByUsername } from '../accounts/user-repository.ts';
import { findAreaTree, type AreaTree } from '../areas/index.ts';
import { findAuditRowsAfter } from '../audit/index.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { importRegistry, type RegistryKind } from '../registry/index.ts';
import { buildXlsxTable, creditCodeCheckCharacter, readTableFile } from '../shared/index.ts';
import {
  cancelScreeningRun,
  compareScreeningRuns,
  createInProcessDispatcher,
  exportScreeningResults,
  findEligibleResults,
  findScreeningResults,
  findScreeningRuns,
  getScreeningRun,
  resumeInterruptedRuns,
  resumeScreeningRun,
  runScreeningShard,
  shardsOnThreads,
  startScreeningRun,
  type ScreeningCaller,
  type ShardDispatcher,
  type ShardRunner,
} from './index.ts';

const code = (body: string) => `${body}${creditCodeCheckCharacter(body)}`;
// 兴庆区 (银川市): A eligible, B needs_info (no 2023 R&D); 大武口区 (石嘴山市): C ineligible (no event), D at the cap.
const firmA = code('91640104MA0000301');
const firmB = code('91640104MA0000302');
const firmC = code('91640202MA0000303');
const firmD = code('91640202MA0000304');
const award = 'ningxia-2022.first-above-scale-rd-award';
const now = new Date('2025-06-30T12:00:00+08:00');

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`screening runs on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let databaseUrl: string | undefined;
    let tree: AreaTree;
    let permissions: PermissionTable;
    const callerOf = async (username: string | 'system'): Promise<ScreeningCaller> => ({
      actor: username === 'system' ? systemActor : actorOf((await findUserByUsername(database.db, username))!),
      permissions,
      tree,
      origin: noOrigin,
    });
    const load = async (kind: RegistryKind, csv: string) => {
      const report = await importRegistry(database.db, kind, `${kind}.csv`, await readTableFile(`${kind}.csv`, Buffer.from(csv)), { tree, actor: systemActor, permissions, origin: noOrigin, now, dryRun: false });
      expect(report.problems).toEqual([]);
    };
    const resultsOf = async (runId: string, caller?: ScreeningCaller) =>
      (await findScreeningResults(database.db, caller ?? (await callerOf('coordinator')), runId, { incentive: award, limit: 500, offset: 0 })).results.map((result) => [result.credit_code, result.status, result.amount, result.missing_labels.join('、')]);
    /** Enterprises screened by the run (each once), and its result rows (eligible and needs_info only: the rest are ineligible). */
    const countRows = async (runId: string) => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from screening_enterprises where run_id = ${runId}::uuid`))[0]!.n;
    const countResultRows = async (runId: string) =>
      (await queryRows<{ n: number; ineligible: number }>(database.db, sql`select count(*)::int as n, count(*) filter (where status = 'ineligible')::int as ineligible from screening_results where run_id = ${runId}::uuid`))[0]!;
    /** A dispatcher that keeps the shards for the test to run by hand. */
    const held = () => {
      const shards: string[] = [];
      const dispatch: ShardDispatcher = async (_runId, keys) => {
        shards.push(...keys);
      };
      return { shards, dispatch };
    };

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      databaseUrl = created.options.databaseUrl;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      tree = await findAreaTree(database.db);
      permissions = await loadPermissionTable(database.db);
      await load(
        'enterprises',
        'credit_code,name,org,industry,founded,above_scale\n' +
          `${firmA},宁夏甲制造有限公司,640104,C3989,2015-06-01,是\n` +
          `${firmB},宁夏乙制造有限公司,640104,C3989,2016-06-01,是\n` +
          `${firmC},石嘴山丙化工有限公司,640202,C2614,2012-01-01,否\n` +
          `${firmD},石嘴山丁材料有限公司,640202,C3091,2010-01-01,是\n`,
      );
      await load('enterprise_events', 'credit_code,type,year,amount\n' + `${firmA},first_above_scale,2024,\n` + `${firmB},first_above_scale,2024,\n` + `${firmD},first_above_scale,2024,\n`);
      await load('enterprise_years', '统一社会信用代码,年度,研发费用\n' + `${firmA},2023,1000000\n` + `${firmC},2023,3000000\n` + `${firmD},2023,20000000\n`);
    });

    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    let firstRun: string;

    it('screens every enterprise against every rule in force, with known results; needs_info names what is missing', async () => {
      const coordinator = await callerOf('coordinator');
      const dispatcher = createInProcessDispatcher(database.db);
      const auditBefore = (await findAuditRowsAfter(database.db, 0, 100_000)).length;
      const started = await startScreeningRun(database.db, coordinator, { year: 2024 }, dispatcher.dispatch, now);
      expect(started.shards).toBe(2); // 兴庆区 and 大武口区: the counties holding enterprises
      await dispatcher.idle();
      firstRun = started.id;
      const run = await getScreeningRun(database.db, coordinator, started.id);
      expect(run).toMatchObject({ state: 'done', year: 2024, enterprises_total: 4, enterprises_done: 4, shards_total: 2, shards_done: 2, started_by: 'coordinator' });
      expect(run.packs.map((pack) => pack.id)).toContain('ningxia-2022-st-action');
      expect(run.parameters[award]).toEqual({ rate: 0.2, cap: 2000000, base_year_offset: -1 });
      expect(await resultsOf(started.id)).toEqual([
        [firmA, 'eligible', '200000.00', ''],
        [firmB, 'needs_info', null, '2023年研发费用'],
        [firmC, 'ineligible', null, ''],
        [firmD, 'eligible', '2000000.00', ''],
      ]);
      const rules = run.packs.flatMap((pack) => pack.incentives).length;
      expect(await countRows(started.id)).toBe(4);
      // Every pair is counted in the totals; only eligible and needs_info are rows of their own.
      expect(run.totals.reduce((sum, total) => sum + total.count, 0)).toBe(4 * rules);
      const written = await countResultRows(started.id);
      expect(written.ineligible).toBe(0);
      expect(written.n).toBe(run.totals.filter((total) => total.status !== 'ineligible').reduce((sum, total) => sum + total.count, 0));
      expect(run.totals.filter((total) => total.incentive_id === award)).toEqual([
        { incentive_id: award, incentive_title: '首次达到规模以上工业企业研发投入奖补', pack_id: 'ningxia-2022-st-action', status: 'eligible', count: 2, amount: '2200000.00' },
        { incentive_id: award, incentive_title: '首次达到规模以上工业企业研发投入奖补', pack_id: 'ningxia-2022-st-action', status: 'ineligible', count: 1, amount: '0' },
        { incentive_id: award, incentive_title: '首次达到规模以上工业企业研发投入奖补', pack_id: 'ningxia-2022-st-action', status: 'needs_info', count: 1, amount: '0' },
      ]);
      const needsInfo = await findScreeningResults(database.db, coordinator, started.id, { status: 'needs_info', incentive: award, limit: 50, offset: 0 });
      expect(needsInfo.results.map((result) => [result.name, result.area_name, result.missing])).toEqual([['宁夏乙制造有限公司', '兴庆区', ['years.2023.rd_expense']]]);
      expect((await findScreeningResults(database.db, coordinator, started.id, { q: '丁材料', incentive: award, limit: 50, offset: 0 })).results.map((result) => result.credit_code)).toEqual([firmD]);
      expect((await findScreeningResults(database.db, coordinator, started.id, { org: '640200', incentive: award, limit: 50, offset: 0 })).total).toBe(2);
      // The award ledger's candidates.
      const eligible = (await findEligibleResults(database.db, started.id)).filter((row) => row.incentive_id === award);
      expect(eligible).toEqual([
        { enterprise_id: firmA, credit_code: firmA, name: '宁夏甲制造有限公司', area_code: '640104', incentive_id: award, pack_id: 'ningxia-2022-st-action', year: 2024, amount: '200000.00' },
        { enterprise_id: firmD, credit_code: firmD, name: '石嘴山丁材料有限公司', area_code: '640202', incentive_id: award, pack_id: 'ningxia-2022-st-action', year: 2024, amount: '2000000.00' },
      ]);
      const audit = (await findAuditRowsAfter(database.db, 0, 100_000)).slice(auditBefore);
      expect(audit.map((row) => [row.action, row.entityType, row.entityId])).toEqual([['screening.start', 'screening_run', started.id]]);
    });

    it.skipIf(target.name !== 'postgres')('writes the same rows when the shards run on worker threads, tells their pages, and fails a shard that cannot run (PostgreSQL)', async () => {
      const coordinator = await callerOf('coordinator');
      const rowsOf = async (runId: string) => ({
        screened: await queryRows(database.db, sql`select area_code, credit_code, enterprise_name, profile_hash, synthetic from screening_enterprises where run_id = ${runId}::uuid order by credit_code`),
        results: await queryRows(database.db, sql`select enterprise_id, area_code, incentive_id, pack_id, status, amount::text, cap::text, score::text, missing, outputs from screening_results where run_id = ${runId}::uuid order by enterprise_id, incentive_id`),
      });
      const threads = shardsOnThreads(databaseUrl!);
      try {
        const runWith = async (runner: ShardRunner | undefined) => {
          let told = 0;
          const dispatcher = createInProcessDispatcher(database.db, { runner, onPage: (enterprises) => (told += enterprises) });
          const started = await startScreeningRun(database.db, coordinator, { year: 2024 }, dispatcher.dispatch, now);
          await dispatcher.idle();
          expect((await getScreeningRun(database.db, coordinator, started.id)).state).toBe('done');
          expect(told).toBe(4);
          return rowsOf(started.id);
        };
        const inline = await runWith(undefined);
        const threaded = await runWith(threads);
        expect(inline.results.length).toBeGreaterThan(0);
        expect(threaded).toEqual(inline);
        // A shard of a run that does not exist: the thread answers with the reason, and runs the next shard still.
        await expect(threads.run('00000000-0000-4000-8000-000000000000', '640104')).rejects.toThrow('00000000-0000-4000-8000-000000000000');
        expect((await runWith(threads)).screened).toHaveLength(4);
      } finally {
        await threads.close();
      }
      await expect(threads.run(firstRun, '640104')).rejects.toThrow('closed');
    });

    it('exports the results with Chinese headers and the missing fields in words', async () => {
      const file = await exportScreeningResults(database.db, await callerOf('coordinator'), firstRun, { incentive: award, status: 'needs_info' }, now);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await buildXlsxTable(file.sheet)) as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
      expect(values(2)).toEqual(['企业名称', '统一社会信用代码', '地区', '政策', '状态', '金额', '上限', '缺少的数据']);
      expect(values(3)).toEqual(['宁夏乙制造有限公司', firmB, '兴庆区', '首次达到规模以上工业企业研发投入奖补', '需补充信息', undefined, 2000000, '2023年研发费用']);
    });

    it('compares two runs: the firm whose data changed is listed with the reason "data"', async () => {
      const coordinator = await callerOf('coordinator');
      await load('enterprise_years', '统一社会信用代码,年度,研发费用\n' + `${firmB},2023,500000\n`);
      const dispatcher = createInProcessDispatcher(database.db);
      const second = await startScreeningRun(database.db, coordinator, { year: 2024 }, dispatcher.dispatch, now);
      await dispatcher.idle();
      expect((await resultsOf(second.id)).find(([credit]) => credit === firmB)).toEqual([firmB, 'eligible', '100000.00', '']);
      const comparison = await compareScreeningRuns(database.db, coordinator, { a: firstRun, b: second.id, limit: 100, offset: 0 });
      expect(comparison.rules_changed).toBe(false);
      const changes = comparison.changes.filter((change) => change.incentive_id === award);
      expect(changes).toEqual([
        {
          enterprise_id: firmB,
          credit_code: firmB,
          name: '宁夏乙制造有限公司',
          area_code: '640104',
          area_name: '兴庆区',
          incentive_id: award,
          incentive_title: '首次达到规模以上工业企业研发投入奖补',
          before: { status: 'needs_info', amount: null },
          after: { status: 'eligible', amount: '100000.00' },
          reasons: ['data'],
          synthetic: false,
        },
      ]);
      // Only firm B's data changed: no other firm appears, whatever the incentive.
      expect(new Set(comparison.changes.map((change) => change.credit_code))).toEqual(new Set([firmB]));
    });

    it('compares runs of different rules: results of an incentive screened in one run only are put down to the rules', async () => {
      const coordinator = await callerOf('coordinator');
      const dispatcher = createInProcessDispatcher(database.db);
      const onePack = await startScreeningRun(database.db, coordinator, { year: 2024, packId: 'ningxia-2022-st-action' }, dispatcher.dispatch, now);
      const allPacks = await startScreeningRun(database.db, coordinator, { year: 2024 }, dispatcher.dispatch, now);
      await dispatcher.idle();
      const comparison = await compareScreeningRuns(database.db, coordinator, { a: onePack.id, b: allPacks.id, limit: 500, offset: 0 });
      expect(comparison.rules_changed).toBe(true);
      expect(comparison.changes.some((change) => change.incentive_id === award)).toBe(false);
      expect(comparison.changes.length).toBeGreaterThan(0);
      for (const change of comparison.changes) expect([change.before, change.reasons]).toEqual([null, ['rules']]);
    });

    it('cancels a run between shards and resumes it: it finishes and no firm is counted twice', async () => {
      const coordinator = await callerOf('coordinator');
      const hand = held();
      const started = await startScreeningRun(database.db, coordinator, { year: 2024, packId: 'ningxia-2022-st-action' }, hand.dispatch, now);
      expect(hand.shards).toEqual(['640104', '640202']);
      expect(await runScreeningShard(database.db, started.id, '640104')).toBe('done');
      // The same shard again (a job retried after its worker died): nothing changes.
      expect(await runScreeningShard(database.db, started.id, '640104')).toBe('already_done');
      await cancelScreeningRun(database.db, coordinator, started.id);
      await expect(cancelScreeningRun(database.db, coordinator, started.id)).rejects.toMatchObject({ code: 'conflict', message: '筛查已取消，不能取消' });
      expect(await runScreeningShard(database.db, started.id, '640202')).toBe('cancelled');
      let run = await getScreeningRun(database.db, coordinator, started.id);
      expect(run).toMatchObject({ state: 'cancelled', enterprises_done: 2, shards_done: 1 });
      expect(await countRows(started.id)).toBe(2);

      const dispatcher = createInProcessDispatcher(database.db);
      expect(await resumeScreeningRun(database.db, coordinator, started.id, dispatcher.dispatch)).toEqual({ shards: 1 });
      await dispatcher.idle();
      run = await getScreeningRun(database.db, coordinator, started.id);
      expect(run).toMatchObject({ state: 'done', enterprises_total: 4, enterprises_done: 4, shards_done: 2 });
      expect(await countRows(started.id)).toBe(4);
      await expect(resumeScreeningRun(database.db, coordinator, started.id, dispatcher.dispatch)).rejects.toMatchObject({ code: 'conflict' });
      const audit = (await findAuditRowsAfter(database.db, 0, 100_000)).filter((row) => row.entityId === started.id).map((row) => row.action);
      expect(audit).toEqual(['screening.start', 'screening.cancel', 'screening.resume']);
    });

    it('continues, at start-up, a run a restart left going: a shard left half-written is run again from the start', async () => {
      const coordinator = await callerOf('coordinator');
      const hand = held();
      const started = await startScreeningRun(database.db, coordinator, { year: 2024 }, hand.dispatch, now);
      expect(await runScreeningShard(database.db, started.id, '640202')).toBe('done');
      // A worker died in the middle of 兴庆区: its transaction rolled back, the shard still says running.
      await database.db.execute(sql`update screening_shards set state = 'running', attempts = attempts + 1 where run_id = ${started.id}::uuid and shard_key = '640104'`);
      const dispatcher = createInProcessDispatcher(database.db);
      expect(await resumeInterruptedRuns(database.db, dispatcher.dispatch)).toEqual([started.id]);
      await dispatcher.idle();
      const run = await getScreeningRun(database.db, coordinator, started.id);
      expect(run).toMatchObject({ state: 'done', enterprises_done: 4 });
      expect(await countRows(started.id)).toBe(4);
    });

    it.skipIf(target.name !== 'postgres')('runs each shard once when two workers take the same shards at once (PostgreSQL)', async () => {
      const coordinator = await callerOf('coordinator');
      const hand = held();
      const started = await startScreeningRun(database.db, coordinator, { year: 2024 }, hand.dispatch, now);
      // Two workers, each given every shard: the shard's row lock lets one write it, the other finds it done.
      const outcomes = await Promise.all([...hand.shards, ...hand.shards].map((key) => runScreeningShard(database.db, started.id, key)));
      expect(outcomes.filter((outcome) => outcome === 'done')).toHaveLength(2);
      // The other two calls find their shard done, or the run over when one starts after the whole run has ended (timing decides which).
      expect(outcomes.filter((outcome) => outcome !== 'done').every((outcome) => outcome === 'already_done' || outcome === 'not_running')).toBe(true);
      const run = await getScreeningRun(database.db, coordinator, started.id);
      expect(run).toMatchObject({ state: 'done', enterprises_done: 4, shards_done: 2 });
      expect(await countRows(started.id)).toBe(4);
    });

    it('takes the planner statistics of the results again when a run is done: they count every row written', async () => {
      const coordinator = await callerOf('coordinator');
      const dispatcher = createInProcessDispatcher(database.db);
      const started = await startScreeningRun(database.db, coordinator, { year: 2024 }, dispatcher.dispatch, now);
      await dispatcher.idle();
      // ANALYZE of a table this small reads every row: its estimate is the exact count. Without it
      // the planner took a new run's rows for one row (a 1M run's totals: 2 s instead of 0.2 s).
      const estimates = await queryRows<{ table: string; estimate: number; rows: number }>(
        database.db,
        sql`select c.relname as table, c.reltuples::int as estimate,
                   case c.relname when 'screening_enterprises' then (select count(*)::int from screening_enterprises) else (select count(*)::int from screening_results) end as rows
            from pg_class c where c.relname in ('screening_enterprises', 'screening_results') order by 1`,
      );
      expect(estimates).toHaveLength(2);
      for (const table of estimates) expect(table.estimate).toBe(table.rows);
      expect(estimates[0]!.rows).toBeGreaterThanOrEqual(await countRows(started.id));
    });

    it.skipIf(target.name !== 'postgres')('records when the last shard ended, not when its transaction began (PostgreSQL)', async () => {
      const coordinator = await callerOf('coordinator');
      const hand = held();
      const started = await startScreeningRun(database.db, coordinator, { year: 2024 }, hand.dispatch, now);
      expect(await runScreeningShard(database.db, started.id, hand.shards[0]!)).toBe('done');
      // Another session holds the run's row: the last shard's transaction waits at its end, where it counts itself in.
      const other = new pg.Client({ connectionString: databaseUrl });
      await other.connect();
      try {
        await other.query('begin');
        await other.query('select 1 from screening_runs where id = $1 for update', [started.id]);
        const last = runScreeningShard(database.db, started.id, hand.shards[1]!);
        await new Promise((resolve) => setTimeout(resolve, 400));
        const released = Date.now();
        await other.query('commit');
        expect(await last).toBe('done');
        const run = await getScreeningRun(database.db, coordinator, started.id);
        expect(run.state).toBe('done');
        // now() would say when the transaction began, 400 ms before.
        expect(new Date(run.finished_at!).getTime()).toBeGreaterThanOrEqual(released - 50);
      } finally {
        await other.end();
      }
    });

    it('lets only the coordinator run screening; an area leader reads its own area', async () => {
      const leader = await callerOf('area-leader'); // 银川市
      await expect(startScreeningRun(database.db, leader, { year: 2024 }, held().dispatch, now)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(cancelScreeningRun(database.db, leader, firstRun)).rejects.toMatchObject({ code: 'forbidden' });
      expect((await resultsOf(firstRun, leader)).map(([credit]) => credit)).toEqual([firmA, firmB]);
      const run = await getScreeningRun(database.db, leader, firstRun);
      expect(run.totals.filter((total) => total.incentive_id === award).map((total) => [total.status, total.count])).toEqual([['eligible', 1], ['needs_info', 1]]);
      expect((await findScreeningRuns(database.db, leader, { limit: 20, offset: 0 })).total).toBeGreaterThan(0);
      await expect(getScreeningRun(database.db, await callerOf('area-reporter'), firstRun)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(startScreeningRun(database.db, await callerOf('coordinator'), { year: 2024, org: '999999' }, held().dispatch, now)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('compares a firm new to the register (in a county of its own shard) as a data change, ineligible for every incentive it does not qualify for', async () => {
      const coordinator = await callerOf('coordinator');
      const before = await startScreeningRun(database.db, coordinator, { year: 2024, packId: 'ningxia-2022-st-action' }, held().dispatch, now);
      const firmE = code('91640200MA0000305');
      await load('enterprises', 'credit_code,name,org,industry,founded,above_scale\n' + `${firmE},惠农区戊科技有限公司,640205,C3989,2018-01-01,是\n`);
      const dispatcher = createInProcessDispatcher(database.db);
      const started = await startScreeningRun(database.db, coordinator, { year: 2024, packId: 'ningxia-2022-st-action' }, dispatcher.dispatch, now);
      expect(started.shards).toBe(3); // 惠农区 now holds an enterprise

      await dispatcher.idle();
      const run = await getScreeningRun(database.db, coordinator, started.id);
      expect(run).toMatchObject({ state: 'done', enterprises_done: 5 });
      expect((await resultsOf(started.id)).find(([credit]) => credit === firmE)).toEqual([firmE, 'ineligible', null, '']);
      // The first run was never carried out: all of it is absent on one side.
      const dispatcherBefore = createInProcessDispatcher(database.db);
      await resumeScreeningRun(database.db, coordinator, before.id, dispatcherBefore.dispatch);
      await dispatcherBefore.idle();
      const comparison = await compareScreeningRuns(database.db, coordinator, { a: before.id, b: started.id, limit: 100, offset: 0 });
      const rules = run.packs.flatMap((pack) => pack.incentives).map((incentive) => incentive.id);
      expect(comparison.changes.filter((change) => change.credit_code === firmE).map((change) => [change.incentive_id, change.before, change.after?.status, change.reasons])).toEqual(
        [...rules].sort().map((incentive) => [incentive, null, 'ineligible', ['data']]),
      );
      expect(new Set(comparison.changes.map((change) => change.credit_code))).toEqual(new Set([firmE]));
    });
  });
}
