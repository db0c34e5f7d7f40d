import { z } from 'zod';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { AppError } from '../shared/index.ts';
import type { Actor, RequestOrigin } from './actor.ts';
import { resolveAccountScope } from './account-scope.ts';
import { createAccountBodySchema } from './accounts-contract.ts';
import { generateTemporaryPassword, hashPassword } from './password-hashing.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import type { PermissionTable } from './permissions.ts';
import { auditableUser } from './present-user.ts';
import { administratorRoles } from './roles.ts';
import { findUserByUsername, insertUser, normaliseUsername, type UserRow } from './user-repository.ts';

/** The web's fields, and the operator's password (CLI, --password-stdin): otherwise a temporary one is generated. */
export const createUserInputSchema = createAccountBodySchema.extend({ password: z.string().optional() });

export type CreateUserInput = z.input<typeof createUserInputSchema>;

export interface CreateUserOptions {
  actor: Actor;
  permissions: PermissionTable;
  origin: RequestOrigin;
  /** Only the operator's CLI (the system actor) may create administrator accounts. */
  allowAdministratorRoles?: boolean;
  /** Default true: the first login must change the password. */
  mustChangePassword?: boolean;
}

/**
 * Creates an account with one role and its scope. The password is the operator's (checked
 * against the policy) or a generated temporary one, returned once and never stored in clear.
 */
export async function createUser(db: DatabaseOrTransaction, rawInput: CreateUserInput, options: CreateUserOptions): Promise<{ user: UserRow; temporaryPassword: string | null }> {
  options.permissions.assertCan(options.actor, 'accounts.manage');
  const parsed = createUserInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    const list = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
    throw new AppError('bad_request', `账号信息有误：${list}`, `invalid account: ${list}`);
  }
  const input = parsed.data;
  const username = normaliseUsername(input.username);
  if (administratorRoles.includes(input.role) && !options.allowAdministratorRoles) {
    throw new AppError('forbidden', '管理员账号只能由运维人员通过命令行创建', 'administrator accounts are created with the CLI only');
  }
  const password = input.password ?? generateTemporaryPassword();
  const problems = checkPasswordPolicy(password, username);
  if (problems.length > 0) {
    throw new AppError('weak_password', `密码不符合要求：${problems.map((p) => p.message).join('；')}`, `weak password: ${problems.map((p) => p.message_en).join('; ')}`, problems);
  }
  const passwordHash = await hashPassword(password);
  const run = async (tx: DatabaseOrTransaction) => {
    if (await findUserByUsername(tx, username)) {
      throw new AppError('conflict', `用户名“${username}”已被使用`, `username "${username}" is taken`);
    }
    const scope = await resolveAccountScope(tx, input.role, { unitId: input.unit_id, orgCode: input.org_code, creditCode: input.credit_code });
    const user = await insertUser(tx, {
      username,
      displayName: input.display_name ?? username,
      passwordHash,
      role: input.role,
      ...scope,
      mustChangePassword: options.mustChangePassword ?? true,
      passwordChangedAt: new Date(),
    });
    await recordAuditEvent(tx, { actor: options.actor, action: 'account.create', entityType: 'account', entityId: user.id, after: auditableUser(user), origin: options.origin });
    return user;
  };
  const user = await inTransaction(db, run);
  return { user, temporaryPassword: input.password === undefined ? password : null };
}
