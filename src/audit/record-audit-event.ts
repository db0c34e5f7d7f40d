import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Actor, RequestOrigin } from '../accounts/index.ts';
import type { DatabaseOrTransaction, Transaction } from '../db/index.ts';
import { hashAuditRow, normaliseJsonValue, storableText, type AuditHashAlgorithm, type AuditHashContent } from './audit-hash.ts';
import { appendAuditRow, getAuditHead, lockAuditChain, type AuditAppend } from './audit-repository.ts';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  /** Who acted; null for an anonymous caller (a failed sign-in with an unknown username, say). */
  actor: Actor | null;
  /** What was done, as the permission action or a verb of the module: 'user.create', 'session.login'. */
  action: string;
  entityType: string;
  entityId?: string | null;
  /** The entity before the change (null for a creation); pass a presenter's whitelist, never secrets. */
  before?: unknown;
  /** The entity after the change (null for a deletion). */
  after?: unknown;
  /** 'failure' for a failed attempt (wrong password), 'denied' for a permission refusal. */
  outcome?: AuditOutcome;
  origin: RequestOrigin;
  /** Defaults to the database's clock at the moment the chain is locked, so times rise with the sequence. */
  occurredAt?: Date;
  /** Defaults to the deployment's choice, kept in the chain's head (`kechuang audit set-algorithm`). */
  algorithm?: AuditHashAlgorithm;
}

/**
 * Appends one event to the audit log, hash-chained to the previous one, and advances the head —
 * all done by the database function `audit_append()` (migration 0010), the only way the
 * application's role may write the chain.
 *
 * Call it with the transaction that makes the change, so the change and its record commit or
 * roll back together; given a plain database it opens a transaction of its own (for events with
 * no change to go with, such as a refused sign-in). It takes a lock that serialises every append
 * until the caller's transaction ends, so call it as the last step of the transaction, after the
 * change's own row locks: the lock is held briefly and cannot wait on a lock this caller holds.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   const after = await updateUser(tx, id, changes);
 *   await recordAuditEvent(tx, { actor, action: 'account.disable', entityType: 'account', entityId: id, before: auditableUser(before), after: auditableUser(after), origin });
 * });
 */
export async function recordAuditEvent(db: DatabaseOrTransaction, event: AuditEvent): Promise<{ seq: number; hash: string }> {
  if (db instanceof PgTransaction) return appendInTransaction(db as Transaction, event);
  return db.transaction((tx) => appendInTransaction(tx, event));
}

async function appendInTransaction(tx: Transaction, event: AuditEvent): Promise<{ seq: number; hash: string }> {
  if (event.occurredAt) assertStorableTime(event.occurredAt);
  const text = (value: string | null | undefined) => (value === null || value === undefined ? null : storableText(value));
  const row: AuditAppend = {
    occurredAt: event.occurredAt ?? null,
    actorId: text(event.actor?.userId),
    actorUsername: text(event.actor?.username),
    actorRole: text(event.actor?.role),
    action: storableText(event.action),
    entityType: storableText(event.entityType),
    entityId: text(event.entityId),
    // Stored exactly as normalised: the value jsonb gives back at verification.
    before: normaliseJsonValue(event.before),
    after: normaliseJsonValue(event.after),
    outcome: event.outcome ?? 'success',
    requestId: text(event.origin.requestId),
    clientIp: text(event.origin.clientIp),
    algorithm: event.algorithm ?? null,
  };
  if (row.algorithm === 'sha256-v2') return appendAuditRow(tx, row);
  // The deployment's choice, read without a lock (a change racing with this append applies from the next row).
  if (row.algorithm === null && (await getAuditHead(tx)).algorithm === 'sha256-v2') return appendAuditRow(tx, { ...row, algorithm: 'sha256-v2' });
  // An algorithm the application hashes (sm3): read the head under the chain's lock, so that it
  // is still the head when audit_append() checks it.
  await lockAuditChain(tx);
  const head = await getAuditHead(tx);
  const algorithm = row.algorithm ?? head.algorithm;
  if (algorithm === 'sha256-v2') return appendAuditRow(tx, { ...row, algorithm });
  // SM3 (or sha256 version 1): PostgreSQL has no SM3, so the row is hashed here; audit_append()
  // still chooses nothing but checks that this head is still the head, and appends.
  const occurredAt = row.occurredAt ?? new Date();
  const content: AuditHashContent = { ...row, occurredAt, hashAlgorithm: algorithm };
  return appendAuditRow(tx, { ...row, occurredAt, algorithm, prevHash: head.lastHash, hash: hashAuditRow(head.lastHash, content) });
}

/** Beyond these years toISOString() and PostgreSQL write the year differently: the row would fail verification untouched. */
function assertStorableTime(occurredAt: Date): void {
  const year = occurredAt.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) throw new RangeError(`audit event time out of range: ${String(occurredAt)}`);
}
