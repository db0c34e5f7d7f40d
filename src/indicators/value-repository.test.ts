import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { noOrigin, systemActor, loadPermissionTable } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { getPack } from '../policy/index.ts';
import { loadCalculator } from './evaluate-pack.ts';
import { importValueFile } from './import-value-file.ts';
import { findLeafSums, findValueRows } from './value-repository.ts';
import { valueScopeOf } from './value-scope.ts';

const header = 'indicator,org,period,value,unit,source\n';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`indicator value repository on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: DatabaseHandle;
    let drop: () => Promise<void>;
    let tree: AreaTree;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      platform = await preparePlatform(created.options);
      tree = await findAreaTree(platform.db);
      // 石嘴山市 (640200) and its three counties, 2021: R&D spending 1.1 + 2.2 + 0 and GDP 50 + 30 + 20.
      const csv = `${header}rd_expenditure,640202,2021,1.1,亿元,t\nrd_expenditure,640205,2021,2.2,亿元,t\nrd_expenditure,640221,2021,0,亿元,t\ngdp,640202,2021,50,亿元,t\ngdp,640205,2021,30,亿元,t\ngdp,640221,2021,20,亿元,t\n`;
      const permissions = await loadPermissionTable(platform.db);
      const report = await importValueFile(platform.db, { name: 'counties.csv', content: Buffer.from(csv) }, { actor: systemActor, permissions, origin: noOrigin, now: new Date('2025-03-01T02:00:00Z'), dryRun: false });
      expect(report.problems).toEqual([]);
    });

    afterAll(async () => {
      await platform?.close();
      await drop?.();
    });

    it('reads only within the caller’s area, whatever the filter asks for (a check forgotten upstream still holds)', async () => {
      const yinchuan = valueScopeOf({ kind: 'area', orgCode: '640100' }, tree);
      expect(await findValueRows(platform.db, yinchuan, { org: '640202', period: '2021' })).toEqual([]);
      const everythingAsked = await findValueRows(platform.db, yinchuan, {});
      expect(everythingAsked.length).toBeGreaterThan(0);
      expect(everythingAsked.filter((row) => !tree.isWithinArea(row.org, '640100'))).toEqual([]);
      const shizuishan = valueScopeOf({ kind: 'area', orgCode: '640200' }, tree);
      expect((await findValueRows(platform.db, shizuishan, { period: '2021', indicator: 'gdp' })).map((row) => row.org)).toEqual(['640202', '640205', '640221']);
      // A unit's or an enterprise's scope reaches no area's values; an area role without an area, none either.
      for (const scope of [{ kind: 'unit', unitId: 'finance-department' }, { kind: 'enterprise', creditCode: '91640100MA7XXXXXXX' }, { kind: 'none' }] as const) {
        expect(await findValueRows(platform.db, valueScopeOf(scope, tree), { org: '640202' })).toEqual([]);
      }
      expect(await findValueRows(platform.db, { kind: 'all' }, { org: '640202', indicator: 'gdp' })).toEqual([expect.objectContaining({ value: '50' })]);
    });

    it('sums in the database exactly, as decimal strings', async () => {
      const sums = await findLeafSums(platform.db, ['640202', '640205', '640221'].map((org) => ({ org, parent: '640200' })), ['rd_expenditure']);
      expect(sums).toEqual([{ parent: '640200', indicator: 'rd_expenditure', period: '2021', count: 3, sum: '3.3', lowerBound: false }]);
    });

    it('rolls a ratio up exactly: (1.1 + 2.2) ÷ (50 + 30 + 20) × 100 is 3.3, not 3.3000000000000003', async () => {
      const pack = await getPack(platform.db, 'ningxia-2022-st-action');
      for (const options of [{}, { withChildrenOf: '640200' }]) {
        const calculator = await loadCalculator(platform.db, pack, tree, '640200', ['rd_intensity'], [], options);
        expect(calculator.valueAt('rd_expenditure', '640200', '2021')).toMatchObject({ value: 3.3, kind: 'rolled_up' });
        expect(calculator.valueAt('rd_intensity', '640200', '2021')).toMatchObject({ value: 3.3, kind: 'computed' });
      }
    });
  });
}
