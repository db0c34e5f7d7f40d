import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import type { Actor, PermissionTable } from '../accounts/index.ts';
import { loadPermissionTable, actorOf, findUserByUsername } from '../accounts/index.ts';
import { findAuditRowsAfter } from '../audit/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import type { AppError } from '../shared/index.ts';
import { closePeriod } from './close-period.ts';
import { findEntrySheet } from './find-entry-sheet.ts';
import { importValueFile } from './import-value-file.ts';
import { reopenPeriod } from './reopen-period.ts';
import { saveDraftValues } from './save-draft-values.ts';
import { transitionValues } from './transition-values.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`closed reporting periods on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: DatabaseHandle;
    let drop: () => Promise<void>;
    let permissions: PermissionTable;
    let reporter: Actor;
    let areaLeader: Actor;
    let coordinator: Actor;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      platform = await preparePlatform(created.options);
      await createTestAccounts(platform.db);
      permissions = await loadPermissionTable(platform.db);
      reporter = actorOf((await findUserByUsername(platform.db, 'area-reporter'))!);
      areaLeader = actorOf((await findUserByUsername(platform.db, 'area-leader'))!);
      coordinator = actorOf((await findUserByUsername(platform.db, 'coordinator'))!);
    });

    afterAll(async () => {
      await platform?.close();
      await drop?.();
    });

    // 10:00 on 2 January 2025 in Beijing.
    const now = new Date('2025-01-02T02:00:00Z');
    const options = (actor: Actor) => ({ actor, permissions, origin: { requestId: 'test', clientIp: '127.0.0.1' }, now });
    const failure = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as AppError);
    const yinchuan = { org: '640100', period: '2024' };
    const importCsv = (csv: string, dryRun = false) => importValueFile(platform.db, { name: 'values.csv', content: Buffer.from(csv) }, { ...options(coordinator), dryRun });

    it('lets only the coordinator close a period: an area reviewer or reporter is refused', async () => {
      expect(await failure(closePeriod(platform.db, { ...yinchuan, reason: '填报结束' }, options(reporter)))).toMatchObject({ code: 'forbidden' });
      expect(await failure(closePeriod(platform.db, { ...yinchuan, reason: '填报结束' }, options(areaLeader)))).toMatchObject({ code: 'forbidden' });
      expect(await failure(closePeriod(platform.db, { org: '649999', period: '2024', reason: '填报结束' }, options(coordinator)))).toMatchObject({ code: 'not_found' });
    });

    it('closes a period, saying who closed it and when; closing it again is a 409 that says it is closed', async () => {
      await saveDraftValues(platform.db, { ...yinchuan, values: [{ indicator: 'gdp', value: 2500 }] }, options(reporter));
      const closed = await closePeriod(platform.db, { ...yinchuan, reason: '2024年度填报结束' }, options(coordinator));
      expect(closed).toEqual({ org: '640100', org_name: '银川市', period: '2024', closure: { closed_by: 'coordinator', closed_at: '2025-01-02T02:00:00.000Z' } });
      const again = await failure(closePeriod(platform.db, { ...yinchuan, reason: '再次关闭' }, options(coordinator)));
      expect(again).toMatchObject({ code: 'conflict', message: '银川市（640100）2024年的填报期已经是关闭状态（由 coordinator 于 2025-01-02 10:00:00（北京时间）关闭）' });
      expect(again?.httpStatus).toBe(409);
      const sheet = await findEntrySheet(platform.db, yinchuan, { actor: reporter, permissions });
      expect(sheet.closure).toEqual({ closed_by: 'coordinator', closed_at: '2025-01-02T02:00:00.000Z' });
      expect(sheet.abilities).toEqual({ enter: true, approve: false, close: false });
    });

    it('refuses entering, submitting, reviewing and importing into the closed period with 409, naming the area and period', async () => {
      const closedMessage = expect.stringContaining('银川市（640100）2024年的填报期已关闭');
      expect(await failure(saveDraftValues(platform.db, { ...yinchuan, values: [{ indicator: 'gdp', value: 2501 }] }, options(reporter)))).toMatchObject({ code: 'conflict', message: closedMessage });
      expect(await failure(transitionValues(platform.db, 'submit', yinchuan, options(reporter)))).toMatchObject({ code: 'conflict', message: closedMessage });
      expect(await failure(transitionValues(platform.db, 'approve', yinchuan, options(coordinator)))).toMatchObject({ code: 'conflict', message: closedMessage });
      const csv = 'indicator,org,period,value,unit,source\ngdp,640100,2024,2502,亿元,统计公报\ngdp,640200,2024,600,亿元,统计公报\n';
      for (const dryRun of [true, false]) {
        const imported = await failure(importCsv(csv, dryRun));
        expect(imported).toMatchObject({ code: 'conflict', message: '银川市（640100）2024年填报期已关闭，不能导入；整个文件未写入任何数据' });
      }
      // The other areas and periods stay open.
      expect(await saveDraftValues(platform.db, { org: '640104', period: '2024', values: [{ indicator: 'gdp', value: 900 }] }, options(reporter))).toEqual({ saved: 1 });
      expect(await saveDraftValues(platform.db, { org: '640100', period: '2023', values: [{ indicator: 'gdp', value: 2400 }] }, options(reporter))).toEqual({ saved: 1 });
    });

    it('reopens a closed period with a reason; reopening an open one is a 409 that says it is open', async () => {
      const reopened = await reopenPeriod(platform.db, { ...yinchuan, reason: '统计局修订了数据' }, options(coordinator));
      expect(reopened).toEqual({ org: '640100', org_name: '银川市', period: '2024', closure: null });
      expect(await failure(reopenPeriod(platform.db, { ...yinchuan, reason: '再次开放' }, options(coordinator)))).toMatchObject({ code: 'conflict', message: '银川市（640100）2024年的填报期未关闭，处于开放状态，无需重新开放' });
      expect(await failure(reopenPeriod(platform.db, { org: '640200', period: '2024', reason: '开放' }, options(reporter)))).toMatchObject({ code: 'forbidden' });
      expect(await saveDraftValues(platform.db, { ...yinchuan, values: [{ indicator: 'gdp', value: 2501 }] }, options(reporter))).toEqual({ saved: 1 });
      expect((await findEntrySheet(platform.db, yinchuan, { actor: reporter, permissions })).closure).toBeNull();
    });

    it('audits closing and reopening with the reason', async () => {
      const rows = (await findAuditRowsAfter(platform.db, null, 10_000)).filter((row) => row.entityType === 'indicator_period');
      expect(rows.map((row) => [row.action, row.entityId, (row.after as { reason?: string } | null)?.reason])).toEqual([
        ['indicator_period.close', '640100|2024', '2024年度填报结束'],
        ['indicator_period.reopen', '640100|2024', '统计局修订了数据'],
      ]);
    });

    it('lets two coordinators close the same period at once: one closes it, the other is told it is closed', async () => {
      const shizuishan = { org: '640200', period: '2023', reason: '填报结束' };
      const results = await Promise.allSettled([closePeriod(platform.db, shizuishan, options(coordinator)), closePeriod(platform.db, shizuishan, options(coordinator))]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((result) => result.status === 'rejected');
      expect((refused as PromiseRejectedResult | undefined)?.reason).toMatchObject({ code: 'conflict', message: expect.stringContaining('石嘴山市（640200）2023年的填报期已经是关闭状态') });
    });
  });
}
