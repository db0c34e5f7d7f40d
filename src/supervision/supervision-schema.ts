import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A key figure of a report: its value an exact decimal string. */
export interface StoredFigure {
  label: string;
  value: string;
  unit: string;
}

/** A figure linked from the indicators module rather than typed again. */
export interface StoredIndicatorLink {
  indicator: string;
  area: string;
  period: string;
}

/**
 * Supervision (migration 0020). Every measure of a pack (and every sub-measure the coordinator
 * splits off) is a row of `supervision_measures`, with its cycle frequency, deadline and close-off;
 * its assignees (units and area governments, lead or co-responsible) are `supervision_assignments`.
 * One report per (measure, assignee, period): the lead's report or a co-responsible assignee's
 * contribution, moved along report-states.ts; every move kept in `supervision_report_history`.
 */
export const supervisionMeasures = pgTable(
  'supervision_measures',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    packId: text('pack_id').notNull(),
    /** The pack's measure id (m-04-01), or `<parent key>-<n>` for a sub-measure. */
    key: text('key').notNull(),
    taskId: text('task_id').notNull(),
    parentId: uuid('parent_id'),
    /** Order within the pack (tasks, then measures, as the pack lists them; sub-measures after their parent). */
    position: integer('position').notNull(),
    title: text('title').notNull(),
    text: text('text').notNull(),
    source: text('source', { enum: ['pack', 'manual'] }).notNull(),
    frequency: text('frequency', { enum: ['monthly', 'quarterly', 'half_yearly', 'yearly'] }).notNull().default('quarterly'),
    dueDay: integer('due_day').notNull().default(10),
    deadline: date('deadline'),
    /** Cycles opening before this date are not owed (the supervision started after them). */
    trackedFrom: date('tracked_from').notNull(),
    state: text('state', { enum: ['open', 'closed'] }).notNull().default('open'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    closeComment: text('close_comment'),
    closeEvidence: jsonb('close_evidence').$type<string[]>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('supervision_measures_pack_key').on(table.packId, table.key),
    index('supervision_measures_task_idx').on(table.packId, table.taskId),
    check('supervision_measures_due_day', sql`${table.dueDay} between 1 and 28`),
  ],
);

export const supervisionAssignments = pgTable(
  'supervision_assignments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    measureId: uuid('measure_id')
      .notNull()
      .references(() => supervisionMeasures.id),
    assigneeKind: text('assignee_kind', { enum: ['unit', 'area'] }).notNull(),
    assigneeId: text('assignee_id').notNull(),
    role: text('role', { enum: ['lead', 'co'] }).notNull(),
    source: text('source', { enum: ['pack', 'manual'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('supervision_assignments_key').on(table.measureId, table.assigneeKind, table.assigneeId), index('supervision_assignments_assignee_idx').on(table.assigneeKind, table.assigneeId)],
);

export const supervisionWorkPoints = pgTable(
  'supervision_work_points',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    measureId: uuid('measure_id')
      .notNull()
      .references(() => supervisionMeasures.id),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('supervision_work_points_measure_idx').on(table.measureId)],
);

export const supervisionMilestones = pgTable(
  'supervision_milestones',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    measureId: uuid('measure_id')
      .notNull()
      .references(() => supervisionMeasures.id),
    title: text('title').notNull(),
    dueDate: date('due_date').notNull(),
    targetPercent: integer('target_percent').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('supervision_milestones_measure_idx').on(table.measureId), check('supervision_milestones_percent', sql`${table.targetPercent} between 0 and 100`)],
);

export const supervisionReports = pgTable(
  'supervision_reports',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    measureId: uuid('measure_id')
      .notNull()
      .references(() => supervisionMeasures.id),
    assigneeKind: text('assignee_kind', { enum: ['unit', 'area'] }).notNull(),
    assigneeId: text('assignee_id').notNull(),
    period: text('period').notNull(),
    kind: text('kind', { enum: ['lead', 'contribution'] }).notNull(),
    state: text('state', { enum: ['draft', 'submitted', 'returned', 'approved'] }).notNull(),
    status: text('status', { enum: ['not_started', 'on_schedule', 'behind', 'done'] }),
    percent: integer('percent'),
    narrative: text('narrative').notNull(),
    figures: jsonb('figures').$type<StoredFigure[]>().notNull(),
    indicatorLinks: jsonb('indicator_links').$type<StoredIndicatorLink[]>().notNull(),
    revision: integer('revision').notNull().default(1),
    dueOn: date('due_on').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: text('submitted_by'),
    /** The first submission of the cycle: on time when its Beijing date is on or before the due date. */
    firstSubmittedAt: timestamp('first_submitted_at', { withTimezone: true }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: text('reviewed_by'),
    returnComment: text('return_comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('supervision_reports_key').on(table.measureId, table.assigneeKind, table.assigneeId, table.period),
    index('supervision_reports_state_idx').on(table.state),
    index('supervision_reports_assignee_idx').on(table.assigneeKind, table.assigneeId),
    check('supervision_reports_percent', sql`${table.percent} is null or ${table.percent} between 0 and 100`),
  ],
);

export const supervisionReportHistory = pgTable(
  'supervision_report_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => supervisionReports.id),
    revision: integer('revision').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    comment: text('comment'),
    /** What was submitted (status, percent, narrative, figures, links), kept for every revision. */
    snapshot: jsonb('snapshot'),
  },
  (table) => [index('supervision_report_history_report_idx').on(table.reportId)],
);

export const supervisionEvidence = pgTable(
  'supervision_evidence',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => supervisionReports.id),
    fileName: text('file_name').notNull(),
    originalName: text('original_name'),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    /** Relative to the stored-files folder: `supervision/<id>`. */
    storageKey: text('storage_key').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('supervision_evidence_report_idx').on(table.reportId)],
);
