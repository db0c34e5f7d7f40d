import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import type { Actor, RequestOrigin } from './actor.ts';
import { resolveAccountScope, type AccountScopeInput } from './account-scope.ts';
import { clearLoginFailuresOfUser, hasSourceLock } from './login-failure-repository.ts';
import { generateTemporaryPassword, hashPassword } from './password-hashing.ts';
import type { PermissionTable } from './permissions.ts';
import { auditableUser } from './present-user.ts';
import { administratorRoles, type Role } from './roles.ts';
import { revokeSessionsOfUser } from './session-repository.ts';
import { getUserForUpdate, updateUser, type UserRow } from './user-repository.ts';

export interface AccountCommandOptions {
  actor: Actor;
  permissions: PermissionTable;
  origin: RequestOrigin;
  now?: Date;
}

/** Runs one change to one account in a transaction, audited with its before and after. */
async function changeAccount(
  db: DatabaseOrTransaction,
  userId: string,
  action: string,
  options: AccountCommandOptions,
  change: (before: UserRow, tx: DatabaseOrTransaction) => Promise<UserRow>,
): Promise<UserRow> {
  return inTransaction(db, async (tx) => {
    const before = await getUserForUpdate(tx, userId);
    const after = await change(before, tx);
    await recordAuditEvent(tx, { actor: options.actor, action, entityType: 'account', entityId: userId, before: auditableUser(before), after: auditableUser(after), origin: options.origin });
    return after;
  });
}

/** An administrator's account is handled by the operator's CLI, not by another administrator's screen. */
function assertNotAdministrator(user: UserRow, actor: Actor): void {
  if (actor.kind !== 'system' && administratorRoles.includes(user.role as Role)) {
    throw new AppError('forbidden', '管理员账号只能由运维人员通过命令行管理', 'administrator accounts are managed with the CLI only');
  }
}

/** Disables an account and closes its sessions. */
export async function disableUser(db: DatabaseOrTransaction, userId: string, options: AccountCommandOptions): Promise<UserRow> {
  options.permissions.assertCan(options.actor, 'accounts.manage');
  if (options.actor.userId === userId) throw new AppError('conflict', '不能停用自己的账号', 'you cannot disable your own account');
  return changeAccount(db, userId, 'account.disable', options, async (before, tx) => {
    assertNotAdministrator(before, options.actor);
    if (before.status === 'disabled') throw new AppError('conflict', '账号已是停用状态', 'the account is already disabled');
    const after = await updateUser(tx, userId, { status: 'disabled' });
    await revokeSessionsOfUser(tx, userId, options.now ?? new Date());
    return after;
  });
}

/**
 * Enables a disabled account, or unlocks an active one that failed sign-ins locked (everywhere
 * or for some sources): either way every failure count and lock of the account is cleared.
 * 409 only for an active account that nothing locks.
 */
export async function enableUser(db: DatabaseOrTransaction, userId: string, options: AccountCommandOptions): Promise<UserRow> {
  options.permissions.assertCan(options.actor, 'accounts.manage');
  const now = options.now ?? new Date();
  return changeAccount(db, userId, 'account.enable', options, async (before, tx) => {
    assertNotAdministrator(before, options.actor);
    const locked = (before.lockedUntil !== null && before.lockedUntil > now) || (await hasSourceLock(tx, userId, now));
    if (before.status === 'active' && !locked) throw new AppError('conflict', '账号已是启用状态，且未被锁定', 'the account is already active and not locked');
    await clearLoginFailuresOfUser(tx, userId);
    return updateUser(tx, userId, { status: 'active', failedLoginCount: 0, lockedUntil: null });
  });
}

/**
 * Sets a new password — the operator's (CLI) or a generated temporary one — unlocks the account,
 * closes its sessions, and forces a change at the next login.
 */
export async function resetPassword(
  db: DatabaseOrTransaction,
  userId: string,
  options: AccountCommandOptions & { password?: string },
): Promise<{ user: UserRow; temporaryPassword: string | null }> {
  options.permissions.assertCan(options.actor, 'accounts.manage');
  const password = options.password ?? generateTemporaryPassword();
  const passwordHash = await hashPassword(password);
  const user = await changeAccount(db, userId, 'account.reset_password', options, async (before, tx) => {
    assertNotAdministrator(before, options.actor);
    const after = await updateUser(tx, userId, { passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null, passwordChangedAt: options.now ?? new Date() });
    await clearLoginFailuresOfUser(tx, userId);
    await revokeSessionsOfUser(tx, userId, options.now ?? new Date());
    return after;
  });
  return { user, temporaryPassword: options.password === undefined ? password : null };
}

/**
 * The security administrator's job: give a non-administrator account another role and scope.
 * Administrator roles are never assigned here (三权分立: no account may gain a second one).
 */
export async function assignRole(db: DatabaseOrTransaction, userId: string, input: { role: Role } & AccountScopeInput, options: AccountCommandOptions): Promise<UserRow> {
  options.permissions.assertCan(options.actor, 'roles.manage');
  if (administratorRoles.includes(input.role)) {
    throw new AppError('forbidden', '管理员角色只能由运维人员通过命令行分配', 'administrator roles are assigned with the CLI only');
  }
  return changeAccount(db, userId, 'account.assign_role', options, async (before, tx) => {
    assertNotAdministrator(before, options.actor);
    const scope = await resolveAccountScope(tx, input.role, input);
    const after = await updateUser(tx, userId, { role: input.role, ...scope });
    // A new role is a new set of rights: sessions opened under the old one end.
    await revokeSessionsOfUser(tx, userId, options.now ?? new Date());
    return after;
  });
}
