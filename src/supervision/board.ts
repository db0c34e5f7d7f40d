import type { DatabaseOrTransaction } from '../db/index.ts';
import { cycleOf, currentCycle, cyclesBetween, periodContaining, type CycleDates } from './cycles.ts';
import { expectedPercent, lightOf } from './lights.ts';
import { findAssignments, findMeasures, findMilestones, findReports, type AssigneeScope, type AssignmentRow, type MeasureRow, type MilestoneRow, type ReportRow } from './supervision-repository.ts';
import { worstLight, type Light } from './supervision-vocabulary.ts';

/**
 * The board: measures, the assignments a caller may see, their reports and milestones, loaded at
 * once; every view (by task, by unit or area, heat map, workbench, reminders, assessment) computes
 * its rows from it in memory with `progressOf`.
 */
export interface Board {
  measures: MeasureRow[];
  assignments: AssignmentRow[];
  reports: ReportRow[];
  milestones: MilestoneRow[];
  reportByKey: Map<string, ReportRow>;
  latestDelivered: Map<string, ReportRow>;
  milestonesByMeasure: Map<string, MilestoneRow[]>;
  measureById: Map<string, MeasureRow>;
}

export const reportKey = (measureId: string, kind: string, id: string, period: string) => `${measureId}|${kind}|${id}|${period}`;
const assigneeKey = (measureId: string, kind: string, id: string) => `${measureId}|${kind}|${id}`;
const delivered = (report: ReportRow | undefined) => report !== undefined && (report.state === 'submitted' || report.state === 'approved');

export async function loadBoard(db: DatabaseOrTransaction, filter: { scope: AssigneeScope; packId?: string | undefined; measureIds?: readonly string[] }): Promise<Board> {
  const measures = await findMeasures(db, { packId: filter.packId, ...(filter.measureIds ? { ids: filter.measureIds } : {}) });
  const ids = measures.map((measure) => measure.id);
  const [assignments, reports, milestones] = await Promise.all([
    findAssignments(db, { scope: filter.scope, measureIds: ids }),
    findReports(db, { scope: filter.scope, measureIds: ids }),
    findMilestones(db, ids),
  ]);
  return boardOf(measures, assignments, reports, milestones);
}

export function boardOf(measures: MeasureRow[], assignments: AssignmentRow[], reports: ReportRow[], milestones: MilestoneRow[]): Board {
  const reportByKey = new Map<string, ReportRow>();
  const latestDelivered = new Map<string, ReportRow>();
  for (const report of reports) {
    reportByKey.set(reportKey(report.measureId, report.assigneeKind, report.assigneeId, report.period), report);
    if (report.kind === 'lead' && delivered(report)) {
      const key = assigneeKey(report.measureId, report.assigneeKind, report.assigneeId);
      const previous = latestDelivered.get(key);
      if (!previous || (previous.submittedAt?.getTime() ?? 0) <= (report.submittedAt?.getTime() ?? 0)) latestDelivered.set(key, report);
    }
  }
  const milestonesByMeasure = new Map<string, MilestoneRow[]>();
  for (const milestone of milestones) milestonesByMeasure.set(milestone.measureId, [...(milestonesByMeasure.get(milestone.measureId) ?? []), milestone]);
  return { measures, assignments, reports, milestones, reportByKey, latestDelivered, milestonesByMeasure, measureById: new Map(measures.map((measure) => [measure.id, measure])) };
}

/** The measure's cycle a view shows: the one containing the period's last day, else the current cycle. */
export function cycleFor(measure: MeasureRow, today: string, period?: string): CycleDates {
  if (period) return cycleOf(periodContaining(measure.frequency, cycleOf(period).ends_on), measure.dueDay);
  return currentCycle(measure.frequency, today, measure.dueDay);
}

export interface Progress {
  cycle: CycleDates;
  light: Light;
  /** The lead's latest delivered percent; null for a co-responsible row or when none. */
  percent: number | null;
  expected: number;
  report: ReportRow | null;
  /** Cycles since supervision began, past due and not delivered (oldest first). */
  overdue: CycleDates[];
}

/** One assignee's standing on one measure: the view's cycle, its light (worst of the cycle and any overdue earlier cycle), its report. */
export function progressOf(board: Board, measure: MeasureRow, assignment: Pick<AssignmentRow, 'assigneeKind' | 'assigneeId' | 'role'>, today: string, period?: string): Progress {
  const cycle = cycleFor(measure, today, period);
  const report = board.reportByKey.get(reportKey(measure.id, assignment.assigneeKind, assignment.assigneeId, cycle.period)) ?? null;
  const latest = assignment.role === 'lead' ? board.latestDelivered.get(assigneeKey(measure.id, assignment.assigneeKind, assignment.assigneeId)) : undefined;
  const percent = assignment.role === 'lead' ? (latest?.percent ?? null) : null;
  const at = today < cycle.ends_on ? today : cycle.ends_on;
  const expected = expectedPercent(at, { deadline: measure.deadline, spanStartYear: Number(measure.trackedFrom.slice(0, 4)) });
  const milestoneMissed =
    assignment.role === 'lead' && (board.milestonesByMeasure.get(measure.id) ?? []).some((milestone) => milestone.dueDate < today && milestone.dueDate >= measure.trackedFrom && (percent ?? 0) < milestone.targetPercent);
  const closed = measure.state === 'closed';
  const light = lightOf({ today, closed, cycle, state: report?.state ?? null, status: assignment.role === 'lead' ? (latest?.status ?? null) : null, percent, expectedPercent: expected, deadline: measure.deadline, milestoneMissed });
  const overdue = closed ? [] : overdueCycles(board, measure, assignment, today);
  return { cycle, light: overdue.length > 0 && !period ? worstLight([light, 'red']) : light, percent, expected, report, overdue };
}

/** Cycles opened since supervision of the measure began, past due, whose report is not submitted or approved. */
export function overdueCycles(board: Board, measure: MeasureRow, assignment: Pick<AssignmentRow, 'assigneeKind' | 'assigneeId'>, today: string): CycleDates[] {
  return cyclesBetween(measure.frequency, measure.trackedFrom, today, measure.dueDay).filter(
    (cycle) => cycle.due_on < today && !delivered(board.reportByKey.get(reportKey(measure.id, assignment.assigneeKind, assignment.assigneeId, cycle.period))),
  );
}
