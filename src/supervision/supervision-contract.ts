import { z } from 'zod';
import { assigneeKinds, assignmentRoles, cycleFrequencies, lights, measureStates, narrativeMaxLength, reportKinds, reportStates, reportStatuses } from './supervision-vocabulary.ts';

/**
 * The supervision routes' contract (督查督办, issue 14): bodies, queries and answers. The web takes
 * its types from here with `import type` only. Stable: fields are only ever added.
 *
 * Names travel beside ids everywhere: an assignee carries its Chinese name (a unit's short name
 * from the pack's units.yaml, an area's name from the area tree), a measure its title and its
 * task's title. Dates are Beijing dates (YYYY-MM-DD); times are ISO instants with a `_text`
 * companion in Beijing time, labelled.
 */

const label = z.object({ zh: z.string(), en: z.string() });
const isoDate = z.iso.date();
const uuid = z.uuid();

export const cycleFrequencySchema = z.enum(cycleFrequencies);
export const reportStatusSchema = z.enum(reportStatuses);
export const reportStateSchema = z.enum(reportStates);
export const reportKindSchema = z.enum(reportKinds);
export const lightSchema = z.enum(lights);
export const assigneeKindSchema = z.enum(assigneeKinds);
export const assignmentRoleSchema = z.enum(assignmentRoles);
export const measureStateSchema = z.enum(measureStates);

/** A period key: `2026-M03`, `2026-Q1`, `2026-H1`, `2026`. */
export const periodKeySchema = z.string().regex(/^\d{4}(-(M(0[1-9]|1[0-2])|Q[1-4]|H[12]))?$/, 'a period such as 2026-Q1, 2026-M03, 2026-H1 or 2026');
/** An exact decimal as a string ("1200", "-3.5", "0.125"): never a float. */
export const decimalStringSchema = z.string().regex(/^-?\d{1,18}(\.\d{1,8})?$/, 'an exact decimal number, e.g. "1200" or "3.25"');

// ---------------------------------------------------------------- inputs

export const assigneeInputSchema = z.object({ kind: assigneeKindSchema, id: z.string().min(1).max(100) });
export type AssigneeInput = z.infer<typeof assigneeInputSchema>;

export const figureInputSchema = z.object({ label: z.string().trim().min(1).max(200), value: decimalStringSchema, unit: z.string().trim().max(50).default('') });
export const indicatorLinkInputSchema = z.object({ indicator: z.string().min(1).max(100), area: z.string().regex(/^\d{6}$/), period: z.string().min(4).max(20) });

/** Save (create or update) the caller's report or contribution for a cycle; `submit: true` saves and submits at once. */
export const saveReportBodySchema = z.object({
  /** Whose report: defaults to the caller's own unit or area; an area account may name an area of its subtree. */
  assignee: assigneeInputSchema.optional(),
  /** The lead's report only (a contribution has no status or percent). */
  status: reportStatusSchema.optional(),
  percent: z.number().int().min(0).max(100).optional(),
  narrative: z.string().max(narrativeMaxLength).default(''),
  figures: z.array(figureInputSchema).max(50).default([]),
  indicator_links: z.array(indicatorLinkInputSchema).max(50).default([]),
  submit: z.boolean().default(false),
});
export type SaveReportBody = z.infer<typeof saveReportBodySchema>;

export const returnReportBodySchema = z.object({ comment: z.string().trim().min(1, '退回须写明理由 (a comment is required)').max(2000) });
export const approveReportBodySchema = z.object({ comment: z.string().trim().max(2000).optional() });

export const updateMeasureBodySchema = z.object({
  frequency: cycleFrequencySchema.optional(),
  /** Day of the month after the period ends on which a cycle is due (1–28). */
  due_day: z.number().int().min(1).max(28).optional(),
  /** The measure's own deadline (Beijing date), or null to clear it. */
  deadline: isoDate.nullable().optional(),
});
export const workPointBodySchema = z.object({ year: z.number().int().min(2000).max(2100), title: z.string().trim().min(1).max(500) });
export const milestoneBodySchema = z.object({ title: z.string().trim().min(1).max(500), due_date: isoDate, target_percent: z.number().int().min(0).max(100) });
export const subMeasureBodySchema = z.object({
  title: z.string().trim().min(1).max(500),
  text: z.string().trim().max(5000).default(''),
  lead: z.array(assigneeInputSchema).min(1).max(50),
  co: z.array(assigneeInputSchema).max(100).default([]),
  frequency: cycleFrequencySchema.optional(),
  deadline: isoDate.nullable().optional(),
});
export const closeMeasureBodySchema = z.object({
  comment: z.string().trim().min(1, '销号须写明依据 (a comment is required)').max(2000),
  /** Evidence files already uploaded to this measure's reports that support the close-off. */
  evidence_ids: z.array(uuid).max(50).default([]),
});
export const reopenMeasureBodySchema = z.object({ reason: z.string().trim().min(1, '重新打开须写明理由 (a reason is required)').max(2000) });

/** The views' query: the cycle containing the given period's last day (default: each measure's current cycle). */
export const viewQuerySchema = z.object({ period: periodKeySchema.optional(), pack: z.string().max(100).optional() });
export const reviewQueueQuerySchema = z.object({ state: reportStateSchema.optional(), pack: z.string().max(100).optional() });
export const measureParamsSchema = z.object({ id: uuid });
export const measureCycleParamsSchema = z.object({ id: uuid, period: periodKeySchema });
export const assigneeParamsSchema = z.object({ kind: assigneeKindSchema, id: z.string().min(1).max(100) });
export const taskParamsSchema = z.object({ taskId: z.string().min(1).max(100) });
export const idParamsSchema = z.object({ id: uuid });

// ---------------------------------------------------------------- answers

export const assigneeSchema = z.object({
  kind: assigneeKindSchema,
  id: z.string(),
  /** Chinese name: the unit's short name (科技厅) or the area's name (银川市). */
  name: z.string(),
  /** The unit's full official name or the area's name. */
  full_name: z.string(),
  name_en: z.string().nullable(),
});
export type AssigneeView = z.infer<typeof assigneeSchema>;

export const cycleSchema = z.object({
  period: z.string(),
  /** 2026年第一季度, 2026年3月, 2026年上半年, 2026年. */
  period_label: z.string(),
  /** Q1 2026, March 2026, H1 2026, 2026. */
  period_label_en: z.string(),
  frequency: cycleFrequencySchema,
  opens_on: isoDate,
  due_on: isoDate,
});
export type Cycle = z.infer<typeof cycleSchema>;

export const figureSchema = z.object({ label: z.string(), value: z.string(), unit: z.string() });

/** A figure linked from the indicators module instead of being typed again (减负). */
export const indicatorLinkSchema = z.object({
  indicator: z.string(),
  indicator_name: z.string(),
  area: z.string(),
  area_name: z.string(),
  period: z.string(),
  /** The approved stored value (canonical unit), or null when none the caller may see exists. */
  value: z.string().nullable(),
  unit: z.string().nullable(),
  source: z.string().nullable(),
  /** 已审核 value found; otherwise why not (none yet, or not yet reviewed). */
  available: z.boolean(),
  note: label.nullable(),
});

export const evidenceSchema = z.object({
  id: z.string(),
  report_id: z.string(),
  /** The safe base name it is served under. */
  file_name: z.string(),
  /** The name as uploaded, when it differed from the safe name. */
  original_name: z.string().nullable(),
  media_type: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploaded_by: z.string(),
  uploaded_at: z.string(),
  uploaded_at_text: z.string(),
  /** GET this path to download (Content-Disposition: attachment). */
  download_path: z.string(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const measureRefSchema = z.object({
  id: z.string(),
  pack_id: z.string(),
  /** The pack's measure id (m-04-01) or, for a sub-measure, its parent's id with a suffix (m-04-01-1). */
  key: z.string(),
  title: z.string(),
  /** The pack's English title of the measure; null for one the coordinator added (a split). */
  title_en: z.string().nullable(),
  task_id: z.string(),
  task_title: z.string(),
  task_title_en: z.string().nullable(),
  clause_label: z.string(),
});

export const reportSummarySchema = z.object({
  id: z.string(),
  measure: measureRefSchema,
  kind: reportKindSchema,
  assignee: assigneeSchema,
  period: z.string(),
  period_label: z.string(),
  period_label_en: z.string(),
  state: reportStateSchema,
  state_label: label,
  status: reportStatusSchema.nullable(),
  status_label: label.nullable(),
  percent: z.number().int().nullable(),
  revision: z.number().int(),
  submitted_at: z.string().nullable(),
  submitted_at_text: z.string().nullable(),
  /** The reviewer's reason of the latest return (while returned). */
  return_comment: z.string().nullable(),
  updated_at: z.string(),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

export const reportHistoryEntrySchema = z.object({
  revision: z.number().int(),
  action: z.string(),
  action_label: label,
  from_state: reportStateSchema.nullable(),
  to_state: reportStateSchema,
  actor: z.string(),
  at: z.string(),
  at_text: z.string(),
  comment: z.string().nullable(),
});

export const contributionSchema = reportSummarySchema.extend({
  narrative: z.string(),
  figures: z.array(figureSchema),
  indicator_links: z.array(indicatorLinkSchema),
  evidence: z.array(evidenceSchema),
});

export const reportDetailSchema = contributionSchema.extend({
  cycle: cycleSchema,
  light: lightSchema,
  light_label: label,
  history: z.array(reportHistoryEntrySchema),
  /** For a lead's report: the co-responsible assignees' submitted contributions (and the caller's own drafts). */
  contributions: z.array(contributionSchema),
  /** The caller may still edit it (draft or returned, within scope, measure open). */
  editable: z.boolean(),
});
export type ReportDetail = z.infer<typeof reportDetailSchema>;

export const measureSummarySchema = measureRefSchema.extend({
  parent_id: z.string().nullable(),
  frequency: cycleFrequencySchema,
  frequency_label: label,
  due_day: z.number().int(),
  deadline: isoDate.nullable(),
  state: measureStateSchema,
  state_label: label,
});
export type MeasureSummary = z.infer<typeof measureSummarySchema>;

export const assignmentSchema = z.object({
  id: z.string(),
  assignee: assigneeSchema,
  role: assignmentRoleSchema,
  role_label: label,
  /** From the pack's responsibility lists, or added by the coordinator (a sub-measure). */
  source: z.enum(['pack', 'manual']),
});

export const workPointSchema = z.object({ id: z.string(), measure_id: z.string(), year: z.number().int(), title: z.string(), created_by: z.string(), created_at: z.string() });
export const milestoneSchema = z.object({
  id: z.string(),
  measure_id: z.string(),
  title: z.string(),
  due_date: isoDate,
  target_percent: z.number().int(),
  /** Reached by the lead's reported percent by its due date; null while not yet due. */
  met: z.boolean().nullable(),
});

/** One assignee's standing on a measure in one cycle: the unit of every view. */
export const progressRowSchema = z.object({
  assignee: assigneeSchema,
  role: assignmentRoleSchema,
  cycle: cycleSchema,
  light: lightSchema,
  light_label: label,
  /** The latest percent the lead reported (submitted or approved), any cycle; null for co-responsible rows. */
  percent: z.number().int().nullable(),
  /** 序时进度 at the cycle's end (or today, if earlier), whole percent. */
  expected_percent: z.number().int(),
  report: z
    .object({ id: z.string(), kind: reportKindSchema, state: reportStateSchema, state_label: label, status: reportStatusSchema.nullable(), percent: z.number().int().nullable(), revision: z.number().int(), submitted_at: z.string().nullable(), return_comment: z.string().nullable() })
    .nullable(),
});
export type ProgressRow = z.infer<typeof progressRowSchema>;

export const closureSchema = z.object({
  closed_at: z.string(),
  closed_at_text: z.string(),
  closed_by: z.string(),
  comment: z.string(),
  evidence: z.array(evidenceSchema),
});

export const measureDetailSchema = measureSummarySchema.extend({
  text: z.string(),
  assignments: z.array(assignmentSchema),
  work_points: z.array(workPointSchema),
  milestones: z.array(milestoneSchema),
  sub_measures: z.array(measureSummarySchema),
  current_cycle: cycleSchema,
  /** Every assignee's standing in the current cycle. */
  progress: z.array(progressRowSchema),
  closure: closureSchema.nullable(),
});
export type MeasureDetail = z.infer<typeof measureDetailSchema>;

/** One cycle of one measure: the lead's report with the co-responsible contributions inside. */
export const cycleViewSchema = z.object({
  measure: measureSummarySchema,
  cycle: cycleSchema,
  progress: z.array(progressRowSchema),
  lead_report: reportDetailSchema.nullable(),
  contributions: z.array(contributionSchema),
});
export type CycleView = z.infer<typeof cycleViewSchema>;

export const lightCountsSchema = z.object({ grey: z.number().int(), green: z.number().int(), blue: z.number().int(), yellow: z.number().int(), red: z.number().int() });

export const taskOverviewSchema = z.object({
  id: z.string(),
  pack_id: z.string(),
  clause: z.number().int(),
  clause_label: z.string(),
  title: z.string(),
  measures: z.number().int(),
  lights: lightCountsSchema,
  worst_light: lightSchema,
  /** Average of the lead assignees' latest percents over the task's measures (whole), null when none reported. */
  percent: z.number().int().nullable(),
});
export const taskListSchema = z.object({ as_of: isoDate, tasks: z.array(taskOverviewSchema) });
export type SupervisionTaskList = z.infer<typeof taskListSchema>;

/** By task: every measure of the task with every assignee's progress and light. */
export const taskViewSchema = z.object({
  as_of: isoDate,
  task: taskOverviewSchema,
  measures: z.array(measureSummarySchema.extend({ progress: z.array(progressRowSchema) })),
});
export type TaskView = z.infer<typeof taskViewSchema>;

export const assigneeOverviewSchema = z.object({ assignee: assigneeSchema, measures: z.number().int(), lights: lightCountsSchema, worst_light: lightSchema });
export const assigneeListSchema = z.object({ as_of: isoDate, assignees: z.array(assigneeOverviewSchema) });
export type AssigneeList = z.infer<typeof assigneeListSchema>;

/** By unit or area: its measures and their lights. */
export const assigneeViewSchema = z.object({
  as_of: isoDate,
  assignee: assigneeSchema,
  lights: lightCountsSchema,
  measures: z.array(measureSummarySchema.extend({ role: assignmentRoleSchema, role_label: label, progress: progressRowSchema })),
});
export type AssigneeViewAnswer = z.infer<typeof assigneeViewSchema>;

/** Heat map: assignees × tasks → the worst light and the average percent of the assignee's measures of that task. */
export const heatMapSchema = z.object({
  as_of: isoDate,
  tasks: z.array(z.object({ id: z.string(), clause_label: z.string(), title: z.string() })),
  assignees: z.array(assigneeSchema),
  cells: z.array(z.object({ assignee_kind: assigneeKindSchema, assignee_id: z.string(), task_id: z.string(), light: lightSchema, percent: z.number().int().nullable(), measures: z.number().int() })),
});
export type HeatMap = z.infer<typeof heatMapSchema>;

export const workItemSchema = z.object({
  measure: measureSummarySchema,
  assignee: assigneeSchema,
  role: assignmentRoleSchema,
  role_label: label,
  cycle: cycleSchema,
  light: lightSchema,
  light_label: label,
  report: reportSummarySchema.nullable(),
});
export type WorkItem = z.infer<typeof workItemSchema>;

/** The caller's workbench: 待办 (cycles open or due, not submitted), 已退回 (with the reason), counts. */
export const workbenchSchema = z.object({
  as_of: isoDate,
  /** The units or areas the caller reports for. */
  assignees: z.array(assigneeSchema),
  counts: z.object({ due: z.number().int(), overdue: z.number().int(), returned: z.number().int(), submitted: z.number().int(), approved: z.number().int() }),
  /** Open cycles not yet submitted (drafts included), soonest due first. */
  due: z.array(workItemSchema),
  /** Returned reports with the reviewer's reason. */
  returned: z.array(workItemSchema),
  /** Submitted, awaiting review. */
  submitted: z.array(workItemSchema),
});
export type Workbench = z.infer<typeof workbenchSchema>;

/** The coordinator's review queue: reports in a state (default submitted), with counts per state. */
export const reviewQueueSchema = z.object({
  counts: z.object({ draft: z.number().int(), submitted: z.number().int(), returned: z.number().int(), approved: z.number().int() }),
  state: reportStateSchema,
  reports: z.array(reportSummarySchema),
});
export type ReviewQueue = z.infer<typeof reviewQueueSchema>;

export const deletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });
