/**
 * True totals of the enterprise list: beyond 1,000 matches the list says how many there are (it
 * used to stop at "超过 1000 项" and 50 pages), and the last page is reachable. A name search over
 * a large register may estimate, and then says so.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openRegistryTestPlatform, type RegistryTestPlatform } from '../../test/registry-platform.ts';
import { currentYear } from '../shared/index.ts';
import { findEnterprises } from './find-enterprises.ts';
import { generateDemoRegistry } from './generate-demo-registry.ts';
import { importRegistry } from './import-registry.ts';
import { systemActor, noOrigin } from '../accounts/index.ts';
import { queryRows } from '../db/index.ts';

const size = 1_500;

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`enterprise list totals on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let registry: RegistryTestPlatform;

    beforeAll(async () => {
      registry = await openRegistryTestPlatform(target);
      const { platform, tree, permissions, now } = registry;
      const tables = generateDemoRegistry(tree, { enterprises: size, platforms: 0, contracts: 0, financialYears: 0 }, 11, currentYear(now));
      const report = await importRegistry(platform.db, 'enterprises', 'enterprises.csv', tables.enterprises, { tree, actor: systemActor, permissions, origin: noOrigin, synthetic: true, now });
      expect(report.problems).toEqual([]);
      await platform.db.execute(sql`analyze enterprises`);
    }, 120_000);

    afterAll(async () => {
      await registry?.close();
    });

    it('counts every enterprise, with or without a name, and pages to the last one', async () => {
      const system = await registry.caller('system');
      const all = await findEnterprises(registry.platform.db, system, { limit: 20, offset: 0 });
      expect(all).toMatchObject({ total: size, total_estimated: false });
      // Every generated name has 有限公司: a name search matching all of them, counted exactly in a register this size.
      const named = await findEnterprises(registry.platform.db, system, { q: '有限公司', limit: 20, offset: 0 });
      expect(named).toMatchObject({ total: size, total_estimated: false });
      const sorted = await findEnterprises(registry.platform.db, system, { q: '有限公司', sort: 'credit_code', limit: 20, offset: 0 });
      expect(sorted).toMatchObject({ total: size, total_estimated: false });
      // Page 75 of 20: the last 20, beyond the old cap of 1,000 (50 pages).
      const last = await findEnterprises(registry.platform.db, system, { sort: 'credit_code', limit: 20, offset: size - 20 });
      expect(last.enterprises).toHaveLength(20);
      const lastNamed = await findEnterprises(registry.platform.db, system, { q: '有限公司', limit: 20, offset: size - 20 });
      expect(lastNamed.enterprises).toHaveLength(20);
      // Within a scope: 银川's area reporter counts 银川's firms only, exactly.
      const area = await findEnterprises(registry.platform.db, await registry.caller('area-reporter'), { limit: 20, offset: 0 });
      const [yinchuan] = await queryRows<{ count: number }>(registry.platform.db, sql`select count(*)::int as count from enterprises where org like '6401%'`);
      expect(area).toMatchObject({ total: yinchuan!.count, total_estimated: false });
      expect(area.total).toBeGreaterThan(0);
    });

    it('estimates a common word over a large register, says so, and never below the matches it has seen', async () => {
      // The statistics of a register of a million: the count of a name search with more than
      // 1,000 matches comes from a sample.
      await registry.platform.db.execute(sql`update pg_class set reltuples = 1000000 where oid = 'enterprises'::regclass`);
      try {
        const named = await findEnterprises(registry.platform.db, await registry.caller('system'), { q: '有限公司', limit: 20, offset: 0 });
        expect(named.total_estimated).toBe(true);
        expect(named.total).toBeGreaterThan(1_000);
        // Without a name the count stays exact.
        expect(await findEnterprises(registry.platform.db, await registry.caller('system'), { limit: 20, offset: 0 })).toMatchObject({ total: size, total_estimated: false });
      } finally {
        await registry.platform.db.execute(sql`analyze enterprises`);
      }
    });
  });
}
