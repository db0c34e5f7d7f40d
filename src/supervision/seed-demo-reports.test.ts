import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { queryRows } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { seedDemoReports } from './index.ts';

/** Demo mode gives the demo unit and area accounts reports to see: submitted, returned with a reason, a draft, a contribution; once. */
for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`supervision demo reports on ${target.name}`, () => {
    const folder = mkdtempSync(join(tmpdir(), 'kechuang-demo-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('seeds four labelled reports for the demo accounts on the first start only', async () => {
      const created = await target.create();
      const platform = await preparePlatform({ ...created.options, demoAccountsFile: join(folder, `${target.name}.txt`) });
      try {
        const rows = await queryRows<{ assignee_id: string; state: string; kind: string; narrative: string; return_comment: string | null }>(platform.db, sql`select assignee_id, state, kind, narrative, return_comment from supervision_reports order by assignee_id, state`);
        expect(rows.map((row) => [row.assignee_id, row.kind, row.state])).toEqual([
          ['640104', 'contribution', 'submitted'],
          ['finance-department', 'lead', 'draft'],
          ['finance-department', 'lead', 'returned'],
          ['finance-department', 'lead', 'submitted'],
        ]);
        expect(rows.every((row) => row.narrative.startsWith('【演示数据】'))).toBe(true);
        expect(rows.find((row) => row.state === 'returned')?.return_comment).toContain('滞后原因');
        expect(await seedDemoReports(platform.db)).toBe(0);
      } finally {
        await platform.close();
        await created.drop();
      }
    });
  });
}
