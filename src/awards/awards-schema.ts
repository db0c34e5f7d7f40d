import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The award ledger (migration 0016): one award per enterprise × incentive × year, moved along the
 * state machine of award-states.ts; every move kept in award_transitions. 公示 notices list the
 * announced awards; objections are raised against an award during its notice; payments are kept
 * with a payment key the database holds unique, so that a one-time award (`incentive:enterprise`)
 * is paid once ever and a yearly one (`incentive:enterprise:year`) once a year, whatever the code.
 */
export const awards = pgTable(
  'awards',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    enterpriseId: text('enterprise_id').notNull(),
    creditCode: text('credit_code').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
    areaCode: text('area_code').notNull(),
    incentiveId: text('incentive_id').notNull(),
    incentiveTitle: text('incentive_title').notNull(),
    packId: text('pack_id').notNull(),
    year: integer('year').notNull(),
    frequency: text('frequency', { enum: ['one_time', 'yearly', 'per_construction_year'] }).notNull(),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    cap: numeric('cap', { precision: 18, scale: 2 }),
    state: text('state', { enum: ['candidate', 'confirmed', 'announced', 'objection_raised', 'period_ended', 'approved', 'paid', 'withdrawn'] }).notNull(),
    noticeId: uuid('notice_id'),
    runId: text('run_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    withdrawnReason: text('withdrawn_reason'),
  },
  (table) => [
    uniqueIndex('awards_enterprise_incentive_year_key').on(table.enterpriseId, table.incentiveId, table.year),
    index('awards_state_idx').on(table.state),
    index('awards_credit_code_idx').on(table.creditCode),
    index('awards_area_code_idx').on(table.areaCode),
    check('awards_amount_not_negative', sql`${table.amount} >= 0`),
  ],
);

export const awardTransitions = pgTable(
  'award_transitions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    awardId: uuid('award_id').notNull().references(() => awards.id),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    note: text('note'),
  },
  (table) => [index('award_transitions_award_idx').on(table.awardId)],
);

export const awardNotices = pgTable('award_notices', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  title: text('title').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  publishedOn: date('published_on').notNull(),
  noticeDays: integer('notice_days').notNull(),
  endsOn: date('ends_on').notNull(),
  state: text('state', { enum: ['open', 'closed'] }).notNull(),
  createdBy: text('created_by').notNull(),
});

export const awardNoticeItems = pgTable(
  'award_notice_items',
  {
    noticeId: uuid('notice_id').notNull().references(() => awardNotices.id),
    awardId: uuid('award_id').notNull().references(() => awards.id),
  },
  (table) => [primaryKey({ columns: [table.noticeId, table.awardId] })],
);

export const awardObjections = pgTable(
  'award_objections',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    awardId: uuid('award_id').notNull().references(() => awards.id),
    raisedOn: date('raised_on').notNull(),
    text: text('text').notNull(),
    raisedBy: text('raised_by').notNull(),
    resolution: text('resolution'),
    outcome: text('outcome', { enum: ['dismissed', 'corrected', 'upheld'] }),
    resolvedOn: date('resolved_on'),
    resolvedBy: text('resolved_by'),
  },
  (table) => [index('award_objections_award_idx').on(table.awardId)],
);

export const awardPayments = pgTable(
  'award_payments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    awardId: uuid('award_id').notNull().references(() => awards.id),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    paidOn: date('paid_on').notNull(),
    reference: text('reference').notNull(),
    /** `incentive:enterprise` (one-time) or `incentive:enterprise:year`: unique, so the database refuses a second payment. */
    paymentKey: text('payment_key').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('award_payments_payment_key').on(table.paymentKey), uniqueIndex('award_payments_award_key').on(table.awardId), check('award_payments_amount_positive', sql`${table.amount} > 0`)],
);
