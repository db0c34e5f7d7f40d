import type { AreaTree } from '../areas/index.ts';
import type { PolicyPack } from '../policy/index.ts';
import { formatBeijingTime } from '../shared/index.ts';
import type { Progress } from './board.ts';
import { periodLabel as cycleLabel, periodLabelEn, type CycleDates } from './cycles.ts';
import { reportActionLabels, type ReportAction } from './report-states.ts';
import { measureRef, nameAssignee } from './supervision-context.ts';
import type { AssigneeView, Cycle, Evidence, MeasureSummary, ProgressRow, ReportSummary } from './supervision-contract.ts';
import type { AssignmentRow, EvidenceRow, HistoryRow, MeasureRow, ReportRow } from './supervision-repository.ts';
import { frequencyLabels, lightLabels, measureStateLabels, reportStateLabels, reportStatusLabels, type ReportState } from './supervision-vocabulary.ts';

export interface Naming {
  tree: AreaTree;
  packs: readonly PolicyPack[];
}

export const beijing = (instant: Date) => `${formatBeijingTime(instant)}（北京时间）`;

export function presentCycle(cycle: CycleDates): Cycle {
  return { period: cycle.period, period_label: cycle.period_label, period_label_en: cycle.period_label_en, frequency: cycle.frequency, opens_on: cycle.opens_on, due_on: cycle.due_on };
}

export function presentMeasureSummary(measure: MeasureRow, naming: Naming): MeasureSummary {
  return {
    ...measureRef(measure, naming.packs),
    parent_id: measure.parentId,
    frequency: measure.frequency,
    frequency_label: frequencyLabels[measure.frequency],
    due_day: measure.dueDay,
    deadline: measure.deadline,
    state: measure.state,
    state_label: measureStateLabels[measure.state],
  };
}

export function presentAssignee(row: Pick<AssignmentRow, 'assigneeKind' | 'assigneeId'>, naming: Naming): AssigneeView {
  return nameAssignee({ kind: row.assigneeKind, id: row.assigneeId }, naming);
}

export function presentReportSummary(report: ReportRow, measure: MeasureRow, naming: Naming): ReportSummary {
  return {
    id: report.id,
    measure: measureRef(measure, naming.packs),
    kind: report.kind,
    assignee: presentAssignee(report, naming),
    period: report.period,
    period_label: periodLabelOf(report.period, cycleLabel),
    period_label_en: periodLabelOf(report.period, periodLabelEn),
    state: report.state,
    state_label: reportStateLabels[report.state],
    status: report.status,
    status_label: report.status ? reportStatusLabels[report.status] : null,
    percent: report.percent,
    revision: report.revision,
    submitted_at: report.submittedAt?.toISOString() ?? null,
    submitted_at_text: report.submittedAt ? beijing(report.submittedAt) : null,
    return_comment: report.state === 'returned' ? report.returnComment : null,
    updated_at: report.updatedAt.toISOString(),
  };
}

function periodLabelOf(period: string, label: (period: string) => string): string {
  try {
    return label(period);
  } catch {
    return period;
  }
}

export function presentProgressRow(assignment: Pick<AssignmentRow, 'assigneeKind' | 'assigneeId' | 'role'>, progress: Progress, naming: Naming): ProgressRow {
  const report = progress.report;
  return {
    assignee: presentAssignee(assignment, naming),
    role: assignment.role,
    cycle: presentCycle(progress.cycle),
    light: progress.light,
    light_label: lightLabels[progress.light],
    percent: progress.percent,
    expected_percent: progress.expected,
    report: report
      ? {
          id: report.id,
          kind: report.kind,
          state: report.state,
          state_label: reportStateLabels[report.state],
          status: report.status,
          percent: report.percent,
          revision: report.revision,
          submitted_at: report.submittedAt?.toISOString() ?? null,
          return_comment: report.state === 'returned' ? report.returnComment : null,
        }
      : null,
  };
}

export function presentEvidence(row: EvidenceRow): Evidence {
  return {
    id: row.id,
    report_id: row.reportId,
    file_name: row.fileName,
    original_name: row.originalName,
    media_type: row.mediaType,
    size: row.size,
    sha256: row.sha256,
    uploaded_by: row.uploadedBy,
    uploaded_at: row.uploadedAt.toISOString(),
    uploaded_at_text: beijing(row.uploadedAt),
    download_path: `/api/supervision/evidence/${row.id}`,
  };
}

export function presentHistory(row: HistoryRow) {
  const action = row.action as ReportAction;
  return {
    revision: row.revision,
    action: row.action,
    action_label: reportActionLabels[action] ?? { zh: row.action, en: row.action },
    from_state: (row.fromState as ReportState | null) ?? null,
    to_state: row.toState as ReportState,
    actor: row.actor,
    at: row.at.toISOString(),
    at_text: beijing(row.at),
    comment: row.comment,
  };
}
