import { and, eq, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { loginFailures } from './accounts-schema.ts';

export type LoginFailureRow = typeof loginFailures.$inferSelect;

/** The source a failure is counted against: the client address as the server sees it (trustProxy decides). */
export function loginSource(clientIp: string | null | undefined): string {
  return clientIp && clientIp.length > 0 ? clientIp.slice(0, 100) : 'unknown';
}

export async function findLoginFailure(db: DatabaseOrTransaction, userId: string, source: string): Promise<LoginFailureRow | undefined> {
  const [row] = await db.select().from(loginFailures).where(and(eq(loginFailures.userId, userId), eq(loginFailures.source, source)));
  return row;
}

/**
 * Counts one more failure from `source`: an upsert, so that two first failures at once from one
 * address never collide. When the count reaches `threshold`, the pair is locked until `lockUntil`
 * and the count starts again.
 */
export async function countLoginFailure(db: DatabaseOrTransaction, userId: string, source: string, threshold: number, lockUntil: Date, now: Date): Promise<LoginFailureRow> {
  const [row] = await db
    .insert(loginFailures)
    .values({ userId, source, failedCount: threshold <= 1 ? 0 : 1, lockedUntil: threshold <= 1 ? lockUntil : null, lastFailedAt: now })
    .onConflictDoUpdate({
      target: [loginFailures.userId, loginFailures.source],
      set: {
        failedCount: sql`case when ${loginFailures.failedCount} + 1 >= ${threshold} then 0 else ${loginFailures.failedCount} + 1 end`,
        lockedUntil: sql`case when ${loginFailures.failedCount} + 1 >= ${threshold} then ${lockUntil.toISOString()}::timestamptz else ${loginFailures.lockedUntil} end`,
        lastFailedAt: now,
      },
    })
    .returning();
  if (!row) throw new Error('upsert into login_failures returned nothing');
  return row;
}

/** Forgets the failures of one source (a successful sign-in from it). */
export async function clearLoginFailure(db: DatabaseOrTransaction, userId: string, source: string): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.userId, userId), eq(loginFailures.source, source)));
}

/** Forgets every source's failures and locks of an account (enable, unlock, password reset). */
export async function clearLoginFailuresOfUser(db: DatabaseOrTransaction, userId: string): Promise<number> {
  const deleted = await db.delete(loginFailures).where(eq(loginFailures.userId, userId)).returning({ source: loginFailures.source });
  return deleted.length;
}

/** The sources locked out of some account at `now`, by account id, soonest first. */
export async function findSourceLocks(db: DatabaseOrTransaction, now: Date): Promise<Map<string, { source: string; lockedUntil: Date }[]>> {
  const rows = await db
    .select({ userId: loginFailures.userId, source: loginFailures.source, lockedUntil: loginFailures.lockedUntil })
    .from(loginFailures)
    .where(sql`${loginFailures.lockedUntil} > ${now.toISOString()}::timestamptz`)
    .orderBy(loginFailures.lockedUntil, loginFailures.source);
  const locks = new Map<string, { source: string; lockedUntil: Date }[]>();
  for (const row of rows) {
    if (!row.lockedUntil) continue;
    const list = locks.get(row.userId) ?? [];
    list.push({ source: row.source, lockedUntil: row.lockedUntil });
    locks.set(row.userId, list);
  }
  return locks;
}

/** Whether any source holds a lock on the account at `now`. */
export async function hasSourceLock(db: DatabaseOrTransaction, userId: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(loginFailures)
    .where(and(eq(loginFailures.userId, userId), sql`${loginFailures.lockedUntil} > ${now.toISOString()}::timestamptz`));
  return (row?.count ?? 0) > 0;
}
