import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import type { RequestOrigin } from './actor.ts';
import { hashPassword, verifyPassword } from './password-hashing.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import type { PermissionTable } from './permissions.ts';
import { revokeSessionsOfUser } from './session-repository.ts';
import type { ActiveSession } from './sessions.ts';
import { getUserForUpdate, updateUser } from './user-repository.ts';

/**
 * Changes one's own password: the current one is required, the new one must meet the policy.
 * Every other session of the account is closed; this one stays open.
 */
export async function changePassword(
  db: DatabaseOrTransaction,
  active: ActiveSession,
  input: { currentPassword: string; newPassword: string },
  permissions: PermissionTable,
  origin: RequestOrigin,
  now: Date = new Date(),
): Promise<void> {
  permissions.assertCanOn(active.actor, 'account.change_password', { userId: active.user.id });
  if (!(await verifyPassword(active.user.passwordHash, input.currentPassword))) {
    throw new AppError('bad_request', '当前密码不正确', 'the current password is wrong', [{ field: 'current_password', message: '当前密码不正确', message_en: 'the current password is wrong' }]);
  }
  const problems = checkPasswordPolicy(input.newPassword, active.user.username, input.currentPassword);
  if (problems.length > 0) {
    throw new AppError('weak_password', `新密码不符合要求：${problems.map((p) => p.message).join('；')}`, `weak password: ${problems.map((p) => p.message_en).join('; ')}`, problems);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(db, async (tx) => {
    const before = await getUserForUpdate(tx, active.user.id);
    await updateUser(tx, before.id, { passwordHash, mustChangePassword: false, passwordChangedAt: now });
    const closed = await revokeSessionsOfUser(tx, before.id, now, active.tokenHash);
    // Never the hashes: the audit records that the password changed, not what it is.
    await recordAuditEvent(tx, { actor: active.actor, action: 'account.change_password', entityType: 'account', entityId: before.id, before: { must_change_password: before.mustChangePassword }, after: { must_change_password: false, other_sessions_closed: closed }, origin });
  });
}
