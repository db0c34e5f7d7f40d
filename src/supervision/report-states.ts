import { AppError } from '../shared/index.ts';
import { reportStateLabels, type ReportState } from './supervision-vocabulary.ts';

/**
 * A report (or contribution) as a state machine (a pure module). The assignee saves a draft and
 * submits it; the coordinator approves it (locked: no edit, no further move) or returns it with a
 * comment; a returned report is corrected (saved again, still returned) and resubmitted, which
 * raises its revision by one. Every move is kept in the report's history.
 *
 * | action   | from                      | to        | who                         |
 * | -------- | ------------------------- | --------- | --------------------------- |
 * | save     | (none), draft, returned   | unchanged | assignee (supervision.report) |
 * | submit   | draft                     | submitted | assignee                    |
 * | resubmit | returned                  | submitted | assignee (revision + 1)     |
 * | approve  | submitted                 | approved  | coordinator (supervision.review) |
 * | return   | submitted                 | returned  | coordinator, with a comment |
 */
export const reportActions = ['save', 'submit', 'resubmit', 'approve', 'return'] as const;
export type ReportAction = (typeof reportActions)[number];

export const reportTransitions: Readonly<Record<ReportAction, { from: readonly ReportState[]; to: ReportState | 'unchanged' }>> = {
  save: { from: ['draft', 'returned'], to: 'unchanged' },
  submit: { from: ['draft'], to: 'submitted' },
  resubmit: { from: ['returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
};

export const reportActionLabels: Readonly<Record<ReportAction, { zh: string; en: string }>> = {
  save: { zh: '保存', en: 'save' },
  submit: { zh: '报送', en: 'submit' },
  resubmit: { zh: '修改后重新报送', en: 'resubmit' },
  approve: { zh: '审核通过', en: 'approve' },
  return: { zh: '退回', en: 'return' },
};

export function canMoveReport(state: ReportState, action: ReportAction): boolean {
  return reportTransitions[action].from.includes(state);
}

/** The submit action for a report in `state`: submit from a draft, resubmit once returned. */
export function submitActionOf(state: ReportState): ReportAction {
  return state === 'returned' ? 'resubmit' : 'submit';
}

/**
 * The state `action` takes a report in `state` to, and its revision; 409 `conflict` naming the
 * report, its state and what may be done instead when the move is illegal.
 */
export function nextReportState(state: ReportState, action: ReportAction, report: { label: string; revision: number }): { state: ReportState; revision: number } {
  if (!canMoveReport(state, action)) {
    const allowed = reportTransitions[action].from.map((from) => reportStateLabels[from]);
    const locked = state === 'approved' ? '（已审核的报告已锁定，不能再修改）' : '';
    const lockedEn = state === 'approved' ? ' (an approved report is locked)' : '';
    throw new AppError(
      'conflict',
      `${report.label}当前状态为“${reportStateLabels[state].zh}”，不能${reportActionLabels[action].zh}${locked}（只有“${allowed.map((label) => label.zh).join('”或“')}”的报告可以）`,
      `${report.label} is ${reportStateLabels[state].en}: cannot ${reportActionLabels[action].en}${lockedEn} (only a report that is ${allowed.map((label) => label.en).join(' or ')} can)`,
      { state, action },
    );
  }
  const to = reportTransitions[action].to;
  return { state: to === 'unchanged' ? state : to, revision: action === 'resubmit' ? report.revision + 1 : report.revision };
}
