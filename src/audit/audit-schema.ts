import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { JsonValue } from './audit-contract.ts';
import { auditHashAlgorithms } from './audit-hash.ts';

/**
 * The audit log: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained:
 * each row's hash covers its content and the previous row's hash, so an edited, inserted or
 * deleted row breaks the chain at a place `kechuang audit verify` names.
 */
export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
  actorId: text('actor_id'),
  actorUsername: text('actor_username'),
  actorRole: text('actor_role'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  before: jsonb('before').$type<JsonValue>(),
  after: jsonb('after').$type<JsonValue>(),
  outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
  requestId: text('request_id'),
  clientIp: text('client_ip'),
  hashAlgorithm: text('hash_algorithm', { enum: auditHashAlgorithms }).notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull().unique(),
}, (table) => [
  // The audit administrator filters by actor (prefix), entity and time.
  index('audit_log_actor_idx').on(table.actorUsername.op('text_pattern_ops')),
  index('audit_log_entity_idx').on(table.entityType, table.entityId),
  index('audit_log_time_idx').on(table.occurredAt),
]);

/**
 * The head of the chain (one row): updated in the same transaction as every append, so that
 * deleting the newest rows — which no later row links to — is detected too.
 */
export const auditHead = pgTable('audit_head', {
  id: text('id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
  rowCount: bigint('row_count', { mode: 'number' }).notNull(),
  /** The algorithm new rows are hashed with (`kechuang audit set-algorithm`); each row records its own. */
  algorithm: text('algorithm', { enum: auditHashAlgorithms }).notNull().default('sha256-v2'),
});
