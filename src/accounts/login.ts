import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import type { RequestOrigin } from './actor.ts';
import { spendVerificationTime, verifyPassword } from './password-hashing.ts';
import type { SecuritySettings } from './security-settings.ts';
import { actorOf, openSession, type OpenedSession } from './sessions.ts';
import { findUserByUsername, getUserForUpdate, updateUser, type UserRow } from './user-repository.ts';

export interface LoginInput {
  username: string;
  password: string;
}

/** A wrong password and an unknown (or disabled) user get the same answer. */
function invalidCredentials(): AppError {
  return new AppError('invalid_credentials', '用户名或密码错误', 'wrong username or password');
}

function accountLocked(until: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError('account_locked', `登录失败次数过多，账号已锁定，请约 ${minutes} 分钟后再试`, `too many failed logins: the account is locked for about ${minutes} more minute(s)`, { locked_until: until.toISOString() });
}

/**
 * Signs in: checks the password (argon2id), counts failures and locks the account after
 * `lockoutThreshold` of them for `lockoutMinutes`, and opens a session. Every attempt, successful
 * or not, is audited — committed even when the attempt is refused.
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

  const outcome = await inTransaction(db, async (tx) => {
    const user = await getUserForUpdate(tx, found.id);
    const failure = async (reason: string, changes: Partial<UserRow> = {}) => {
      const updated = Object.keys(changes).length > 0 ? await updateUser(tx, user.id, changes) : user;
      await recordAuditEvent(tx, { actor: null, action: 'session.login', entityType: 'account', entityId: user.id, after: { username: user.username, reason, failed_login_count: updated.failedLoginCount, locked_until: updated.lockedUntil?.toISOString() ?? null }, outcome: 'failure', origin });
      return { ok: false as const, user: updated, reason };
    };
    if (user.lockedUntil && user.lockedUntil > now) return failure('locked');
    if (user.status !== 'active') return failure('disabled');
    if (!passwordOk) {
      const failedLoginCount = user.failedLoginCount + 1;
      if (failedLoginCount >= settings.lockoutThreshold) {
        return failure('wrong_password_locked', { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + settings.lockoutMinutes * 60_000) });
      }
      return failure('wrong_password', { failedLoginCount });
    }
    const updated = await updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
    const session = await openSession(tx, updated, settings, origin, now);
    await recordAuditEvent(tx, { actor: actorOf(updated), action: 'session.login', entityType: 'account', entityId: updated.id, outcome: 'success', origin });
    return { ok: true as const, user: updated, session };
  });

  if (outcome.ok) return { user: outcome.user, session: outcome.session };
  if ((outcome.reason === 'locked' || outcome.reason === 'wrong_password_locked') && outcome.user.lockedUntil) throw accountLocked(outcome.user.lockedUntil);
  throw invalidCredentials();
}
