import { AppError } from '../shared/index.ts';
import type { Account, AccountWithPassword } from './accounts-contract.ts';
import type { UserRow } from './user-repository.ts';
import { isRole, roleLabels, type Role } from './roles.ts';

/** Names that make an account's scope readable (unit and area names). */
export interface ScopeNames {
  unitName(unitId: string): string | undefined;
  areaName(orgCode: string): string | undefined;
}

/**
 * The role of a stored account. Accounts are written only with a checked role (create, assign),
 * so another value is a damaged row, refused as such rather than sent on.
 */
function roleOf(row: UserRow): Role {
  if (!isRole(row.role)) throw new AppError('internal', '账号角色无效', `account ${row.id} has an unknown role`);
  return row.role;
}

/** What leaves the server about an account: never the password hash or session data. */
export function presentUser(row: UserRow, names?: ScopeNames): Account {
  const role = roleOf(row);
  return {
    id: row.id,
    username: row.username,
    display_name: row.displayName,
    role,
    role_label: roleLabels[role],
    unit_id: row.unitId,
    unit_name: row.unitId ? (names?.unitName(row.unitId) ?? null) : null,
    org_code: row.orgCode,
    org_name: row.orgCode ? (names?.areaName(row.orgCode) ?? null) : null,
    credit_code: row.creditCode,
    status: row.status,
    must_change_password: row.mustChangePassword,
    locked_until: row.lockedUntil?.toISOString() ?? null,
    last_login_at: row.lastLoginAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

/** A new account or a reset password, with the temporary password shown this once. */
export function presentUserWithPassword(row: UserRow, temporaryPassword: string | null, names: ScopeNames): AccountWithPassword {
  // The web and the API never set a password: the generated one is always there.
  if (temporaryPassword === null) throw new AppError('internal', '未生成临时密码', 'no temporary password was generated');
  return { account: presentUser(row, names), temporary_password: temporaryPassword };
}

/** The audit log's before/after of an account: the same whitelist, without derived names. */
export function auditableUser(row: UserRow) {
  const { unit_name: _unitName, org_name: _orgName, role_label: _roleLabel, ...rest } = presentUser(row);
  return { ...rest, failed_login_count: row.failedLoginCount };
}
