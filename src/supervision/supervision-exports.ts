import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { findPacks } from '../policy/index.ts';
import { today as beijingToday } from '../shared/index.ts';
import { loadBoard, overdueCycles, reportKey } from './board.ts';
import { currentCycle, cyclesBetween, daysBetween } from './cycles.ts';
import { dueSoonDays } from './lights.ts';
import { nameAssignee } from './supervision-context.ts';
import type { Assignee } from './supervision-vocabulary.ts';

/**
 * What supervision gives the other parts of issue 14 (design brief, "Interfaces"): the reports
 * due for reminders (to the notices module, injected by the platform) and each assignee's yearly
 * record of reports and milestones (to the assessment, joined by the platform).
 */
export interface DueReminder {
  /** Unique per reminder occurrence: `report:<measure>:<kind>:<id>:<period>:due_soon|overdue`. */
  key: string;
  assignee: Assignee;
  measure_id: string;
  period: string;
  due_date: string;
  kind: 'due_soon' | 'overdue';
  title: string;
}

/**
 * Reports to remind of on `today` (a Beijing date): each open measure's current cycle not yet
 * submitted and due within 7 days (`due_soon`), and every cycle since supervision began that is
 * past due and not submitted or approved (`overdue`), for lead and co-responsible assignees.
 */
export async function findDueReportReminders(db: DatabaseOrTransaction, today: string): Promise<DueReminder[]> {
  const board = await loadBoard(db, { scope: { kind: 'all' } });
  const reminders: DueReminder[] = [];
  for (const assignment of board.assignments) {
    const measure = board.measureById.get(assignment.measureId);
    if (!measure || measure.state === 'closed') continue;
    const assignee: Assignee = { kind: assignment.assigneeKind, id: assignment.assigneeId };
    const what = assignment.role === 'lead' ? '进展报告' : '配合材料';
    const base = (period: string, dueOn: string, kind: DueReminder['kind'], label: string) => ({
      key: `report:${measure.id}:${assignee.kind}:${assignee.id}:${period}:${kind}`,
      assignee,
      measure_id: measure.id,
      period,
      due_date: dueOn,
      kind,
      title: `${kind === 'overdue' ? '逾期未报' : '即将到期'}：${measure.title}（${label}${what}，${dueOn} 截止）`,
    });
    const cycle = currentCycle(measure.frequency, today, measure.dueDay);
    const report = board.reportByKey.get(reportKey(measure.id, assignee.kind, assignee.id, cycle.period));
    const left = daysBetween(today, cycle.due_on);
    const delivered = report?.state === 'submitted' || report?.state === 'approved';
    if (!delivered && left >= 0 && left <= dueSoonDays && cycle.opens_on >= measure.trackedFrom) reminders.push(base(cycle.period, cycle.due_on, 'due_soon', cycle.period_label));
    for (const overdue of overdueCycles(board, measure, assignment, today)) reminders.push(base(overdue.period, overdue.due_on, 'overdue', overdue.period_label));
  }
  return reminders;
}

/** One unit's or area's year in supervision: reports owed and how they came, milestones due and met. */
export interface SupervisionRecord {
  assignee: Assignee;
  name: string;
  year: number;
  reports: { due: number; on_time: number; late: number; missing: number };
  milestones: { due: number; met: number };
}

/**
 * The assessment's supervision inputs for `year`: for each assignee, the cycles due in the year
 * (due date in the year and before `asOf`, opened since supervision began), submitted on time
 * (first submission on or before the due date, Beijing time), late, or missing; and the milestones
 * of the measures it leads due in the year (before `asOf`), met when a report it submitted by the
 * milestone's date reached the target percent.
 */
export async function findAssessmentRecords(db: DatabaseOrTransaction, year: number, tree: AreaTree, asOf: string = beijingToday(new Date())): Promise<SupervisionRecord[]> {
  const [board, packs] = await Promise.all([loadBoard(db, { scope: { kind: 'all' } }), findPacks(db)]);
  const records = new Map<string, SupervisionRecord>();
  const recordOf = (assignee: Assignee) => {
    const key = `${assignee.kind}:${assignee.id}`;
    let record = records.get(key);
    if (!record) {
      record = { assignee, name: nameAssignee(assignee, { tree, packs }).name, year, reports: { due: 0, on_time: 0, late: 0, missing: 0 }, milestones: { due: 0, met: 0 } };
      records.set(key, record);
    }
    return record;
  };
  for (const assignment of board.assignments) {
    const measure = board.measureById.get(assignment.measureId);
    if (!measure) continue;
    const assignee: Assignee = { kind: assignment.assigneeKind, id: assignment.assigneeId };
    const record = recordOf(assignee);
    for (const cycle of cyclesBetween(measure.frequency, measure.trackedFrom, `${year}-12-31`, measure.dueDay)) {
      if (!cycle.due_on.startsWith(`${year}-`) || cycle.due_on >= asOf) continue;
      const report = board.reportByKey.get(reportKey(measure.id, assignee.kind, assignee.id, cycle.period));
      record.reports.due += 1;
      if (!report?.firstSubmittedAt) record.reports.missing += 1;
      else if (beijingToday(report.firstSubmittedAt) <= cycle.due_on) record.reports.on_time += 1;
      else record.reports.late += 1;
    }
    if (assignment.role !== 'lead') continue;
    for (const milestone of board.milestonesByMeasure.get(measure.id) ?? []) {
      if (!milestone.dueDate.startsWith(`${year}-`) || milestone.dueDate >= asOf) continue;
      record.milestones.due += 1;
      const met = board.reports.some(
        (report) =>
          report.measureId === measure.id &&
          report.kind === 'lead' &&
          report.assigneeKind === assignee.kind &&
          report.assigneeId === assignee.id &&
          (report.state === 'submitted' || report.state === 'approved') &&
          report.submittedAt !== null &&
          beijingToday(report.submittedAt) <= milestone.dueDate &&
          (report.percent ?? 0) >= milestone.targetPercent,
      );
      if (met) record.milestones.met += 1;
    }
  }
  return [...records.values()].sort((a, b) => a.assignee.kind.localeCompare(b.assignee.kind) || a.assignee.id.localeCompare(b.assignee.id));
}
