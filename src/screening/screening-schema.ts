import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A pack a run evaluated: its version and content hash, and the incentives whose rules ran. */
export interface ScreeningRunPack {
  id: string;
  version: string;
  content_hash: string;
  title: string;
  /** Each incentive whose rule ran, with its parameters' labels (奖补比例) for the values recorded in `parameters`. */
  incentives: { id: string; title: string; title_en?: string | undefined; parameter_labels?: Record<string, string> | undefined }[];
}

/**
 * Screening runs (免申即享): every enterprise in scope evaluated against every enterprise rule in
 * force for a year. A run is split into shards by county; each shard's results are written in one
 * transaction that also marks the shard done, so a shard run twice counts no firm twice.
 */
export const screeningRuns = pgTable(
  'screening_runs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    year: integer('year').notNull(),
    /** The packs in force for the year (or the one asked for), with versions and content hashes. */
    packs: jsonb('packs').$type<ScreeningRunPack[]>().notNull(),
    /** The parameter values used, per incentive: { incentive: { name: value } }. */
    parameters: jsonb('parameters').$type<Record<string, Record<string, unknown>>>().notNull(),
    /** The area screened (its subtree); null: the whole register. */
    org: text('org'),
    startedBy: text('started_by'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    state: text('state', { enum: ['queued', 'running', 'cancelled', 'done', 'failed'] }).notNull(),
    enterprisesTotal: integer('enterprises_total').notNull().default(0),
    enterprisesDone: integer('enterprises_done').notNull().default(0),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: text('error'),
  },
  (table) => [index('screening_runs_started_idx').on(table.startedAt), index('screening_runs_state_idx').on(table.state)],
);

export const screeningShards = pgTable(
  'screening_shards',
  {
    runId: uuid('run_id').notNull(),
    /** A county's area code (or the area itself when it has no children). */
    shardKey: text('shard_key').notNull(),
    state: text('state', { enum: ['pending', 'running', 'done'] }).notNull().default('pending'),
    /** Enterprises in the shard: counted at the start, the number written when done. */
    enterprises: integer('enterprises').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.shardKey] })],
);

/** What a run screened: one row per run × enterprise, as the enterprise was read. */
export const screeningEnterprises = pgTable(
  'screening_enterprises',
  {
    runId: uuid('run_id').notNull(),
    /** The enterprise's area (its org), which is also the key of the shard that screened it. */
    areaCode: text('area_code').notNull(),
    creditCode: text('credit_code').notNull(),
    /** The name when screened (a snapshot, as the figures are). */
    enterpriseName: text('enterprise_name').notNull(),
    /** SHA-256 of the registry record evaluated: two runs compare it to tell a data change from a rule change. */
    profileHash: text('profile_hash').notNull(),
    /** Demo data is labelled everywhere it shows, exports and comparisons included. */
    synthetic: boolean('synthetic').notNull().default(false),
  },
  // One index: (run, area, credit code) is the order results are listed in and a shard's rows deleted by (migration 0018).
  (table) => [primaryKey({ name: 'screening_enterprises_pk', columns: [table.runId, table.areaCode, table.creditCode] })],
);

/**
 * The results that call for action: one row per run × enterprise × incentive where the rule gave
 * eligible or needs_info. An enterprise of the run without a row for an incentive was screened
 * ineligible for it (most are: keeping them would write seven rows a firm for nothing).
 */
export const screeningResults = pgTable(
  'screening_results',
  {
    runId: uuid('run_id').notNull(),
    /** The registry's key of the enterprise (its unified social credit code). */
    enterpriseId: text('enterprise_id').notNull(),
    areaCode: text('area_code').notNull(),
    incentiveId: text('incentive_id').notNull(),
    packId: text('pack_id').notNull(),
    status: text('status', { enum: ['eligible', 'needs_info'] }).notNull(),
    amount: numeric('amount'),
    cap: numeric('cap'),
    score: numeric('score'),
    missing: text('missing').array().notNull().default(sql`'{}'::text[]`),
    outputs: jsonb('outputs').$type<Record<string, string | null>>().notNull().default({}),
  },
  // One index (migration 0023): each costs every one of a run's million rows its insert.
  (table) => [uniqueIndex('screening_results_key').on(table.runId, table.enterpriseId, table.incentiveId)],
);
