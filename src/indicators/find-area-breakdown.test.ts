import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { getPack } from '../policy/index.ts';
import { findAreaBreakdown } from './find-area-breakdown.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`the drill-down by area on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: DatabaseHandle;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      platform = await preparePlatform(created.options);
    });

    afterAll(async () => {
      await platform?.close();
      await drop?.();
    });

    it('opens on the latest period with data', async () => {
      const breakdown = await findAreaBreakdown(platform.db, 'ningxia-2022-st-action', 'gdp', { now: new Date('2025-06-01T00:00:00Z') });
      expect(breakdown.period).toBe(breakdown.periods.at(-1));
      expect(breakdown.parent).toMatchObject({ org: '640000', name: '宁夏回族自治区', level: 'province', has_children: true });
    });

    it('opens every indicator on a period in which the area has a value, not on a later one only an input has', async () => {
      const pack = await getPack(platform.db, 'ningxia-2022-st-action');
      for (const indicator of pack.indicators) {
        const breakdown = await findAreaBreakdown(platform.db, pack.metadata.id, indicator.code, { now: new Date('2026-12-06T00:00:00Z') });
        if (breakdown.periods.length === 0) continue;
        const withValue = [];
        for (const period of breakdown.periods) if ((await findAreaBreakdown(platform.db, pack.metadata.id, indicator.code, { period, now: new Date() })).parent.value !== null) withValue.push(period);
        expect({ indicator: indicator.code, period: breakdown.period }).toEqual({ indicator: indicator.code, period: withValue.at(-1) ?? breakdown.periods.at(-1) });
      }
    });

    it('without any data, opens on last year as Beijing counts it: at 00:30 on 1 January 2025 in Beijing, 2024', async () => {
      // 各类科技创新平台 has no published figure in the bundled data.
      const newYear = await findAreaBreakdown(platform.db, 'ningxia-2022-st-action', 'st_platforms', { now: new Date('2024-12-31T16:30:00Z') });
      expect(newYear).toMatchObject({ periods: [], period: '2024' });
      const newYearsEve = await findAreaBreakdown(platform.db, 'ningxia-2022-st-action', 'st_platforms', { now: new Date('2024-12-31T15:30:00Z') });
      expect(newYearsEve.period).toBe('2023');
    });

    it('names an unknown indicator or area as not found', async () => {
      await expect(findAreaBreakdown(platform.db, 'ningxia-2022-st-action', 'no_such_code', { now: new Date() })).rejects.toMatchObject({ code: 'not_found' });
      await expect(findAreaBreakdown(platform.db, 'ningxia-2022-st-action', 'gdp', { parent: '649999', now: new Date() })).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
