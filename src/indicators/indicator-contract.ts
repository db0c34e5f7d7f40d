/**
 * The indicators module's HTTP contract: the zod schemas of every answer of its routes (and of
 * the queries and bodies the web builds), each with its type. The routes declare these as their
 * response schemas, so Fastify serialises through them (what is not here does not leave the
 * server); the web imports the types with `import type`. Only zod and this module's plain
 * constants are imported here: the web type-checks this file.
 *
 * Values are measurements and travel as JSON numbers: the nearest double to the exact decimal
 * the platform computed (docs/indicators.md, "Numbers").
 */
import { z } from 'zod';
import { targetStatuses } from './target-status.ts';

// ---- Shared pieces ----

export const areaCodeSchema = z.string().regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 code');
/** A year `2024`, a quarter `2024Q3` or a month `2024-07`. */
export const periodSchema = z.string().regex(/^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$/, 'expected a period such as 2024, 2024Q3 or 2024-07');
const instantSchema = z.iso.datetime();

/** "突破700家" is stored as 700 with `lower_bound`: the true figure is at least that. */
export const qualifierSchema = z.enum(['exact', 'lower_bound', 'upper_bound']);
export type Qualifier = z.infer<typeof qualifierSchema>;

/** published: stored for the area; computed: a formula over components; rolled_up: the sum of the child areas. */
export const valueKindSchema = z.enum(['published', 'computed', 'rolled_up']);
export type ValueKind = z.infer<typeof valueKindSchema>;

export const targetStatusSchema = z.enum(targetStatuses);
export type TargetStatus = z.infer<typeof targetStatusSchema>;

export const comparatorSchema = z.enum(['>=', '>', '<=', '<', 'about']);
export type Comparator = z.infer<typeof comparatorSchema>;

/** draft → submitted → approved; returned (已退回): sent back by a reviewer with a reason, for the reporter to correct and submit again. */
export const valueStatusSchema = z.enum(['draft', 'submitted', 'returned', 'approved']);
export type ValueStatus = z.infer<typeof valueStatusSchema>;

/** The level that reviews a submitted value next: city (the county's city leader) or region (the coordinator). */
export const reviewLevelSchema = z.enum(['city', 'region']);
export type ReviewLevel = z.infer<typeof reviewLevelSchema>;

export const valueChangeSchema = z.enum(['create', 'revise', 'submit', 'approve', 'unlock', 'return']);
export type ValueChange = z.infer<typeof valueChangeSchema>;

/** How a value arrived: a file import, the entry form, the shipped dataset, the registries. */
export const valueOriginSchema = z.enum(['import', 'entry', 'bundled', 'registry']);
export type ValueOrigin = z.infer<typeof valueOriginSchema>;

export const areaLevelSchema = z.enum(['country', 'province', 'prefecture', 'county']);
export const periodTypeSchema = z.enum(['year', 'quarter', 'month']);
export const aggregationSchema = z.enum(['sum', 'last', 'none', 'formula']);

const localizedTextSchema = z.object({ zh: z.string(), en: z.string() });

// ---- Indicators and resolved values ----

export const indicatorSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  name_en: z.string().optional(),
  unit: z.string(),
  /** The CEL formula of a derived indicator (rd_expenditure / gdp * 100.0); null for any other. */
  formula: z.string().nullable(),
  aggregation: aggregationSchema,
});
export type IndicatorSummary = z.infer<typeof indicatorSummarySchema>;

export const indicatorDefinitionSchema = indicatorSummarySchema.extend({
  /** The formula in words (R&D经费支出 ÷ 地区生产总值 × 100); null for an indicator without one. */
  formula_text: localizedTextSchema.nullable(),
  period_type: periodTypeSchema,
  clause: z.number().int().optional(),
  description: z.string().optional(),
  interpretation: z.string().optional(),
  interpretation_zh: z.string().optional(),
});
export type IndicatorDefinition = z.infer<typeof indicatorDefinitionSchema>;

/** A value as the calculator resolves it, with everything needed to trace it. */
export const resolvedValueSchema = z.object({
  indicator: z.string(),
  org: z.string(),
  period: z.string(),
  value: z.number().nullable(),
  kind: valueKindSchema.nullable(),
  qualifier: qualifierSchema,
  source: z.string().nullable(),
  /** Derived indicators and stored sums: the published and the computed figure side by side. */
  published: z.number().optional(),
  computed: z.number().optional(),
  /** published − computed (exact), when both exist. */
  difference: z.number().optional(),
  /** For sums up the tree: how many child areas have a value, of how many. */
  coverage: z.object({ with_value: z.number().int(), total: z.number().int(), missing: z.array(z.string()) }).optional(),
  inputs: z.array(z.object({ indicator: z.string(), value: z.number().nullable(), kind: valueKindSchema.nullable() })).optional(),
});
export type ResolvedValue = z.infer<typeof resolvedValueSchema>;

// ---- Evaluation (GET /api/packs/:id/evaluation) ----

export const evaluationQuerySchema = z.object({
  org: areaCodeSchema.optional(),
  as_of: z.coerce.number().int().min(1949).max(2100).optional(),
});

/** Where the threshold an area is judged against comes from: the pack's target, the pack's breakdown by area, or the coordinator. */
export const targetSourceSchema = z.object({
  kind: z.enum(['pack', 'pack_breakdown', 'coordinator']),
  clause: z.number().int().nullable(),
  /** The target's words (pack) or the document that sets the area's value (pack_breakdown). */
  text: z.string().nullable(),
  /** Who set it and when (coordinator only; an instant, shown in Beijing time). */
  set_by: z.string().nullable(),
  set_at: instantSchema.nullable(),
  note: z.string().nullable(),
});
export type TargetSourceView = z.infer<typeof targetSourceSchema>;

/** An area beside its region and its sibling areas, in the period of its latest value (null for the region itself). */
export const areaComparisonSchema = z.object({
  region: z.object({ org: z.string(), name: z.string(), value: z.number().nullable(), period: z.string().nullable() }),
  /** The area's value ÷ the region's, for additive indicators (counts, money); null for ratios and without both values. */
  share_of_region: z.number().nullable(),
  /** false for ratios and indicators that do not add up: show the region's value beside the area's instead. */
  share_meaningful: z.boolean(),
  /** 1 is the best of the areas with the same parent that have a value then (higher is better unless the target caps the value). */
  rank: z.number().int().nullable(),
  rank_of: z.number().int().nullable(),
});
export type AreaComparison = z.infer<typeof areaComparisonSchema>;

/** The unit that supplies the target's figure, from the pack: the indicator's supplier, the measure that carries the target, or the lead of the clause's task. */
export const supplierUnitSchema = z.object({ unit_id: z.string(), name: z.string(), short_name: z.string(), via: z.enum(['indicator', 'measure', 'task']) });
export type SupplierUnit = z.infer<typeof supplierUnitSchema>;

export const targetEvaluationSchema = z.object({
  indicator: z.string(),
  comparator: comparatorSchema,
  /** The threshold: the target value, or the benchmark's value for benchmark targets. */
  target: z.number().nullable(),
  year: z.number().int(),
  value: z.number().nullable(),
  period: z.string().nullable(),
  status: targetStatusSchema,
  /** value ÷ threshold, to four decimals; null without both. */
  progress: z.number().nullable(),
  target_id: z.string(),
  clause: z.number().int(),
  text: z.string(),
  qualifier: qualifierSchema.nullable(),
  kind: valueKindSchema.nullable(),
  source: z.string().nullable(),
  /** Only for benchmark targets (全国平均水平): the benchmark's figure and its period. */
  benchmark: z.object({ org: z.string(), value: z.number().nullable(), period: z.string().nullable() }).optional(),
  baseline: z.object({ year: z.number().int(), value: z.number() }).nullable(),
  path_value: z.number().nullable(),
  growth: z.object({ required: z.number().nullable(), observed: z.number().nullable() }),
  forecast: z.object({ linear: z.number().nullable(), compound: z.number().nullable(), shown: z.literal('linear') }),
  reason: localizedTextSchema,
  series: z.array(z.object({ period: z.string(), value: z.number(), qualifier: qualifierSchema })),
  /** own: judged against the area's own target (target_source says whose); none: the area has no target of its own and is not judged (status no_own_target or no_data). */
  target_basis: z.enum(['own', 'none']),
  target_source: targetSourceSchema.nullable(),
  comparison: areaComparisonSchema.nullable(),
  /** Who supplies the figure (an empty target names it, with links to entry and import); null when the pack names no one. */
  supplier: supplierUnitSchema.nullable(),
});
export type TargetEvaluation = z.infer<typeof targetEvaluationSchema>;

export const statusRuleSchema = z.object({ status: targetStatusSchema, zh: z.string(), en: z.string() });
export type StatusRule = z.infer<typeof statusRuleSchema>;

export const packEvaluationSchema = z.object({
  pack: z.string(),
  org: z.string(),
  org_name: z.string(),
  as_of: z.number().int(),
  targets: z.array(targetEvaluationSchema),
  indicators: z.array(indicatorSummarySchema),
  status_rules: z.array(statusRuleSchema),
});
export type PackEvaluation = z.infer<typeof packEvaluationSchema>;

// ---- One indicator over time, and by area ----

export const seriesQuerySchema = z.object({ org: areaCodeSchema.optional() });

/** The target of an indicator, as the series answer carries it. */
export const targetSummarySchema = z.object({
  id: z.string(),
  indicator: z.string(),
  comparator: comparatorSchema,
  value: z.number().optional(),
  benchmark_org: z.string().optional(),
  tolerance: z.number().optional(),
  year: z.number().int(),
  clause: z.number().int(),
  text: z.string(),
});
export type TargetSummary = z.infer<typeof targetSummarySchema>;

export const indicatorSeriesSchema = z.object({
  indicator: indicatorDefinitionSchema,
  org: z.string(),
  org_name: z.string(),
  series: z.array(resolvedValueSchema),
  benchmark: z.object({ org: z.string(), name: z.string(), series: z.array(resolvedValueSchema) }),
  target: targetSummarySchema.nullable(),
  evaluation: targetEvaluationSchema.nullable(),
});
export type IndicatorSeries = z.infer<typeof indicatorSeriesSchema>;

export const areasQuerySchema = z.object({ parent: areaCodeSchema.optional(), period: periodSchema.optional() });

export const areaValueSchema = resolvedValueSchema.extend({ name: z.string(), level: areaLevelSchema, has_children: z.boolean() });
export type AreaValue = z.infer<typeof areaValueSchema>;

export const indicatorAreasSchema = z.object({
  indicator: indicatorDefinitionSchema,
  period: z.string(),
  periods: z.array(z.string()),
  parent: areaValueSchema,
  ancestors: z.array(z.object({ org: z.string(), name: z.string() })),
  children: z.array(areaValueSchema),
});
export type IndicatorAreas = z.infer<typeof indicatorAreasSchema>;

// ---- Import (POST /api/indicator-values/import): 200 when written or checked, 422 with the (first 1,000) problems ----

/** The uploaded file's name: it appears in every message and in the problems file's name, so no control character (a CRLF) passes. */
const uploadFileName = z.string().min(1).max(200).regex(/^\P{Cc}+$/u, 'a file name without line breaks or control characters').default('upload.csv');
export const importQuerySchema = z.object({
  file_name: uploadFileName,
  dry_run: z.enum(['true', 'false']).default('false'),
  comment: z.string().max(500).optional().describe('accepts the data-quality warnings (year-on-year jumps) of the file; recorded in the audit log'),
});
/** The full problem list of a file (POST /api/indicator-values/import/problems.csv): checked as a dry run, nothing written. */
export const importProblemsQuerySchema = z.object({ file_name: uploadFileName });

export const importProblemSchema = z.object({
  /** The file's line (CSV) or row (xlsx); 0 for the file as a whole. */
  line: z.number().int(),
  field: z.enum(['file', 'indicator', 'org', 'period', 'value', 'unit', 'qualifier']),
  message: z.string(),
  message_en: z.string(),
  /** `warning`: a data-quality warning (a year-on-year jump) that a comment accepts; absent: an error. */
  severity: z.enum(['error', 'warning']).optional(),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

export const importReportSchema = z.object({
  file: z.string(),
  dry_run: z.boolean(),
  rows: z.number().int(),
  inserted: z.number().int(),
  revised: z.number().int(),
  unchanged: z.number().int(),
  problems: z.array(importProblemSchema).describe('the first 1,000 problems, by line'),
  problems_total: z.number().int().describe('how many problems the file has in all'),
  problems_truncated: z.boolean().describe('true when problems lists only the first of them (the full list: POST /api/indicator-values/import/problems.csv with the same file)'),
  warnings: z.array(importProblemSchema).optional().describe('data-quality warnings (year-on-year jumps) accepted with the import\'s comment'),
});
export type ImportReport = z.infer<typeof importReportSchema>;

// ---- Entry and review (GET/PUT /api/indicator-values, POST …/submit|approve|return|unlock|close|reopen) ----

export const areaPeriodSchema = z.object({ org: areaCodeSchema, period: periodSchema });

/** A closed (area, period): who closed it and when (an instant; shown in Beijing time). */
export const periodClosureSchema = z.object({ closed_by: z.string().nullable(), closed_at: instantSchema });
export type PeriodClosure = z.infer<typeof periodClosureSchema>;

/** An indicator's data-quality bounds in its canonical unit (docs/indicators.md), for the form to check as one types; the server checks again. */
export const valueBoundsSchema = z.object({
  value_type: z.enum(['count', 'money', 'percentage', 'quantity']),
  min: z.number(),
  max: z.number(),
  decimals: z.number().int().nullable().describe('most decimal places; null: any'),
});
export type ValueBoundsView = z.infer<typeof valueBoundsSchema>;

export const entryIndicatorSchema = z.object({ code: z.string(), name: z.string(), unit: z.string(), derived: z.boolean(), bounds: valueBoundsSchema.optional() });
export type EntryIndicator = z.infer<typeof entryIndicatorSchema>;

export const entryValueSchema = z.object({
  indicator: z.string(),
  value: z.number(),
  unit: z.string(),
  entered_value: z.number(),
  entered_unit: z.string().nullable(),
  qualifier: qualifierSchema,
  source: z.string().nullable(),
  status: valueStatusSchema,
  revision: z.number().int(),
  origin: valueOriginSchema,
  updated_by: z.string().nullable(),
  updated_at: instantSchema,
  /** While submitted: the level whose reviewer acts next. */
  review_level: reviewLevelSchema.nullable(),
  submitted_by: z.string().nullable(),
  submitted_at: instantSchema.nullable(),
  /** While returned (已退回): who returned it, when, and why. */
  returned: z.object({ by: z.string().nullable(), at: instantSchema, reason: z.string() }).nullable(),
  /** May the caller approve or return this value now (it waits at a level the caller reviews)? */
  can_review: z.boolean(),
  /** Review history, oldest first: each return's reason, reviewers' comments, and comments that accepted a data-quality warning. */
  comments: z.array(
    z.object({
      action: z.enum(['submit', 'approve', 'return', 'unlock', 'quality']),
      level: reviewLevelSchema.nullable(),
      body: z.string(),
      author: z.string(),
      at: instantSchema,
    }),
  ),
});
export type EntryValue = z.infer<typeof entryValueSchema>;

export const entrySheetSchema = z.object({
  org: z.string(),
  org_name: z.string(),
  period: z.string(),
  /** null while the period is open. */
  closure: periodClosureSchema.nullable(),
  indicators: z.array(entryIndicatorSchema),
  values: z.array(entryValueSchema),
  /** What the caller may do on this sheet: enter drafts, review (approve, return, unlock), close or reopen the period. */
  abilities: z.object({ enter: z.boolean(), approve: z.boolean(), close: z.boolean() }),
});
export type EntrySheet = z.infer<typeof entrySheetSchema>;

export const draftValueSchema = z.object({
  indicator: z.string().min(1),
  value: z.number(),
  unit: z.string().max(20).optional(),
  source: z.string().max(500).optional(),
  comment: z.string().max(500).optional().describe('accepts a data-quality warning of this value (a year-on-year jump); recorded in the audit log'),
});
export type DraftValueInput = z.input<typeof draftValueSchema>;

export const saveDraftValuesBodySchema = areaPeriodSchema.extend({ values: z.array(draftValueSchema).min(1).max(500) });

export const savedDraftsSchema = z.object({
  saved: z.number().int(),
  warnings: z.array(importProblemSchema).optional().describe('data-quality warnings accepted with the values\' comments'),
});
export type SavedDrafts = z.infer<typeof savedDraftsSchema>;

export const workflowActionSchema = z.enum(['submit', 'approve', 'return', 'unlock']);
export type WorkflowAction = z.infer<typeof workflowActionSchema>;

export const transitionBodySchema = areaPeriodSchema.extend({
  indicators: z.array(z.string().min(1)).max(500).optional(),
  /** Required (not blank) to return; a comment for the other steps. Kept with the value's review history. */
  reason: z.string().max(500).optional(),
});
export type TransitionInput = z.input<typeof transitionBodySchema>;

export const transitionResultSchema = z.object({
  changed: z.array(z.object({ indicator: z.string(), status: valueStatusSchema, review_level: reviewLevelSchema.optional().describe('while still submitted: the level that reviews it next') })),
});
export type TransitionResult = z.infer<typeof transitionResultSchema>;

/** Closing or reopening a period needs a reason: it goes to the audit log. */
export const periodClosureBodySchema = areaPeriodSchema.extend({ reason: z.string().max(500).regex(/\S/, 'a reason is required') });
export type PeriodClosureInput = z.input<typeof periodClosureBodySchema>;

export const periodStateSchema = z.object({ org: z.string(), org_name: z.string(), period: z.string(), closure: periodClosureSchema.nullable() });
export type PeriodState = z.infer<typeof periodStateSchema>;

// ---- History (GET /api/indicator-values/history) ----

export const historyQuerySchema = z.object({ indicator: z.string().min(1), org: areaCodeSchema, period: periodSchema });

export const valueRevisionSchema = z.object({
  revision: z.number().int(),
  change: valueChangeSchema,
  value: z.number(),
  unit: z.string(),
  qualifier: qualifierSchema,
  source: z.string().nullable(),
  status: valueStatusSchema,
  origin: valueOriginSchema,
  /** Who made the change: for reviewers of the area only; null for everyone else. */
  changed_by: z.string().nullable(),
  changed_at: instantSchema,
});
export type ValueRevision = z.infer<typeof valueRevisionSchema>;

export const valueHistorySchema = z.object({ history: z.array(valueRevisionSchema) });
export type ValueHistory = z.infer<typeof valueHistorySchema>;

// ---- Years with data (GET /api/indicator-values/years) ----

/** An area (and the areas under it) and, optionally, the indicators that count: `national_hte,tech_smes`. */
export const yearsWithDataQuerySchema = z.object({
  org: areaCodeSchema.optional(),
  indicators: z
    .string()
    .max(2000)
    .regex(/^[a-z0-9_]+(,[a-z0-9_]+)*$/, 'expected indicator codes separated by commas')
    .transform((codes) => codes.split(','))
    .optional(),
});

/** The years with published (approved) data, newest first; a year picker opens on the latest. */
export const yearsWithDataSchema = z.object({
  org: z.string().nullable(),
  years: z.array(z.number().int()),
  /** The newest of `years`; null where nothing is published. */
  latest_year_with_data: z.number().int().nullable(),
});
export type YearsWithData = z.infer<typeof yearsWithDataSchema>;

// ---- Work queues (GET /api/review-queue, GET /api/review-queue/counts) ----

/** review: 待审核, what the caller may approve or return now; returned: 已退回, what the caller's areas must correct. */
export const queueKindSchema = z.enum(['review', 'returned']);
export type QueueKind = z.infer<typeof queueKindSchema>;
export const reviewQueueQuerySchema = z.object({ kind: queueKindSchema.default('review') });

export const queueItemSchema = z.object({
  indicator: z.string(),
  indicator_name: z.string(),
  org: z.string(),
  org_name: z.string(),
  period: z.string(),
  value: z.number(),
  unit: z.string(),
  status: valueStatusSchema,
  review_level: reviewLevelSchema.nullable(),
  submitted_by: z.string().nullable(),
  submitted_at: instantSchema.nullable(),
  returned_by: z.string().nullable(),
  returned_at: instantSchema.nullable(),
  reason: z.string().nullable(),
  updated_at: instantSchema,
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const queueCountsSchema = z.object({
  review: z.number().int(),
  returned: z.number().int(),
  /** Reporting calendar: values of the caller's areas due and not yet submitted, and those past their due date. */
  due: z.number().int(),
  late: z.number().int(),
});
export type QueueCounts = z.infer<typeof queueCountsSchema>;

export const reviewQueueSchema = z.object({ kind: queueKindSchema, items: z.array(queueItemSchema), counts: queueCountsSchema });
export type ReviewQueue = z.infer<typeof reviewQueueSchema>;

// ---- Reporting calendar (GET /api/reporting-calendar) ----

export const calendarItemSchema = z.object({
  indicator: z.string(),
  indicator_name: z.string(),
  org: z.string(),
  org_name: z.string(),
  period: z.string(),
  /** The date (Beijing) by which the period's value is due. */
  due_date: z.string(),
  /** due: not yet submitted, due date not passed; late: not submitted and past it. */
  state: z.enum(['due', 'late']),
  status: valueStatusSchema.nullable(),
});
export type CalendarItem = z.infer<typeof calendarItemSchema>;

export const reportingCalendarSchema = z.object({ today: z.string(), items: z.array(calendarItemSchema) });
export type ReportingCalendar = z.infer<typeof reportingCalendarSchema>;

// ---- Areas' own targets (目标分解): GET/PUT/DELETE /api/packs/:id/area-targets, POST …/import ----

export const areaTargetSchema = z.object({
  target_id: z.string(),
  indicator: z.string(),
  org: z.string(),
  org_name: z.string(),
  value: z.number(),
  unit: z.string(),
  /** pack_breakdown: written in the pack (not changeable here); coordinator: set through the platform. */
  kind: z.enum(['pack_breakdown', 'coordinator']),
  clause: z.number().int().nullable(),
  source: z.string().nullable(),
  set_by: z.string().nullable(),
  set_at: instantSchema.nullable(),
  note: z.string().nullable(),
});
export type AreaTarget = z.infer<typeof areaTargetSchema>;

export const areaTargetListSchema = z.object({
  pack: z.string(),
  /** The pack's targets that may be broken down (benchmark targets may not): id, indicator, the regional value. */
  targets: z.array(z.object({ id: z.string(), indicator: z.string(), indicator_name: z.string(), unit: z.string(), comparator: comparatorSchema, value: z.number(), year: z.number().int(), clause: z.number().int(), text: z.string() })),
  area_targets: z.array(areaTargetSchema),
});
export type AreaTargetList = z.infer<typeof areaTargetListSchema>;

export const setAreaTargetBodySchema = z.object({
  target_id: z.string().min(1).max(200),
  org: areaCodeSchema,
  value: z.number().nonnegative().max(1e15),
  note: z.string().max(500).optional(),
});
export type SetAreaTargetInput = z.input<typeof setAreaTargetBodySchema>;

export const removeAreaTargetQuerySchema = z.object({ target_id: z.string().min(1).max(200), org: areaCodeSchema });

export const areaTargetImportQuerySchema = z.object({ file_name: uploadFileName, dry_run: z.enum(['true', 'false']).default('false') });

export const areaTargetImportProblemSchema = z.object({
  /** The file's line (CSV) or row (xlsx); 0 for the file as a whole. */
  line: z.number().int(),
  field: z.enum(['file', 'target', 'org', 'value', 'note']),
  message: z.string(),
  message_en: z.string(),
});
export type AreaTargetImportProblem = z.infer<typeof areaTargetImportProblemSchema>;

export const areaTargetImportReportSchema = z.object({
  file: z.string(),
  dry_run: z.boolean(),
  rows: z.number().int(),
  inserted: z.number().int(),
  revised: z.number().int(),
  unchanged: z.number().int(),
  problems: z.array(areaTargetImportProblemSchema),
});
export type AreaTargetImportReport = z.infer<typeof areaTargetImportReportSchema>;
