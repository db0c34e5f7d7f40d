import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import type { Actor, RequestOrigin } from './actor.ts';
import { isRole } from './roles.ts';
import type { SecuritySettings } from './security-settings.ts';
import { findSessionWithUser, insertSession, revokeSession, revokeSessionsOfUser, touchSession, type SessionRow } from './session-repository.ts';
import type { UserRow } from './user-repository.ts';

/** The browser keeps the token; the database keeps only its hash. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface OpenedSession {
  token: string;
  csrfToken: string;
  absoluteExpiresAt: Date;
}

export async function openSession(db: DatabaseOrTransaction, user: UserRow, settings: SecuritySettings, origin: RequestOrigin & { userAgent?: string | null }, now: Date): Promise<OpenedSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const absoluteExpiresAt = new Date(now.getTime() + settings.sessionAbsoluteHours * 3_600_000);
  await insertSession(db, {
    tokenHash: hashSessionToken(token),
    userId: user.id,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: absoluteExpiresAt,
    clientIp: origin.clientIp,
    userAgent: origin.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, absoluteExpiresAt };
}

export interface ActiveSession {
  actor: Actor;
  user: UserRow;
  session: SessionRow;
  tokenHash: string;
  idleExpiresAt: Date;
}

/** Seconds between writes of `last_seen_at`, so that every request does not write. */
const touchIntervalMs = 60_000;

/** How a request finds a session and its account: one query, or a server's cache of it. */
export type SessionLookup = (tokenHash: string) => Promise<{ session: SessionRow; user: UserRow | null } | undefined>;

/**
 * The session behind a token, or null when there is none, it was revoked, it passed the idle or
 * absolute limit, or its account is disabled. An expired session is revoked on the way.
 */
export async function resolveSession(db: DatabaseOrTransaction, token: string, settings: SecuritySettings, now: Date, lookup: SessionLookup = (tokenHash) => findSessionWithUser(db, tokenHash)): Promise<ActiveSession | null> {
  const tokenHash = hashSessionToken(token);
  const found = await lookup(tokenHash);
  if (!found || found.session.revokedAt) return null;
  const { session, user } = found;
  const idleLimit = settings.sessionIdleMinutes * 60_000;
  if (now.getTime() - session.lastSeenAt.getTime() > idleLimit || now >= session.expiresAt) {
    await revokeSession(db, tokenHash, now);
    return null;
  }
  // An account that is gone ends its sessions.
  if (!user || user.status !== 'active' || !isRole(user.role)) return null;
  let lastSeen = session.lastSeenAt;
  if (now.getTime() - lastSeen.getTime() > touchIntervalMs) {
    await touchSession(db, tokenHash, now);
    lastSeen = now;
  }
  return {
    actor: actorOf(user),
    user,
    session,
    tokenHash,
    idleExpiresAt: new Date(Math.min(lastSeen.getTime() + idleLimit, session.expiresAt.getTime())),
  };
}

export function actorOf(user: UserRow): Actor {
  if (!isRole(user.role)) throw new AppError('internal', '账号角色无效', `account ${user.id} has an unknown role`);
  return { kind: 'user', userId: user.id, username: user.username, role: user.role, unitId: user.unitId, orgCode: user.orgCode, creditCode: user.creditCode };
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(session: SessionRow, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function logout(db: DatabaseOrTransaction, active: ActiveSession, origin: RequestOrigin, now: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    await revokeSession(tx, active.tokenHash, now);
    await recordAuditEvent(tx, { actor: active.actor, action: 'session.logout', entityType: 'account', entityId: active.user.id, origin });
  });
}

/** "Log out everywhere": every session of the account, this one included. */
export async function logoutEverywhere(db: DatabaseOrTransaction, active: ActiveSession, origin: RequestOrigin, now: Date): Promise<number> {
  return inTransaction(db, async (tx) => {
    const count = await revokeSessionsOfUser(tx, active.user.id, now);
    await recordAuditEvent(tx, { actor: active.actor, action: 'session.revoke_all', entityType: 'account', entityId: active.user.id, after: { revoked_sessions: count }, origin });
    return count;
  });
}
