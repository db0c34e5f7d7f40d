import type { UserRow } from './user-repository.ts';
import { isRole, roleLabels } from './roles.ts';

/** Names that make an account's scope readable (unit and area names). */
export interface ScopeNames {
  unitName(unitId: string): string | undefined;
  areaName(orgCode: string): string | undefined;
}

/** What leaves the server about an account: never the password hash or session data. */
export function presentUser(row: UserRow, names?: ScopeNames) {
  return {
    id: row.id,
    username: row.username,
    display_name: row.displayName,
    role: row.role,
    role_label: isRole(row.role) ? roleLabels[row.role] : { zh: row.role, en: row.role },
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

export type UserView = ReturnType<typeof presentUser>;

/** The audit log's before/after of an account: the same whitelist, without derived names. */
export function auditableUser(row: UserRow) {
  const { unit_name: _unitName, org_name: _orgName, role_label: _roleLabel, ...rest } = presentUser(row);
  return { ...rest, failed_login_count: row.failedLoginCount };
}
