/**
 * The words of supervision (督查督办), shared by the domain, the contract and the web (issue 14's
 * design brief: use these names exactly). A pure module: constants and labels only.
 */

export const cycleFrequencies = ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export type CycleFrequency = (typeof cycleFrequencies)[number];

/** The unit's own judgement of its progress. */
export const reportStatuses = ['not_started', 'on_schedule', 'behind', 'done'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** Where a report stands in review (see report-states.ts for the transitions). */
export const reportStates = ['draft', 'submitted', 'returned', 'approved'] as const;
export type ReportState = (typeof reportStates)[number];

/** A lead assignee's report, or a co-responsible assignee's contribution to it. */
export const reportKinds = ['lead', 'contribution'] as const;
export type ReportKind = (typeof reportKinds)[number];

export const lights = ['grey', 'green', 'blue', 'yellow', 'red'] as const;
export type Light = (typeof lights)[number];

export const assigneeKinds = ['unit', 'area'] as const;
export type AssigneeKind = (typeof assigneeKinds)[number];

/** A unit of the pack (`science-technology-department`) or an area government (`640100`). */
export interface Assignee {
  kind: AssigneeKind;
  id: string;
}

export const assignmentRoles = ['lead', 'co'] as const;
export type AssignmentRole = (typeof assignmentRoles)[number];

export const measureStates = ['open', 'closed'] as const;
export type MeasureState = (typeof measureStates)[number];

type Label = Readonly<{ zh: string; en: string }>;

export const frequencyLabels: Readonly<Record<CycleFrequency, Label>> = {
  monthly: { zh: '按月', en: 'monthly' },
  quarterly: { zh: '按季度', en: 'quarterly' },
  half_yearly: { zh: '按半年', en: 'half-yearly' },
  yearly: { zh: '按年', en: 'yearly' },
};

export const reportStatusLabels: Readonly<Record<ReportStatus, Label>> = {
  not_started: { zh: '未启动', en: 'not started' },
  on_schedule: { zh: '按计划推进', en: 'on schedule' },
  behind: { zh: '滞后', en: 'behind' },
  done: { zh: '已完成', en: 'done' },
};

export const reportStateLabels: Readonly<Record<ReportState, Label>> = {
  draft: { zh: '草稿', en: 'draft' },
  submitted: { zh: '已报送', en: 'submitted' },
  returned: { zh: '已退回', en: 'returned' },
  approved: { zh: '已审核', en: 'approved' },
};

export const lightLabels: Readonly<Record<Light, Label>> = {
  grey: { zh: '灰灯（已销号或未开始）', en: 'grey (closed or not yet open)' },
  green: { zh: '绿灯（正常）', en: 'green (on track)' },
  blue: { zh: '蓝灯（即将到期）', en: 'blue (due soon)' },
  yellow: { zh: '黄灯（滞后于序时进度）', en: 'yellow (behind schedule)' },
  red: { zh: '红灯（逾期）', en: 'red (overdue)' },
};

export const measureStateLabels: Readonly<Record<MeasureState, Label>> = {
  open: { zh: '推进中', en: 'open' },
  closed: { zh: '已销号', en: 'closed off' },
};

export const assignmentRoleLabels: Readonly<Record<AssignmentRole, Label>> = {
  lead: { zh: '牵头单位', en: 'lead' },
  co: { zh: '配合单位', en: 'co-responsible' },
};

/** Red > yellow > blue > green > grey: the worst light of several. */
export const lightSeverity: Readonly<Record<Light, number>> = { grey: 0, green: 1, blue: 2, yellow: 3, red: 4 };

export function worstLight(values: Iterable<Light>): Light {
  let worst: Light = 'grey';
  for (const value of values) if (lightSeverity[value] > lightSeverity[worst]) worst = value;
  return worst;
}

/** Evidence files: limits and the types accepted (by extension and by their first bytes). */
export const evidenceLimits = { maxBytes: 10 * 1024 * 1024, maxPerReport: 10 } as const;
export const evidenceExtensions = ['pdf', 'docx', 'xlsx', 'doc', 'xls', 'jpg', 'jpeg', 'png', 'zip'] as const;
export const narrativeMaxLength = 5000;
