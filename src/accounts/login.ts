import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import type { RequestOrigin } from './actor.ts';
import { clearLoginFailure, countLoginFailure, findLoginFailure, loginSource } from './login-failure-repository.ts';
import { spendVerificationTime, verifyPassword } from './password-hashing.ts';
import type { SecuritySettings } from './security-settings.ts';
import { actorOf, openSession, type OpenedSession } from './sessions.ts';
import { findUserByUsername, getUserForUpdate, updateUser, type UserRow } from './user-repository.ts';

export interface LoginInput {
  username: string;
  password: string;
}

/**
 * An unknown user, a wrong password, a disabled account and a locked one all get this one
 * answer, so that the answer tells nobody which usernames exist or which are locked. The real
 * reason is in the audit log.
 */
function invalidCredentials(): AppError {
  return new AppError('invalid_credentials', '用户名或密码错误', 'wrong username or password');
}

/**
 * Signs in: checks the password (argon2id) and opens a session. Failures are counted per
 * account and source (client address): `lockoutThreshold` of them from one source lock the
 * account for that source for `lockoutMinutes`, so a caller elsewhere cannot lock its owner
 * out; `accountLockoutThreshold` failures from every source together lock it everywhere. Every
 * attempt, successful or not, is audited — committed even when the attempt is refused.
 */
export async function login(
  db: DatabaseOrTransaction,
  input: LoginInput,
  settings: SecuritySettings,
  origin: RequestOrigin & { userAgent?: string | null },
  now: Date = new Date(),
): Promise<{ user: UserRow; session: OpenedSession }> {
  const found = await findUserByUsername(db, input.username);
  if (!found) {
    await spendVerificationTime(input.password);
    await recordAuditEvent(db, { actor: null, action: 'session.login', entityType: 'account', entityId: null, after: { username: input.username.slice(0, 64), reason: 'unknown_user' }, outcome: 'failure', origin });
    throw invalidCredentials();
  }
  const passwordOk = await verifyPassword(found.passwordHash, input.password);
  const source = loginSource(origin.clientIp);
  const lockUntil = new Date(now.getTime() + settings.lockoutMinutes * 60_000);

  const outcome = await inTransaction(db, async (tx) => {
    // The account row, locked: concurrent attempts on one account are counted one after another.
    const user = await getUserForUpdate(tx, found.id);
    const sourceFailures = await findLoginFailure(tx, user.id, source);
    const failure = async (reason: string, facts: Record<string, unknown> = {}) => {
      await recordAuditEvent(tx, { actor: null, action: 'session.login', entityType: 'account', entityId: user.id, after: { username: user.username, reason, source, ...facts }, outcome: 'failure', origin });
      return { ok: false as const };
    };
    if (user.lockedUntil && user.lockedUntil > now) return failure('locked', { locked_until: user.lockedUntil.toISOString() });
    if (sourceFailures?.lockedUntil && sourceFailures.lockedUntil > now) return failure('locked_for_source', { locked_until: sourceFailures.lockedUntil.toISOString() });
    if (user.status !== 'active') return failure('disabled');
    if (!passwordOk) {
      const counted = await countLoginFailure(tx, user.id, source, settings.lockoutThreshold, lockUntil, now);
      const accountCount = user.failedLoginCount + 1;
      const accountLocked = accountCount >= settings.accountLockoutThreshold;
      await updateUser(tx, user.id, accountLocked ? { failedLoginCount: 0, lockedUntil: lockUntil } : { failedLoginCount: accountCount });
      const sourceLocked = counted.lockedUntil !== null && counted.lockedUntil > now && counted.failedCount === 0;
      const reason = accountLocked ? 'wrong_password_locked' : sourceLocked ? 'wrong_password_locked_for_source' : 'wrong_password';
      return failure(reason, {
        failed_login_count: accountLocked ? 0 : accountCount,
        source_failed_count: counted.failedCount,
        locked_until: accountLocked ? lockUntil.toISOString() : sourceLocked ? counted.lockedUntil?.toISOString() : null,
      });
    }
    await clearLoginFailure(tx, user.id, source);
    const updated = await updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
    const session = await openSession(tx, updated, settings, origin, now);
    await recordAuditEvent(tx, { actor: actorOf(updated), action: 'session.login', entityType: 'account', entityId: updated.id, outcome: 'success', origin });
    return { ok: true as const, user: updated, session };
  });

  if (outcome.ok) return { user: outcome.user, session: outcome.session };
  throw invalidCredentials();
}
