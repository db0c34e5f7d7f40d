import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import type { Actor, PermissionTable } from '../accounts/index.ts';
import { loadPermissionTable, actorOf, findUserByUsername } from '../accounts/index.ts';
import { findAuditRowsAfter } from '../audit/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import type { AppError } from '../shared/index.ts';
import { saveDraftValues } from './save-draft-values.ts';
import { transitionValues } from './transition-values.ts';
import { findApprovedValues, findValueRevisions } from './value-repository.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`indicator value workflow on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: DatabaseHandle;
    let drop: () => Promise<void>;
    let permissions: PermissionTable;
    let reporter: Actor;
    let coordinator: Actor;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      platform = await preparePlatform(created.options);
      await createTestAccounts(platform.db);
      permissions = await loadPermissionTable(platform.db);
      reporter = actorOf((await findUserByUsername(platform.db, 'area-reporter'))!);
      coordinator = actorOf((await findUserByUsername(platform.db, 'coordinator'))!);
    });

    afterAll(async () => {
      await platform?.close();
      await drop?.();
    });

    const now = new Date('2025-03-01T02:00:00Z');
    const options = (actor: Actor) => ({ actor, permissions, origin: { requestId: 'test', clientIp: '127.0.0.1' }, now });
    const failure = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as AppError);
    const key = { org: '640104', period: '2024' };

    it('lets an area reporter save drafts for its own area (and subtree) only', async () => {
      // The area reporter's area is 银川市 (640100); 兴庆区 (640104) lies in it, 石嘴山市 does not.
      expect(await saveDraftValues(platform.db, { ...key, values: [{ indicator: 'gdp', value: 900, unit: '亿元', source: '区统计局' }] }, options(reporter))).toEqual({ saved: 1 });
      const refused = await failure(saveDraftValues(platform.db, { org: '640200', period: '2024', values: [{ indicator: 'gdp', value: 1 }] }, options(reporter)));
      expect(refused).toMatchObject({ code: 'forbidden' });
    });

    it('keeps drafts and submitted values out of evaluations until approved', async () => {
      await transitionValues(platform.db, 'submit', key, options(reporter));
      expect(await findApprovedValues(platform.db, { orgs: ['640104'], indicators: ['gdp'] })).toEqual([]);
      expect(await failure(transitionValues(platform.db, 'approve', key, options(reporter)))).toMatchObject({ code: 'forbidden' });
      expect(await transitionValues(platform.db, 'approve', key, options(coordinator))).toEqual({ changed: [{ indicator: 'gdp', status: 'approved' }] });
      // The stored decimal, exactly as it was entered.
      expect(await findApprovedValues(platform.db, { orgs: ['640104'], indicators: ['gdp'] })).toEqual([expect.objectContaining({ value: '900', period: '2024' })]);
    });

    it('locks an approved value: editing it or approving it again is refused with 409 saying its state', async () => {
      const edit = await failure(saveDraftValues(platform.db, { ...key, values: [{ indicator: 'gdp', value: 901 }] }, options(reporter)));
      expect(edit).toMatchObject({ code: 'conflict', message: expect.stringContaining('地区生产总值当前状态为“已审核”') });
      expect(edit?.httpStatus).toBe(409);
      const again = await failure(transitionValues(platform.db, 'approve', { ...key, indicators: ['gdp'] }, options(coordinator)));
      expect(again).toMatchObject({ code: 'conflict', message: expect.stringContaining('当前状态为“已审核”') });
      expect(await failure(transitionValues(platform.db, 'unlock', { ...key, indicators: ['gdp'] }, options(reporter)))).toMatchObject({ code: 'forbidden' });
    });

    it('lets only the coordinator unlock; a returned value is 已退回 (returned) and can be corrected', async () => {
      await transitionValues(platform.db, 'unlock', { ...key, indicators: ['gdp'] }, options(coordinator));
      await transitionValues(platform.db, 'return', { ...key, indicators: ['gdp'], reason: '与统计公报不一致' }, options(coordinator));
      await saveDraftValues(platform.db, { ...key, values: [{ indicator: 'gdp', value: 905.3, unit: '亿元', source: '区统计局（修订）' }] }, options(reporter));
      const history = await findValueRevisions(platform.db, { indicator: 'gdp', ...key }, 'all');
      expect(history.map((row) => [row.change, row.status, row.value])).toEqual([
        ['create', 'draft', '900'],
        ['submit', 'submitted', '900'],
        ['approve', 'approved', '900'],
        ['unlock', 'submitted', '900'],
        ['return', 'returned', '900'],
        ['revise', 'returned', '905.3'],
      ]);
    });

    it('audits every transition with its reason', async () => {
      const rows = await findAuditRowsAfter(platform.db, null, 10_000);
      const returned = rows.find((row) => row.action === 'indicator_value.return');
      expect(returned?.after).toMatchObject({ status: 'returned', reason: '与统计公报不一致' });
    });

    it('refuses an entry with a bad value, naming the field', async () => {
      const bad = await failure(saveDraftValues(platform.db, { ...key, values: [{ indicator: 'national_hte', value: -1 }] }, options(reporter)));
      expect(bad).toMatchObject({ code: 'bad_request', message: expect.stringContaining('value') });
    });

    it('says what state the values are in when there is nothing to submit', async () => {
      const nothing = await failure(transitionValues(platform.db, 'approve', { org: '640105', period: '2024' }, options(coordinator)));
      expect(nothing).toMatchObject({ code: 'conflict', message: '西夏区（640105）2024年没有处于“已提交”状态、可审核通过的数据' });
    });

    it('saves first drafts of the same value at once: all succeed, the first as a creation and the others as revisions (no duplicate-key 500)', async () => {
      // Eight at once: on PostgreSQL several of them find no row and insert in the same instant.
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, index) => saveDraftValues(platform.db, { org: '640106', period: '2023', values: [{ indicator: 'tech_smes', value: 40 + index }] }, options(reporter))));
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      const history = await findValueRevisions(platform.db, { indicator: 'tech_smes', org: '640106', period: '2023' }, 'all');
      expect(history.map((row) => [row.revision, row.change])).toEqual(Array.from({ length: 8 }, (_, index) => [index + 1, index === 0 ? 'create' : 'revise']));
    });
  });
}
