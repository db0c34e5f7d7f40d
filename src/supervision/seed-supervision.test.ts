import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { AreaTree, loadBundledAreas } from '../areas/index.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { bundledPacksDir, loadPacks, type PolicyPack } from '../policy/index.ts';
import { assignmentsOf, expandUnits, seedSupervision } from './index.ts';

const tree = new AreaTree(loadBundledAreas());
const loaded = loadPacks(bundledPacksDir);
const pack = (loaded.ok ? loaded.packs : []).find((candidate) => candidate.metadata.id === 'ningxia-2022-st-action')!;

describe('reading the responsibility lists', () => {
  it('expands 各市、县（区） to the 27 cities and counties, an area government to its area, another group to its members', () => {
    const areas = expandUnits(pack, tree, ['all-area-governments']);
    expect(areas).toHaveLength(27);
    expect(areas.every((assignee) => assignee.kind === 'area')).toBe(true);
    expect(areas.filter((assignee) => tree.find(assignee.id)?.level === 'prefecture')).toHaveLength(5);
    expect(expandUnits(pack, tree, ['gov-640104'])).toEqual([{ kind: 'area', id: '640104' }]);
    expect(expandUnits(pack, tree, ['science-popularisation-joint-meeting-members'])).toEqual(expect.arrayContaining([{ kind: 'unit', id: 'science-technology-association' }, { kind: 'unit', id: 'education-department' }]));
    // Named as lead and again (through the group) as co-responsible: the lead.
    const both = assignmentsOf(pack, tree, ['gov-640100'], ['all-area-governments']);
    expect(both.filter((row) => row.assignee.id === '640100')).toEqual([{ assignee: { kind: 'area', id: '640100' }, role: 'lead' }]);
    expect(both).toHaveLength(27);
  });
});

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`seeding supervision on ${target.name}`, () => {
    let database: DatabaseHandle;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
    });

    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    it('stores every measure once, and follows a reloaded pack’s changed title without touching what the coordinator set', async () => {
      const [counts] = await queryRows<{ measures: number }>(database.db, sql`select count(*)::int as measures from supervision_measures where pack_id = 'ningxia-2022-st-action'`);
      expect(counts!.measures).toBe(pack.tasks.reduce((sum, task) => sum + task.measures.length, 0));
      await database.db.execute(sql`update supervision_measures set frequency = 'monthly' where key = 'm-04-01'`);
      const changed: PolicyPack = { ...pack, tasks: pack.tasks.map((task) => ({ ...task, measures: task.measures.map((measure) => (measure.id === 'm-04-01' ? { ...measure, title: '统筹推进共性、核心和前沿技术研发（修订）' } : measure)) })) };
      expect(await seedSupervision(database.db, [changed], tree)).toEqual({ measures: 0, assignments: 0 });
      const [row] = await queryRows<{ title: string; frequency: string }>(database.db, sql`select title, frequency from supervision_measures where key = 'm-04-01'`);
      expect(row).toEqual({ title: '统筹推进共性、核心和前沿技术研发（修订）', frequency: 'monthly' });
      const [audit] = await queryRows<{ after: { updated?: number } }>(database.db, sql`select after from audit_log where action = 'supervision.seed' order by seq desc limit 1`);
      expect(audit!.after.updated).toBe(1);
    });
  });
}
