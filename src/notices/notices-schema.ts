import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, bigint } from 'drizzle-orm/pg-core';

/**
 * Supervision notices (督办单, migration 0021): issued by the coordinator to a unit or an area with
 * a response deadline, answered by the assignee, closed (or returned, reopened) by the coordinator;
 * every move kept in supervision_notice_transitions. Numbered per year of issue (督办〔2026〕3号).
 */
export const supervisionNotices = pgTable(
  'supervision_notices',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    assigneeKind: text('assignee_kind', { enum: ['unit', 'area'] }).notNull(),
    assigneeId: text('assignee_id').notNull(),
    /** The assignee's Chinese name when issued (unit short name from the pack, area name from the tree). */
    assigneeName: text('assignee_name').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    referencePackId: text('reference_pack_id'),
    referenceKind: text('reference_kind', { enum: ['task', 'measure'] }),
    referenceId: text('reference_id'),
    referenceTaskId: text('reference_task_id'),
    referenceTitle: text('reference_title'),
    deadline: date('deadline').notNull(),
    state: text('state', { enum: ['issued', 'answered', 'closed'] }).notNull(),
    responseText: text('response_text'),
    responseEvidence: text('response_evidence'),
    answeredOn: date('answered_on'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: text('answered_by'),
    returnReason: text('return_reason'),
    issuedOn: date('issued_on').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    issuedBy: text('issued_by').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('supervision_notices_year_seq_key').on(table.year, table.seq),
    index('supervision_notices_assignee_idx').on(table.assigneeKind, table.assigneeId),
    index('supervision_notices_state_idx').on(table.state, table.deadline),
    check('supervision_notices_state_known', sql`${table.state} in ('issued', 'answered', 'closed')`),
    check('supervision_notices_assignee_kind_known', sql`${table.assigneeKind} in ('unit', 'area')`),
  ],
);

export const supervisionNoticeTransitions = pgTable(
  'supervision_notice_transitions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => supervisionNotices.id),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    note: text('note'),
  },
  (table) => [index('supervision_notice_transitions_notice_idx').on(table.noticeId)],
);

/**
 * Reminders (提醒, 催办): one row per occurrence, keyed by the reminder's unique key, so that the
 * tick job on several app servers inserts each once (`on conflict do nothing`) and only the
 * inserter sends it. `delivery` keeps each channel's outcome; `delivered_at` is set once every
 * channel took it. Read by the assignee in the app.
 */
export const reminders = pgTable(
  'reminders',
  {
    key: text('key').primaryKey(),
    source: text('source', { enum: ['notice', 'report'] }).notNull(),
    kind: text('kind', { enum: ['notice_reminder', 'notice_level1', 'notice_level2', 'due_soon', 'overdue'] }).notNull(),
    assigneeKind: text('assignee_kind', { enum: ['unit', 'area'] }).notNull(),
    assigneeId: text('assignee_id').notNull(),
    assigneeName: text('assignee_name').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    dueDate: date('due_date'),
    noticeId: uuid('notice_id'),
    measureId: text('measure_id'),
    period: text('period'),
    createdOn: date('created_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    delivery: jsonb('delivery').$type<Record<string, { sent_at: string } | { error: string }>>().notNull().default(sql`'{}'::jsonb`),
    attempts: integer('attempts').notNull().default(0),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    readBy: text('read_by'),
  },
  (table) => [
    index('reminders_assignee_idx').on(table.assigneeKind, table.assigneeId, table.createdOn),
    index('reminders_pending_idx').on(table.deliveredAt),
    check('reminders_source_known', sql`${table.source} in ('notice', 'report')`),
    check('reminders_assignee_kind_known', sql`${table.assigneeKind} in ('unit', 'area')`),
  ],
);
