/**
 * The HTTP contract of the policy module: packs and what they hold (clauses, targets, indicators,
 * tasks, units, incentives) and each unit's workspace. The pack answers reuse the pack-file
 * schemas of pack-schema.ts, as plain objects (`z.object`): the answer carries exactly their
 * fields, and no refinement or strictness of the file format runs on the way out.
 * Imports zod and pack-schema.ts (zod only).
 */
import { z } from 'zod';
import {
  clauseSchema,
  incentiveSchema,
  indicatorSchema,
  measureSchema,
  packMetadataSchema,
  parameterSchema,
  periodTypeSchema,
  ruleCaseSchema,
  sectionSchema,
  targetSchema,
  taskSchema,
  unitKindSchema,
  unitSchema,
} from './pack-schema.ts';

export const sectionAnswerSchema = z.object(sectionSchema.shape);
export type Section = z.infer<typeof sectionAnswerSchema>;

export const clauseAnswerSchema = z.object(clauseSchema.shape);
export type Clause = z.infer<typeof clauseAnswerSchema>;

export const unitAnswerSchema = z.object(unitSchema.shape);
export type Unit = z.infer<typeof unitAnswerSchema>;
export type UnitKind = z.infer<typeof unitKindSchema>;

export const indicatorAnswerSchema = z.object({ ...indicatorSchema.shape, period_type: periodTypeSchema });
export type Indicator = z.infer<typeof indicatorAnswerSchema>;

/** A target as the pack encodes it. */
export const packTargetSchema = z.object(targetSchema.shape);
export type PackTarget = z.infer<typeof packTargetSchema>;
/** >= > <= < compare with the value; `about` is met within the tolerance. */
export type Comparator = PackTarget['comparator'];

export const measureAnswerSchema = z.object({ ...measureSchema.shape, co_units: z.array(z.string()) });
export type Measure = z.infer<typeof measureAnswerSchema>;

export const parameterAnswerSchema = z.object(parameterSchema.shape);
export type Parameter = z.infer<typeof parameterAnswerSchema>;

export const incentiveAnswerSchema = z.object({ ...incentiveSchema.shape, parameters: z.array(parameterAnswerSchema) });
export type Incentive = z.infer<typeof incentiveAnswerSchema>;

/** A unit's part in a task or measure: it leads it, or helps (co). */
export const responsibilityRoleSchema = z.enum(['lead', 'co']);
export type ResponsibilityRole = z.infer<typeof responsibilityRoleSchema>;

/** A task with the printed label of its clause, e.g. (七). */
export const taskAnswerSchema = z.object({
  ...taskSchema.shape,
  co_units: z.array(z.string()),
  measures: z.array(measureAnswerSchema),
  clause_label: z.string(),
});
export type Task = z.infer<typeof taskAnswerSchema>;

/** A task of a list: filtered by a unit, with the unit's strongest role in it (for the task or one of its measures). */
export const listedTaskSchema = taskAnswerSchema.extend({ role: responsibilityRoleSchema.optional() });
export type ListedTask = z.infer<typeof listedTaskSchema>;

/** A target with its indicator's name and unit, its area (the pack's region unless it names one) and its clause's label. */
export const targetAnswerSchema = packTargetSchema.extend({
  org: z.string(),
  indicator_name: z.string(),
  indicator_name_en: z.string().optional(),
  indicator_unit: z.string(),
  clause_label: z.string(),
});
export type Target = z.infer<typeof targetAnswerSchema>;

export const packMetadataAnswerSchema = z.object(packMetadataSchema.shape).omit({ description: true });
export type PackMetadata = z.infer<typeof packMetadataAnswerSchema>;

export const packCountsSchema = z.object({
  clauses: z.number().int(),
  units: z.number().int(),
  indicators: z.number().int(),
  targets: z.number().int(),
  tasks: z.number().int(),
  measures: z.number().int(),
  incentives: z.number().int(),
});
export type PackCounts = z.infer<typeof packCountsSchema>;

export const packSummarySchema = packMetadataAnswerSchema.extend({ counts: packCountsSchema });
export type PackSummary = z.infer<typeof packSummarySchema>;

export const packListSchema = z.object({ packs: z.array(packSummarySchema) });
export type PackList = z.infer<typeof packListSchema>;

/** The whole normalised pack, as `pack export --json` prints it. */
export const packSchema = packMetadataAnswerSchema.extend({
  preamble: z.string().optional(),
  closing: z.string().optional(),
  sections: z.array(sectionAnswerSchema),
  clauses: z.array(clauseAnswerSchema),
  units: z.array(unitAnswerSchema),
  indicators: z.array(indicatorAnswerSchema),
  targets: z.array(packTargetSchema),
  tasks: z.array(taskAnswerSchema),
  incentives: z.array(incentiveAnswerSchema),
  // A rule case's profile is free-form by the pack format: the facts a case feeds the rule engine.
  rule_cases: z.array(z.object(ruleCaseSchema.shape)),
});
export type Pack = z.infer<typeof packSchema>;

export const clauseListSchema = z.object({ sections: z.array(sectionAnswerSchema), clauses: z.array(clauseAnswerSchema) });
export type ClauseList = z.infer<typeof clauseListSchema>;

/** One clause and everything in the pack that cites it. */
export const clauseWithCitationsSchema = z.object({
  clause: clauseAnswerSchema,
  targets: z.array(targetAnswerSchema),
  tasks: z.array(taskAnswerSchema),
  incentives: z.array(incentiveAnswerSchema),
  indicators: z.array(indicatorAnswerSchema),
});
export type ClauseWithCitations = z.infer<typeof clauseWithCitationsSchema>;

export const targetListSchema = z.object({ targets: z.array(targetAnswerSchema) });
export type TargetList = z.infer<typeof targetListSchema>;
export const indicatorListSchema = z.object({ indicators: z.array(indicatorAnswerSchema) });
export type IndicatorList = z.infer<typeof indicatorListSchema>;
export const incentiveListSchema = z.object({ incentives: z.array(incentiveAnswerSchema) });
export type IncentiveList = z.infer<typeof incentiveListSchema>;

/** Every task, or (filtered by a unit) the unit's tasks with its role in each. */
export const taskListSchema = z.object({ tasks: z.array(listedTaskSchema) });
export type TaskList = z.infer<typeof taskListSchema>;

/** How many tasks and measures a unit leads or co-owns (directly or through a group). */
export const responsibilityCountsSchema = z.object({ lead: z.number().int(), co: z.number().int() });

export const unitWithCountsSchema = unitAnswerSchema.extend({ counts: responsibilityCountsSchema });
export type UnitWithCounts = z.infer<typeof unitWithCountsSchema>;

export const unitListSchema = z.object({ units: z.array(unitWithCountsSchema) });
export type UnitList = z.infer<typeof unitListSchema>;

/** A task or measure a unit answers for. */
export const responsibilitySchema = z.object({
  task_id: z.string(),
  clause: z.number().int(),
  clause_label: z.string(),
  task_title: z.string(),
  measure_id: z.string().optional(),
  measure_title: z.string().optional(),
  role: responsibilityRoleSchema,
  /** The group (e.g. 各市、县〔区〕) through which the unit holds this responsibility. */
  via_group: z.string().optional(),
});
export type Responsibility = z.infer<typeof responsibilitySchema>;

/** One unit, the groups it belongs to, and everything it answers for. */
export const unitDetailSchema = z.object({ unit: unitWithCountsSchema, groups: z.array(z.string()), responsibilities: z.array(responsibilitySchema) });
export type UnitDetail = z.infer<typeof unitDetailSchema>;

// ---- Workspace: the signed-in account's own units ----

export const workspaceUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  short_name: z.string(),
  kind: unitKindSchema,
  /** The area of an area government; null for other units. */
  area: z.string().nullable(),
});
export type WorkspaceUnit = z.infer<typeof workspaceUnitSchema>;

export const unitWorkspaceSchema = z.object({ pack_id: z.string(), unit: workspaceUnitSchema, responsibilities: z.array(responsibilitySchema) });
export type UnitWorkspace = z.infer<typeof unitWorkspaceSchema>;

/** Whose workspace it is: a unit's, an area's (and its subtree's), an enterprise's, or everyone's (the coordinator). */
export const workspaceScopeSchema = z.object({
  kind: z.enum(['unit', 'area', 'enterprise', 'all']),
  unit: workspaceUnitSchema.extend({ pack_id: z.string() }).optional(),
  area: z.object({ code: z.string(), name: z.string() }).optional(),
  credit_code: z.string().optional(),
});
export type WorkspaceScope = z.infer<typeof workspaceScopeSchema>;

export const workspaceSchema = z.object({ scope: workspaceScopeSchema, units: z.array(unitWorkspaceSchema) });
export type Workspace = z.infer<typeof workspaceSchema>;
