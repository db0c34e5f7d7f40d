import { and, asc, count, desc, eq, gt, gte, inArray, like, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { escapeLike, queryRows, type DatabaseOrTransaction, type Transaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import type { JsonValue } from './audit-contract.ts';
import type { AuditFilter } from './audit-filter.ts';
import type { AuditHashAlgorithm } from './audit-hash.ts';
import { auditActionLabels, auditEntityLabels, codesMatching, type AuditLabel } from './audit-labels.ts';
import { auditHead, auditLog } from './audit-schema.ts';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;
export type AuditHeadRow = typeof auditHead.$inferSelect;

/** The one row of `audit_head` (inserted by migration 0002). */
const headId = 'main';

/**
 * The key of the transaction-level advisory lock that serialises appends to the chain: each
 * append must read the head that the previous one wrote. Arbitrary, but fixed for ever, and
 * different from the migration lock in src/db/open-database.ts.
 */
const appendLockKey = 4_216_2023;

/**
 * Waits until no other transaction is appending; held until the caller's transaction ends.
 * `audit_append()` takes the same lock; the application takes it first only when it hashes the
 * row itself (sm3), so that the head it reads stays the head until its append.
 */
export async function lockAuditChain(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${appendLockKey})`);
}


export async function getAuditHead(db: DatabaseOrTransaction): Promise<AuditHeadRow> {
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, headId));
  if (!head) throw missingHead();
  return head;
}

function missingHead(): AppError {
  return new AppError('internal', '审计日志头记录缺失（迁移 0002 未执行或被删除）', 'the audit_head row is missing (migration 0002 not applied, or the row was deleted)');
}

/** An event as `audit_append()` (migration 0010) takes it; text already storable, JSON already normalised. */
export interface AuditAppend {
  /** Null: the database's clock at the moment the chain is locked. */
  occurredAt: Date | null;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: JsonValue;
  after: JsonValue;
  outcome: 'success' | 'failure' | 'denied';
  requestId: string | null;
  clientIp: string | null;
  /** Null: the head's algorithm. */
  algorithm: AuditHashAlgorithm | null;
  /** For the algorithms the application hashes (sm3, sha256 version 1): the head it linked to and its hash. */
  prevHash?: string;
  hash?: string;
}

/**
 * Appends one row through `audit_append()`: the database locks the chain, reads the head, hashes
 * the row (sha256-v2), inserts it and advances the head. The application's role may do nothing
 * else to the two tables (docs/audit.md).
 */
export async function appendAuditRow(tx: Transaction, row: AuditAppend): Promise<{ seq: number; hash: string }> {
  // JSON null is stored as SQL NULL, as before: the canonical text writes both the same way then.
  const json = (value: JsonValue) => (value === null ? null : JSON.stringify(value));
  const [appended] = await queryRows<{ appended_seq: string | number; appended_hash: string }>(
    tx,
    sql`select appended_seq, appended_hash from audit_append(
      ${row.occurredAt ? row.occurredAt.toISOString() : null}::timestamptz, ${row.actorId}::text, ${row.actorUsername}::text, ${row.actorRole}::text,
      ${row.action}::text, ${row.entityType}::text, ${row.entityId}::text, ${json(row.before)}::jsonb, ${json(row.after)}::jsonb,
      ${row.outcome}::text, ${row.requestId}::text, ${row.clientIp}::text,
      ${row.algorithm}::text, ${row.prevHash ?? null}::text, ${row.hash ?? null}::text)`,
  );
  if (!appended) throw new Error('audit_append returned nothing');
  return { seq: Number(appended.appended_seq), hash: appended.appended_hash };
}

/**
 * A row as the chain check reads it: `occurred_at` formatted by the database in UTC with
 * milliseconds — exactly `Date.prototype.toISOString()`, which the hash was computed over — so
 * that no driver's date parsing or session time zone can change the hashed text.
 */
export type AuditChainRow = Omit<AuditRow, 'occurredAt'> & {
  occurredAt: string;
  /** `before::text` and `after::text`: the database's rendering, which a sha256-v2 hash covers. */
  beforeText: string | null;
  afterText: string | null;
};

/** Rows in chain order after `afterSeq`; null for the first page, so that no seq (0, negative) is skipped. */
export async function findAuditRowsAfter(db: DatabaseOrTransaction, afterSeq: number | null, limit: number): Promise<AuditChainRow[]> {
  return db
    .select({
      seq: auditLog.seq,
      occurredAt: sql<string>`to_char(${auditLog.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      actorId: auditLog.actorId,
      actorUsername: auditLog.actorUsername,
      actorRole: auditLog.actorRole,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      beforeText: sql<string | null>`${auditLog.before}::text`,
      afterText: sql<string | null>`${auditLog.after}::text`,
      outcome: auditLog.outcome,
      requestId: auditLog.requestId,
      clientIp: auditLog.clientIp,
      hashAlgorithm: auditLog.hashAlgorithm,
      prevHash: auditLog.prevHash,
      hash: auditLog.hash,
    })
    .from(auditLog)
    .where(afterSeq === null ? undefined : gt(auditLog.seq, afterSeq))
    .orderBy(asc(auditLog.seq))
    .limit(limit);
}

/** The code itself, or every code whose Chinese or English name contains the text (登录 → session.login). */
function codeOrName(column: AnyColumn, text: string, labels: Readonly<Record<string, AuditLabel>>): SQL {
  const code = text.trim();
  const named = codesMatching(code, labels).filter((candidate) => candidate !== code);
  return named.length === 0 ? eq(column, code) : (or(eq(column, code), inArray(column, named)) as SQL);
}

function whereOf(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  // Usernames are stored lower-cased (accounts/user-repository.ts), so the prefix is too.
  if (filter.actor) conditions.push(like(auditLog.actorUsername, `${escapeLike(filter.actor.trim().toLowerCase())}%`));
  if (filter.entityType) conditions.push(codeOrName(auditLog.entityType, filter.entityType, auditEntityLabels));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.action) conditions.push(codeOrName(auditLog.action, filter.action, auditActionLabels));
  if (filter.outcome) conditions.push(eq(auditLog.outcome, filter.outcome));
  if (filter.from) conditions.push(gte(auditLog.occurredAt, filter.from));
  if (filter.to) conditions.push(lt(auditLog.occurredAt, filter.to));
  return conditions.length > 0 ? and(...conditions) : undefined;
}


export async function countAuditRows(db: DatabaseOrTransaction, filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ total: count() }).from(auditLog).where(whereOf(filter));
  return row?.total ?? 0;
}

/** Newest first (chain order, reversed). */
export async function findAuditRows(db: DatabaseOrTransaction, filter: AuditFilter, page: { limit: number; offset: number }): Promise<AuditRow[]> {
  return db.select().from(auditLog).where(whereOf(filter)).orderBy(desc(auditLog.seq)).limit(page.limit).offset(page.offset);
}

/** Chooses the algorithm for rows appended from now on (through `audit_set_algorithm()`); earlier rows keep theirs. */
export async function setAuditAlgorithm(tx: Transaction, algorithm: 'sha256-v2' | 'sm3'): Promise<void> {
  await tx.execute(sql`select audit_set_algorithm(${algorithm}::text)`);
}

/** Who owns the chain and whether its append-only triggers are in force (docs/audit.md). */
export interface AuditProtection {
  owner: string;
  /** The two triggers of migration 0002 that are present and enabled. */
  enabledTriggers: number;
}

export async function findAuditProtection(db: DatabaseOrTransaction): Promise<AuditProtection> {
  const [row] = await queryRows<{ owner: string; enabled_triggers: number }>(
    db,
    sql`select pg_get_userbyid(c.relowner) as owner,
               (select count(*)::int from pg_trigger t
                 where t.tgrelid = c.oid and t.tgname in ('audit_log_no_update_or_delete', 'audit_log_no_truncate') and t.tgenabled <> 'D') as enabled_triggers
        from pg_class c where c.oid = 'audit_log'::regclass`,
  );
  if (!row) throw new Error('audit_log is missing');
  return { owner: row.owner, enabledTriggers: row.enabled_triggers };
}
