/**
 * Issue 13, fiscal view: the what-if on a small hand-made register (the first-above-scale award,
 * 20% of prior-year R&D, capped at 2,000,000 yuan), the forecast, the overview with the ledger's
 * amounts, and saved scenarios (audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { actorOf, findUserByUsername, loadPermissionTable, noOrigin, systemActor, type PermissionTable } from '../accounts/index.ts';
import { findAreaTree, type AreaTree } from '../areas/index.ts';
import { findAuditRowsAfter } from '../audit/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { importRegistry, type RegistryKind } from '../registry/index.ts';
import { AppError, creditCodeCheckCharacter, readTableFile } from '../shared/index.ts';
import type { CostSources } from './cost-sources.ts';
import type { FiscalCaller } from './fiscal-caller.ts';
import { getFiscalOverview } from './get-fiscal-overview.ts';
import { runWhatIf } from './run-what-if.ts';
import { deleteScenario, getScenario, listScenarios, saveScenario } from './scenarios.ts';

const code = (body: string) => `${body}${creditCodeCheckCharacter(body)}`;
const award = 'ningxia-2022.first-above-scale-rd-award';
const now = new Date('2025-06-30T12:00:00+08:00');

// The register: 兴庆区 640104 and 金凤区 640106 (银川市), 大武口区 640202 (石嘴山市).
const firms = {
  a: code('91640104MA0000131'), // R&D 1,234,567.89: 246,913.58 → 308,641.97
  b: code('91640202MA0000132'), // R&D 3,000,000: 600,000 → 750,000
  c: code('91640104MA0000133'), // R&D 9,000,000: 1,800,000 → 2,250,000, capped at 2,000,000
  d: code('91640104MA0000134'), // R&D 12,000,000: capped at 2,000,000 either way
  e: code('91640202MA0000135'), // no event: ineligible
  f: code('91640106MA0000136'), // event, but no prior-year R&D: needs_info
  g: code('91640104MA0000137'), // first above scale in 2025: next year's forecast
};

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`fiscal view on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: DatabaseHandle;
    let drop: () => Promise<void>;
    let tree: AreaTree;
    let permissions: PermissionTable;
    let coordinator: FiscalCaller;

    const load = async (kind: RegistryKind, csv: string) => {
      const report = await importRegistry(platform.db, kind, `${kind}.csv`, await readTableFile(`${kind}.csv`, Buffer.from(csv)), { tree, actor: systemActor, permissions, origin: noOrigin, now, dryRun: false });
      expect(report.problems).toEqual([]);
    };
    const callerAs = async (username: string): Promise<FiscalCaller> => ({ actor: actorOf((await findUserByUsername(platform.db, username))!), permissions, origin: noOrigin, now });

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      platform = await preparePlatform(created.options);
      await createTestAccounts(platform.db);
      tree = await findAreaTree(platform.db);
      permissions = await loadPermissionTable(platform.db);
      coordinator = await callerAs('coordinator');
      await load(
        'enterprises',
        'credit_code,name,org,industry,founded,above_scale\n' +
          `${firms.a},甲研发有限公司,640104,C3911,2015-06-01,是\n` +
          `${firms.b},乙化工有限公司,640202,C2614,2012-03-01,是\n` +
          `${firms.c},丙装备有限公司,640104,C3411,2010-01-01,是\n` +
          `${firms.d},丁材料有限公司,640104,C3311,2008-01-01,是\n` +
          `${firms.e},戊食品有限公司,640202,C1411,2016-01-01,否\n` +
          `${firms.f},己电子有限公司,640106,C3971,2018-01-01,是\n` +
          `${firms.g},庚新能源有限公司,640104,C3841,2019-01-01,是\n`,
      );
      await load(
        'enterprise_years',
        'credit_code,year,rd_expense\n' +
          `${firms.a},2023,1234567.89\n` +
          `${firms.b},2023,3000000\n` +
          `${firms.c},2023,9000000\n` +
          `${firms.d},2023,12000000\n` +
          `${firms.e},2023,5000000\n` +
          `${firms.g},2024,1000000\n`,
      );
      await load(
        'enterprise_events',
        'credit_code,type,year\n' +
          `${firms.a},first_above_scale,2024\n` +
          `${firms.b},first_above_scale,2024\n` +
          `${firms.c},first_above_scale,2024\n` +
          `${firms.d},first_above_scale,2024\n` +
          `${firms.f},first_above_scale,2024\n` +
          `${firms.g},first_above_scale,2025\n`,
      );
    });

    afterAll(async () => {
      await platform?.close();
      await drop?.();
    });

    it('the rate 0.2 → 0.25 changes the cost by exactly the sum computed by hand', async () => {
      const result = await runWhatIf(platform.db, coordinator, { year: 2024, overrides: { [award]: { rate: '0.25' } } });
      // By hand: a 308,641.97 − 246,913.58 = 61,728.39; b 750,000 − 600,000 = 150,000; c 2,000,000 − 1,800,000 = 200,000; d capped both ways.
      const line = result.by_incentive.find((candidate) => candidate.incentive_id === award)!;
      expect(line).toMatchObject({ baseline: '4646913.58', what_if: '5058641.97', difference: '411728.39', baseline_eligible: 4, what_if_eligible: 4 });
      expect(result.difference_total).toBe('411728.39');
      expect(result.enterprises).toBe(7);
      expect(result.by_area.map((area) => [area.county_name, area.city_name, area.difference])).toEqual([
        ['兴庆区', '银川市', '261728.39'],
        ['金凤区', '银川市', '0.00'],
        ['大武口区', '石嘴山市', '150000.00'],
      ]);
      expect(result.changes.map((change) => [change.name, change.county_name, change.before_status, change.after_status, change.before_amount, change.after_amount])).toEqual([
        ['甲研发有限公司', '兴庆区', 'eligible', 'eligible', '246913.58', '308641.97'],
        ['丙装备有限公司', '兴庆区', 'eligible', 'eligible', '1800000.00', '2000000.00'],
        ['乙化工有限公司', '大武口区', 'eligible', 'eligible', '600000.00', '750000.00'],
      ]);
      expect(result.changes_total).toBe(3);
      expect(result.overridden).toEqual([expect.objectContaining({ incentive_id: award, name: 'rate', in_force: '0.2', what_if: '0.25' })]);
    });

    it('an override of the cap changes only the capped firms', async () => {
      const result = await runWhatIf(platform.db, coordinator, { year: 2024, overrides: { [award]: { cap: '3000000' } } });
      expect(result.changes.map((change) => [change.credit_code, change.before_amount, change.after_amount])).toEqual([[firms.d, '2000000.00', '2400000.00']]);
      expect(result.difference_total).toBe('400000.00');
    });

    it('leaves the default parameters as they were: the same what-if again, then a plain one, give the old amounts', async () => {
      const plain = await runWhatIf(platform.db, coordinator, { year: 2024, overrides: {} });
      expect(plain.by_incentive.find((line) => line.incentive_id === award)).toMatchObject({ baseline: '4646913.58', what_if: '4646913.58', difference: '0.00' });
      expect(plain.changes).toEqual([]);
    });

    it('scopes a what-if to an area and refuses an unknown incentive or parameter, naming it', async () => {
      const yinchuan = await runWhatIf(platform.db, coordinator, { year: 2024, overrides: { [award]: { rate: '0.25' } }, org: '640100' });
      expect(yinchuan).toMatchObject({ enterprises: 5, org_name: '银川市', difference_total: '261728.39' });
      await expect(runWhatIf(platform.db, coordinator, { year: 2024, overrides: { [award]: { ratio: '0.25' } } })).rejects.toMatchObject({ code: 'bad_request', messageEn: expect.stringContaining('no parameter "ratio"') });
      // A rule's threshold is a parameter too: high-tech recognition costs nothing, so the cost stays.
      const threshold = await runWhatIf(platform.db, coordinator, { year: 2024, overrides: { 'national.hte-recognition': { rd_ratio_small: '0.06' } } });
      expect(threshold.difference_total).toBe('0.00');
      expect(threshold.overridden).toEqual([expect.objectContaining({ incentive_id: 'national.hte-recognition', name: 'rd_ratio_small', in_force: '0.05', what_if: '0.06' })]);
      await expect(runWhatIf(platform.db, coordinator, { year: 2024, overrides: { 'no.such-incentive': { rate: '0.25' } } })).rejects.toMatchObject({ code: 'bad_request', messageEn: expect.stringContaining('"no.such-incentive"') });
    });

    it('is the coordinator’s: an area leader is refused', async () => {
      const leader = await callerAs('area-leader');
      await expect(runWhatIf(platform.db, leader, { year: 2024, overrides: {} })).rejects.toBeInstanceOf(AppError);
      await expect(getFiscalOverview(platform.db, leader, { year: 2024 })).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('forecasts next year from the latest data and merges the ledger’s paid and approved amounts', async () => {
      const sources: CostSources = { paidAndApproved: async (_db, year) => (year === 2024 ? [{ incentive_id: award, area_code: '640202', paid: '600000.00', approved: '0.50' }] : []) };
      const overview = await getFiscalOverview(platform.db, coordinator, { year: 2024 }, sources);
      expect(overview).toMatchObject({ year: 2024, forecast_year: 2025, ledger_connected: true, enterprises: 7 });
      const line = overview.by_incentive.find((candidate) => candidate.incentive_id === award)!;
      // 2025: only 庚 first reaches above scale (2024 R&D 1,000,000 × 0.2); the events of 2024 are not repeated.
      expect(line).toMatchObject({ paid: '600000.00', approved: '0.50', forecast: '200000.00', forecast_eligible: 1 });
      expect(overview.rows.filter((row) => row.incentive_id === award).map((row) => [row.county_name, row.paid, row.approved, row.forecast])).toEqual([
        ['兴庆区', '0.00', '0.00', '200000.00'],
        ['大武口区', '600000.00', '0.50', '0.00'],
      ]);
      expect(overview.parameters.find((incentive) => incentive.incentive_id === award)?.parameters.map((parameter) => [parameter.name, parameter.value])).toEqual([
        ['rate', '0.2'],
        ['cap', '2000000'],
        ['base_year_offset', '-1'],
      ]);
      const unwired = await getFiscalOverview(platform.db, coordinator, { year: 2024 });
      expect(unwired.ledger_connected).toBe(false);
      expect(unwired.totals.paid).toBe('0.00');
    });

    it('saves, lists, reads and deletes a named scenario, each change audited; a taken name is a 409', async () => {
      const before = (await findAuditRowsAfter(platform.db, null, 100_000)).length;
      const saved = await saveScenario(platform.db, coordinator, { name: '奖补比例提高到25%', year: 2024, overrides: { [award]: { rate: '0.25' } } });
      expect(saved).toMatchObject({ name: '奖补比例提高到25%', year: 2024, created_by: 'coordinator', difference_total: '411728.39' });
      expect(saved.result.changes_total).toBe(3);
      await expect(saveScenario(platform.db, coordinator, { name: '奖补比例提高到25%', year: 2024, overrides: {} })).rejects.toMatchObject({ code: 'conflict' });
      expect((await listScenarios(platform.db, coordinator)).scenarios.map((scenario) => [scenario.name, scenario.difference_total])).toEqual([['奖补比例提高到25%', '411728.39']]);
      expect((await getScenario(platform.db, coordinator, saved.id)).result.by_incentive.find((line) => line.incentive_id === award)?.difference).toBe('411728.39');
      await expect(deleteScenario(platform.db, await callerAs('area-leader'), saved.id)).rejects.toMatchObject({ code: 'forbidden' });
      expect(await deleteScenario(platform.db, coordinator, saved.id)).toEqual({ deleted: true });
      await expect(deleteScenario(platform.db, coordinator, saved.id)).rejects.toMatchObject({ code: 'not_found' });
      expect((await listScenarios(platform.db, coordinator)).scenarios).toEqual([]);
      const rows = (await findAuditRowsAfter(platform.db, null, 100_000)).slice(before);
      expect(rows.filter((row) => row.entityType === 'fiscal_scenario').map((row) => [row.action, row.actorUsername, row.entityId])).toEqual([
        ['fiscal_scenario.save', 'coordinator', saved.id],
        ['fiscal_scenario.delete', 'coordinator', saved.id],
      ]);
    });

    it('gives two saves of one name at once one scenario and one 409, never a 500', async () => {
      const save = () => saveScenario(platform.db, coordinator, { name: '同时保存', year: 2024, overrides: { [award]: { cap: '3000000' } } });
      const outcomes = await Promise.allSettled([save(), save()]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refused?.reason).toMatchObject({ code: 'conflict', message: expect.stringContaining('同时保存') });
      expect((await listScenarios(platform.db, coordinator)).scenarios.filter((scenario) => scenario.name === '同时保存')).toHaveLength(1);
    });
  });
}
