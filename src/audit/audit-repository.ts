import { and, asc, count, desc, eq, gt, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import { escapeLike, type DatabaseOrTransaction, type Transaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import type { AuditFilter } from './audit-filter.ts';
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

/** Waits until no other transaction is appending; held until the caller's transaction ends. */
export async function lockAuditChain(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${appendLockKey})`);
}

/**
 * The head, locked. `for update` as well as the advisory lock: under REPEATABLE READ a caller's
 * snapshot may predate the last append, and then this fails with a serialisation error instead
 * of silently forking the chain from a stale head.
 */
export async function getAuditHeadForUpdate(tx: Transaction): Promise<AuditHeadRow> {
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, headId)).for('update');
  if (!head) throw missingHead();
  return head;
}

export async function getAuditHead(db: DatabaseOrTransaction): Promise<AuditHeadRow> {
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, headId));
  if (!head) throw missingHead();
  return head;
}

function missingHead(): AppError {
  return new AppError('internal', '审计日志头记录缺失（迁移 0002 未执行或被删除）', 'the audit_head row is missing (migration 0002 not applied, or the row was deleted)');
}

export async function insertAuditRow(tx: Transaction, row: NewAuditRow): Promise<number> {
  const [inserted] = await tx.insert(auditLog).values(row).returning({ seq: auditLog.seq });
  if (!inserted) throw new Error('insert into audit_log returned nothing');
  return inserted.seq;
}

export async function advanceAuditHead(tx: Transaction, lastSeq: number, lastHash: string): Promise<void> {
  await tx
    .update(auditHead)
    .set({ lastSeq, lastHash, rowCount: sql`${auditHead.rowCount} + 1` })
    .where(eq(auditHead.id, headId));
}

/**
 * A row as the chain check reads it: `occurred_at` formatted by the database in UTC with
 * milliseconds — exactly `Date.prototype.toISOString()`, which the hash was computed over — so
 * that no driver's date parsing or session time zone can change the hashed text.
 */
export type AuditChainRow = Omit<AuditRow, 'occurredAt'> & { occurredAt: string };

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

function whereOf(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  // Usernames are stored lower-cased (accounts/user-repository.ts), so the prefix is too.
  if (filter.actor) conditions.push(like(auditLog.actorUsername, `${escapeLike(filter.actor.trim().toLowerCase())}%`));
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
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

/** Chooses the algorithm for rows appended from now on; earlier rows keep theirs. */
export async function setAuditAlgorithm(tx: Transaction, algorithm: 'sha256' | 'sm3'): Promise<void> {
  await tx.update(auditHead).set({ algorithm }).where(eq(auditHead.id, headId));
}
