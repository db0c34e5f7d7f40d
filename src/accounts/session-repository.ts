import { and, eq, isNull } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { sessions, users } from './accounts-schema.ts';
import type { UserRow } from './user-repository.ts';

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(db: DatabaseOrTransaction, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findSession(db: DatabaseOrTransaction, tokenHash: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
  return row;
}

/** The session and its account in one query (the read every signed-in request makes). */
export async function findSessionWithUser(db: DatabaseOrTransaction, tokenHash: string): Promise<{ session: SessionRow; user: UserRow | null } | undefined> {
  const [row] = await db.select({ session: sessions, user: users }).from(sessions).leftJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.tokenHash, tokenHash));
  return row;
}

export async function touchSession(db: DatabaseOrTransaction, tokenHash: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeSession(db: DatabaseOrTransaction, tokenHash: string, at: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
}

/** Revokes every live session of an account; returns how many. */
export async function revokeSessionsOfUser(db: DatabaseOrTransaction, userId: string, at: Date, exceptTokenHash?: string): Promise<number> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ tokenHash: sessions.tokenHash });
  // Keeping the caller's own session (a password change) is done by restoring it: one statement
  // above keeps the common case (log out everywhere) simple.
  if (exceptTokenHash && revoked.some((row) => row.tokenHash === exceptTokenHash)) {
    await db.update(sessions).set({ revokedAt: null }).where(eq(sessions.tokenHash, exceptTokenHash));
    return revoked.length - 1;
  }
  return revoked.length;
}
