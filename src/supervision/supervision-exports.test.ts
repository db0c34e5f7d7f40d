/**
 * What supervision gives the notices and the assessment (issue 14's interfaces): the reminders due
 * on a day, each with a unique key, and each assignee's yearly record of reports (on time, late,
 * missing) and milestones (due, met). On both databases.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { noOrigin, type Actor } from '../accounts/index.ts';
import { findAreaTree, type AreaTree } from '../areas/index.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';
import { defaultPermissionTable, preparePlatform } from '../platform/index.ts';
import { findPacks, type PolicyPack } from '../policy/index.ts';
import { addMilestone, findAssessmentRecords, findDueReportReminders, saveReport } from './index.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`supervision exports on ${target.name}`, () => {
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let tree: AreaTree;
    let packs: PolicyPack[];
    let finance: Actor;
    let coordinator: Actor;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await database.db.execute(sql`update supervision_measures set tracked_from = '2026-10-01'`);
      const users = await createTestAccounts(database.db);
      finance = { kind: 'user', userId: users.unit_reporter, username: 'unit-reporter', role: 'unit_reporter', unitId: 'finance-department', orgCode: null, creditCode: null };
      coordinator = { kind: 'user', userId: users.coordinator, username: 'coordinator', role: 'coordinator', unitId: null, orgCode: null, creditCode: null };
      tree = await findAreaTree(database.db);
      packs = await findPacks(database.db);
      for (const row of await queryRows<{ id: string; key: string }>(database.db, sql`select id, key from supervision_measures where key in ('m-21-01', 'm-21-03')`)) ids[row.key] = row.id;
    });

    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    const options = (actor: Actor, day: string) => ({ actor, permissions: defaultPermissionTable, origin: noOrigin, now: new Date(`${day}T02:00:00Z`), tree, packs });

    it('lists the reports due within 7 days, then the overdue ones, each with a unique key', async () => {
      expect((await findDueReportReminders(database.db, '2027-01-02')).filter((reminder) => reminder.assignee.id === 'finance-department')).toEqual([]);
      const soon = await findDueReportReminders(database.db, '2027-01-03');
      const mine = soon.filter((reminder) => reminder.assignee.id === 'finance-department');
      expect(mine.length).toBeGreaterThan(30);
      expect(mine.find((reminder) => reminder.measure_id === ids['m-21-03'])).toEqual({
        key: `report:${ids['m-21-03']}:unit:finance-department:2026-Q4:due_soon`,
        assignee: { kind: 'unit', id: 'finance-department' },
        measure_id: ids['m-21-03'],
        period: '2026-Q4',
        due_date: '2027-01-10',
        kind: 'due_soon',
        title: expect.stringContaining('2027-01-10 截止'),
      });
      expect(new Set(soon.map((reminder) => reminder.key)).size).toBe(soon.length);
      // An area named through 各市、县（区） is reminded as the area.
      expect(soon.some((reminder) => reminder.assignee.kind === 'area' && reminder.assignee.id === '640100')).toBe(true);
      await saveReport(database.db, ids['m-21-01']!, '2026-Q4', { status: 'on_schedule', percent: 60, narrative: '', figures: [], indicator_links: [], submit: true }, options(finance, '2027-01-05'));
      const later = await findDueReportReminders(database.db, '2027-01-11');
      const overdue = later.filter((reminder) => reminder.assignee.id === 'finance-department');
      expect(overdue.every((reminder) => reminder.kind === 'overdue')).toBe(true);
      expect(overdue.some((reminder) => reminder.measure_id === ids['m-21-03'])).toBe(true);
      expect(overdue.some((reminder) => reminder.measure_id === ids['m-21-01'])).toBe(false);
    });

    it('gives each assignee its year: reports on time, late and missing; milestones due and met', async () => {
      await addMilestone(database.db, ids['m-21-01']!, { title: '过半', due_date: '2027-01-08', target_percent: 50 }, options(coordinator, '2026-12-01'));
      await addMilestone(database.db, ids['m-21-03']!, { title: '过半', due_date: '2027-01-08', target_percent: 50 }, options(coordinator, '2026-12-01'));
      await saveReport(database.db, ids['m-21-03']!, '2026-Q4', { status: 'on_schedule', percent: 70, narrative: '', figures: [], indicator_links: [], submit: true }, options(finance, '2027-01-12'));
      const [assigned] = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from supervision_assignments where assignee_kind = 'unit' and assignee_id = 'finance-department'`);
      const records = await findAssessmentRecords(database.db, 2027, tree, '2027-02-01');
      const record = records.find((candidate) => candidate.assignee.id === 'finance-department');
      expect(record).toEqual({
        assignee: { kind: 'unit', id: 'finance-department' },
        name: '财政厅',
        year: 2027,
        reports: { due: assigned!.count, on_time: 1, late: 1, missing: assigned!.count - 2 },
        milestones: { due: 2, met: 1 },
      });
      expect(records.find((candidate) => candidate.assignee.id === '640100')).toMatchObject({ name: '银川市', reports: { on_time: 0, late: 0 } });
      // Cycles not yet due by the date asked for are not counted.
      expect((await findAssessmentRecords(database.db, 2027, tree, '2027-01-10')).find((candidate) => candidate.assignee.id === 'finance-department')?.reports.due).toBe(0);
    });
  });
}
