import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A file's bytes, kept in the database so that any server can serve what any worker made. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Reports generated on the job queue (migration 0019): what was asked for (kind and parameters),
 * by whom, its state (queued → running → done | failed) and, once done, the file itself.
 */
export const reportJobs = pgTable(
  'report_jobs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** The generator's name (`evaluation.report`, `fiscal.overview` …: src/platform/report-generators.ts). */
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    /** The requesting account's id: the generator runs with this account's permissions as they are when it runs. */
    requestedBy: uuid('requested_by').notNull(),
    /** The account's username when it asked (shown in lists). */
    requestedByName: text('requested_by_name').notNull(),
    state: text('state', { enum: ['queued', 'running', 'done', 'failed'] }).notNull().default('queued'),
    fileName: text('file_name'),
    mediaType: text('media_type'),
    content: bytea('content'),
    size: integer('size'),
    /** Why it failed, in Chinese and in English. */
    error: text('error'),
    errorEn: text('error_en'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Tries started so far (a worker that died, an error): after the last one the report is marked failed. */
    attempts: integer('attempts').notNull().default(0),
  },
  (table) => [check('report_jobs_state_check', sql`${table.state} in ('queued', 'running', 'done', 'failed')`), index('report_jobs_requester_idx').on(table.requestedBy, table.createdAt), index('report_jobs_created_idx').on(table.createdAt)],
);
