import { sql } from 'drizzle-orm';
import { bigint, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Indicator values, one current row per (indicator, area, period), with the full history of
 * every change in `indicator_value_revisions`: published figures are often revised, and both the
 * first and the revised figure must stay visible.
 *
 * Values are stored in the indicator's canonical unit (亿元, 家, % …) as `numeric`; the value and
 * unit as entered are kept beside them. Only derived indicators' *published* values are stored:
 * computed values are derived on reading (a ratio of sums up the area tree).
 */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    indicator: text('indicator').notNull(),
    org: text('org').notNull(),
    period: text('period').notNull(),
    value: numeric('value').notNull(),
    unit: text('unit').notNull(),
    enteredValue: numeric('entered_value').notNull(),
    enteredUnit: text('entered_unit'),
    /** exact, or a bound the source gives ("突破700家" is a lower bound). */
    qualifier: text('qualifier', { enum: ['exact', 'lower_bound', 'upper_bound'] }).notNull().default('exact'),
    source: text('source'),
    /**
     * draft → submitted → approved; a reviewer may return a submission (returned, with the reason
     * below), and the reporter corrects and submits it again. Approval locks the value until the
     * coordinator unlocks it (value-workflow.ts).
     */
    status: text('status', { enum: ['draft', 'submitted', 'returned', 'approved'] }).notNull(),
    /** While submitted: the level whose reviewer acts next (city: the county's city leader; region: the coordinator). */
    reviewLevel: text('review_level', { enum: ['city', 'region'] }),
    submittedBy: text('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** While returned: who returned it, when and why (the reason is also kept in indicator_value_comments). */
    returnedBy: text('returned_by'),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    returnReason: text('return_reason'),
    revision: integer('revision').notNull().default(1),
    /** How it arrived: import (file), entry (form), bundled (the shipped dataset), registry. */
    origin: text('origin', { enum: ['import', 'entry', 'bundled', 'registry'] }).notNull(),
    updatedBy: text('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('indicator_values_key').on(table.indicator, table.org, table.period),
    index('indicator_values_org_idx').on(table.org, table.indicator),
  ],
);

export const indicatorValueRevisions = pgTable(
  'indicator_value_revisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    valueId: uuid('value_id').notNull(),
    indicator: text('indicator').notNull(),
    org: text('org').notNull(),
    period: text('period').notNull(),
    revision: integer('revision').notNull(),
    change: text('change', { enum: ['create', 'revise', 'submit', 'approve', 'unlock', 'return'] }).notNull(),
    value: numeric('value').notNull(),
    unit: text('unit').notNull(),
    qualifier: text('qualifier', { enum: ['exact', 'lower_bound', 'upper_bound'] }).notNull(),
    source: text('source'),
    status: text('status', { enum: ['draft', 'submitted', 'returned', 'approved'] }).notNull(),
    origin: text('origin', { enum: ['import', 'entry', 'bundled', 'registry'] }).notNull(),
    changedBy: text('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('indicator_value_revisions_key').on(table.indicator, table.org, table.period)],
);

/**
 * The review history of values people read: each return with its reason, and each approval,
 * submission or unlock that came with a comment, at the level it happened (city or region). Kept
 * in the database beside the audit log, so the entry form and the queues can show the reason.
 */
export const indicatorValueComments = pgTable(
  'indicator_value_comments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    valueId: uuid('value_id').notNull(),
    indicator: text('indicator').notNull(),
    org: text('org').notNull(),
    period: text('period').notNull(),
    /** A workflow step's reason or comment, or (quality) the reporter's comment that accepted a data-quality warning on saving. */
    action: text('action', { enum: ['submit', 'approve', 'return', 'unlock', 'quality'] }).notNull(),
    level: text('level', { enum: ['city', 'region'] }),
    body: text('body').notNull(),
    author: text('author').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('indicator_value_comments_key').on(table.indicator, table.org, table.period)],
);

/**
 * A closed (area, period): the coordinator's final word on a reporting round. No value of that
 * area and period changes any more — not by a form, not by an import — until it is reopened.
 * Who closed it and when are here; each close and reopen, with its reason, is in the audit log.
 */
export const indicatorPeriodLocks = pgTable(
  'indicator_period_locks',
  {
    org: text('org').notNull(),
    period: text('period').notNull(),
    lockedBy: text('locked_by'),
    lockedAt: timestamp('locked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.org, table.period] })],
);

/**
 * Areas' own targets set by the coordinator (目标分解): one value per (pack, target, area), with
 * who set it, when and why. A target's breakdown written in the pack itself stays in the pack; a
 * value here for the same area takes precedence (the coordinator's later decision). Every set and
 * removal is in the audit log.
 */
export const areaTargets = pgTable(
  'area_targets',
  {
    pack: text('pack').notNull(),
    targetId: text('target_id').notNull(),
    org: text('org').notNull(),
    value: numeric('value').notNull(),
    setBy: text('set_by'),
    setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
    note: text('note'),
  },
  (table) => [primaryKey({ columns: [table.pack, table.targetId, table.org] })],
);
