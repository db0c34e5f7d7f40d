import type { AccountRole } from '../../api/types.ts';

/**
 * What scope an account of each role carries (the "role needs"): a unit role one
 * government unit, an area role one area and its subtree, an enterprise user one credit code.
 */
export type ScopeKind = 'none' | 'unit' | 'area' | 'enterprise';

export const roleScopeKind: Record<AccountRole, ScopeKind> = {
  system_admin: 'none',
  security_admin: 'none',
  audit_admin: 'none',
  coordinator: 'none',
  unit_leader: 'unit',
  unit_reporter: 'unit',
  area_leader: 'area',
  area_reporter: 'area',
  enterprise_user: 'enterprise',
};

/** The three administrators exist apart (三权分立) and are created by the CLI only, never in the UI. */
export const administratorRoles: readonly AccountRole[] = ['system_admin', 'security_admin', 'audit_admin'];

/** The roles an account can be given in the UI. */
export const assignableRoles: readonly AccountRole[] = [
  'coordinator',
  'unit_leader',
  'unit_reporter',
  'area_leader',
  'area_reporter',
  'enterprise_user',
];

export function isAdministratorRole(role: string): boolean {
  return (administratorRoles as readonly string[]).includes(role);
}

export function isAccountRole(role: string): role is AccountRole {
  return Object.hasOwn(roleScopeKind, role);
}
