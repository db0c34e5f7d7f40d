/**
 * The HTTP contract of the audit module: the log page, its filter and the chain check. The routes
 * declare these schemas as their responses; the web imports the inferred types (`import type`).
 * Imports zod only.
 */
import { z } from 'zod';

export const auditOutcomeSchema = z.enum(['success', 'failure', 'denied']);
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;


/** A text in both languages of the interface. */
const localizedText = z.object({ zh: z.string(), en: z.string() });

/** A JSON value, as jsonb holds it. */
export type JsonValue = z.infer<ReturnType<typeof z.json>>;

/**
 * The before and after of an audit event: snapshots of whatever entity changed (an account, a
 * permission, a value, a registry record, an export's filter), free-form by nature, stored as
 * jsonb and hashed as they are. Described as any value rather than `z.json()`, whose recursive
 * schema OpenAPI would show as a dangling reference.
 */
const recordedJson = z.unknown().describe('a JSON value as recorded (null when absent)');

/**
 * A hash and its algorithm (sha256 or sm3) as stored. Not narrowed further on purpose: the chain
 * check reports rows whose hash or algorithm was edited, and the administrator must still be able
 * to list and export such a row to look at it.
 */
const storedHash = z.string();

/**
 * One row of the log, every column as the table holds it, so that the administrator can re-check
 * its hash by hand. `occurred_at` is the instant in UTC exactly as hashed; pages show it as
 * Beijing time.
 */
export const auditEventSchema = z.object({
  seq: z.number().int(),
  occurred_at: z.iso.datetime(),
  actor_id: z.string().nullable(),
  actor_username: z.string().nullable(),
  actor_role: z.string().nullable(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  before: recordedJson,
  after: recordedJson,
  outcome: auditOutcomeSchema,
  request_id: z.string().nullable(),
  client_ip: z.string().nullable(),
  hash_algorithm: z.string().describe('sha256 or sm3, as stored'),
  prev_hash: storedHash,
  hash: storedHash,
  /** What people read: the action, the entity type and the actor by name, in both languages. */
  action_label: localizedText,
  entity_label: localizedText,
  /** The account's display name (姓名) when the account still exists; the username otherwise. */
  actor_name: z.string().nullable(),
  /** The entity by name where the platform can name it (an account's 姓名 for its id); null otherwise. */
  entity_name: z.string().nullable(),
  /** `before` and `after` as labelled fields (known keys named, values in words, times in Beijing time). */
  details: z.array(
    z.object({
      key: z.string().describe('the key path as recorded, e.g. filter.actor'),
      label: localizedText,
      before: localizedText.nullable(),
      after: localizedText.nullable(),
    }),
  ),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditPageSchema = z.object({
  /** Events the filter matches, on every page. */
  total: z.number().int().nonnegative(),
  events: z.array(auditEventSchema),
  limit: z.number().int().positive(),
  offset: z.number().int().nonnegative(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const auditProblemSchema = z.object({
  /** The row the problem is found at; null when it concerns rows that are no longer there. */
  seq: z.number().int().nullable(),
  kind: z.enum(['edited', 'broken_link', 'head_mismatch', 'truncated', 'checkpoint', 'backdated']),
  message: z.string(),
});
export type AuditProblem = z.infer<typeof auditProblemSchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  rows: z.number().int().nonnegative(),
  problems: z.array(auditProblemSchema),
  /** Problems found beyond the ones listed. */
  omitted_problems: z.number().int().nonnegative(),
  head: z.object({ last_seq: z.number().int(), last_hash: storedHash, row_count: z.number().int().nonnegative() }),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

/** A Beijing calendar day, YYYY-MM-DD, or an instant with Z or an offset. */
const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * What the audit administrator filters the log by (the page and the CSV export alike). `from` and
 * `to` given as days are Beijing calendar days, both included: from=2025-03-05&to=2025-03-05 is
 * that whole day in Beijing. Given as instants, `from` is inclusive and `to` exclusive.
 */
export const auditFilterQuerySchema = z.object({
  actor: z.string().trim().min(1).max(100).optional().describe('username, or its beginning'),
  entity_type: z.string().trim().min(1).max(100).optional().describe('the code (account), or a part of its Chinese or English name (账号)'),
  entity_id: z.string().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional().describe('the code (session.login), or a part of its Chinese or English name (登录, sign in)'),
  outcome: auditOutcomeSchema.optional(),
  from: dayOrInstant.optional().describe('a Beijing calendar day (2025-03-01, from its start) or an instant (inclusive, ISO 8601 with Z or an offset)'),
  to: dayOrInstant.optional().describe('a Beijing calendar day (2025-03-31, to its end) or an instant (exclusive, ISO 8601 with Z or an offset)'),
});
export type AuditFilterQuery = z.input<typeof auditFilterQuerySchema>;

export const defaultAuditPageSize = 50;
export const maxAuditPageSize = 500;

/** The filter and a page of it. */
export const auditPageQuerySchema = auditFilterQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(maxAuditPageSize).default(defaultAuditPageSize),
  offset: z.coerce.number().int().min(0).default(0),
});
