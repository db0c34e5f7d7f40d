import { AppError } from '../shared/app-error.ts';
import type { Actor } from './actor.ts';
import type { Role } from './roles.ts';

/**
 * Permissions are data: (role × action × scope). The defaults below are seeded into the
 * `role_permissions` table; the security administrator may change what non-administrator roles
 * may do. Use cases call `assertCan` with the resource they touch, so a check forgotten in a
 * route still holds in the domain.
 */
export const actions = [
  'health.read', // readiness probe (public)
  'policy.read', // read the published policy (public)
  'areas.read', // read the area tree (public)
  'session.create', // sign in (public)
  'session.read', // who am I, my abilities; sign out
  'account.change_password', // change one's own password
  'accounts.read', // list and view accounts
  'accounts.manage', // create, disable, reset passwords
  'roles.manage', // assign roles and scopes, edit permissions
  'permissions.read', // view the permission table
  'audit.read', // read and filter the audit log
  'audit.export', // export the audit log
  'audit.verify', // check the audit hash chain
  'workspace.read', // a unit's or area's own workspace: its responsibilities and work
  'indicators.read', // indicator values, evaluations and reports (published: public)
  'indicators.enter', // enter and submit values for an area (draft → submitted)
  'indicators.approve', // approve, return or unlock submitted values
  'indicators.import', // import value files (stored as approved: an administrator's tool)
  'registry.read', // enterprises, certifications, platforms, contracts within the caller's scope
  'registry.edit', // change a registry record (an enterprise user: its own enterprise's declared data)
  'registry.edit_master', // change an enterprise's authority data: name, area, above-scale flag
  'registry.import', // import and generate registry files
  'registry.contacts', // see contact persons and phones (personal information, 个人信息保护法)
] as const;

export type Action = (typeof actions)[number];

/** all: anything; own_unit / own_area (its subtree) / own_enterprise: the actor's own scope; self: the actor's own account. */
export const scopes = ['all', 'own_unit', 'own_area', 'own_enterprise', 'self'] as const;
export type Scope = (typeof scopes)[number];

export interface PermissionRow {
  role: Role | 'public';
  action: Action;
  scope: Scope;
}

const everyRole: (Role | 'public')[] = ['public', 'system_admin', 'security_admin', 'audit_admin', 'coordinator', 'unit_leader', 'unit_reporter', 'area_leader', 'area_reporter', 'enterprise_user'];
const signedIn = everyRole.filter((role): role is Role => role !== 'public');

export const defaultPermissions: PermissionRow[] = [
  ...everyRole.map((role) => ({ role, action: 'health.read' as const, scope: 'all' as const })),
  ...everyRole.map((role) => ({ role, action: 'policy.read' as const, scope: 'all' as const })),
  ...everyRole.map((role) => ({ role, action: 'areas.read' as const, scope: 'all' as const })),
  ...everyRole.map((role) => ({ role, action: 'session.create' as const, scope: 'all' as const })),
  ...signedIn.map((role) => ({ role, action: 'session.read' as const, scope: 'self' as const })),
  ...signedIn.map((role) => ({ role, action: 'account.change_password' as const, scope: 'self' as const })),
  { role: 'system_admin', action: 'accounts.read', scope: 'all' },
  { role: 'system_admin', action: 'accounts.manage', scope: 'all' },
  { role: 'security_admin', action: 'accounts.read', scope: 'all' },
  { role: 'security_admin', action: 'roles.manage', scope: 'all' },
  { role: 'security_admin', action: 'permissions.read', scope: 'all' },
  { role: 'audit_admin', action: 'audit.read', scope: 'all' },
  { role: 'audit_admin', action: 'audit.export', scope: 'all' },
  { role: 'audit_admin', action: 'audit.verify', scope: 'all' },
  { role: 'coordinator', action: 'workspace.read', scope: 'all' },
  { role: 'unit_leader', action: 'workspace.read', scope: 'own_unit' },
  { role: 'unit_reporter', action: 'workspace.read', scope: 'own_unit' },
  { role: 'area_leader', action: 'workspace.read', scope: 'own_area' },
  { role: 'area_reporter', action: 'workspace.read', scope: 'own_area' },
  { role: 'enterprise_user', action: 'workspace.read', scope: 'own_enterprise' },
  ...everyRole.map((role) => ({ role, action: 'indicators.read' as const, scope: 'all' as const })),
  { role: 'coordinator', action: 'indicators.enter', scope: 'all' },
  { role: 'area_leader', action: 'indicators.enter', scope: 'own_area' },
  { role: 'area_reporter', action: 'indicators.enter', scope: 'own_area' },
  { role: 'coordinator', action: 'indicators.approve', scope: 'all' },
  { role: 'coordinator', action: 'indicators.import', scope: 'all' },
  { role: 'coordinator', action: 'registry.read', scope: 'all' },
  { role: 'area_leader', action: 'registry.read', scope: 'own_area' },
  { role: 'area_reporter', action: 'registry.read', scope: 'own_area' },
  { role: 'enterprise_user', action: 'registry.read', scope: 'own_enterprise' },
  { role: 'coordinator', action: 'registry.edit', scope: 'all' },
  { role: 'enterprise_user', action: 'registry.edit', scope: 'own_enterprise' },
  { role: 'coordinator', action: 'registry.edit_master', scope: 'all' },
  { role: 'coordinator', action: 'registry.import', scope: 'all' },
  { role: 'coordinator', action: 'registry.contacts', scope: 'all' },
  { role: 'enterprise_user', action: 'registry.contacts', scope: 'own_enterprise' },
];

/**
 * Actions only administrators may hold; the security administrator cannot grant them to other
 * roles (三权分立), and nobody can take them from their administrator.
 */
export const reservedActions: Partial<Record<Action, Role>> = {
  'accounts.manage': 'system_admin',
  'roles.manage': 'security_admin',
  'audit.read': 'audit_admin',
  'audit.export': 'audit_admin',
  'audit.verify': 'audit_admin',
};

/**
 * Actions no one may take from anyone: without them nobody could sign in, see their session or
 * change a forced password — the security administrator could lock every account out.
 */
export const fixedActions: readonly Action[] = ['health.read', 'session.create', 'session.read', 'account.change_password'];

/** What a request or use case touches, so that a scoped permission can be checked. */
export interface ResourceScope {
  unitId?: string | null;
  orgCode?: string | null;
  creditCode?: string | null;
  userId?: string | null;
}

export interface ScopeContext {
  /** True when `orgCode` is `ancestorCode` or lies in its subtree. */
  isWithinArea(orgCode: string, ancestorCode: string): boolean;
}

/** The permission table in force, looked up by role and action. */
export class PermissionTable {
  private readonly byKey = new Map<string, Scope>();

  constructor(readonly rows: readonly PermissionRow[]) {
    for (const row of rows) this.byKey.set(`${row.role}|${row.action}`, row.scope);
  }

  scopeOf(role: Role | 'public' | 'system', action: Action): Scope | undefined {
    if (role === 'system') return 'all';
    return this.byKey.get(`${role}|${action}`);
  }

  /** May the actor (null: the public) do `action`, on `resource` when given? */
  can(actor: Actor | null, action: Action, resource?: ResourceScope, context?: ScopeContext): boolean {
    const scope = this.scopeOf(actor?.role ?? 'public', action);
    if (!scope) return false;
    if (scope === 'all' || resource === undefined) return true;
    if (!actor) return false;
    switch (scope) {
      case 'self':
        return resource.userId === undefined || resource.userId === actor.userId;
      case 'own_unit':
        return resource.unitId !== undefined && resource.unitId !== null && resource.unitId === actor.unitId;
      case 'own_enterprise':
        return resource.creditCode !== undefined && resource.creditCode !== null && resource.creditCode === actor.creditCode;
      case 'own_area': {
        const orgCode = resource.orgCode;
        if (!orgCode || !actor.orgCode || !context) return false;
        return context.isWithinArea(orgCode, actor.orgCode);
      }
    }
  }

  /** The actions the actor may do at all: sent with responses so the UI shows only what is allowed. */
  abilitiesOf(actor: Actor | null): Partial<Record<Action, Scope>> {
    const result: Partial<Record<Action, Scope>> = {};
    for (const action of actions) {
      const scope = this.scopeOf(actor?.role ?? 'public', action);
      if (scope) result[action] = scope;
    }
    return result;
  }

  /** Throws 401 for the public, 403 for a signed-in actor, when not allowed. */
  assertCan(actor: Actor | null, action: Action, resource?: ResourceScope, context?: ScopeContext): void {
    if (this.can(actor, action, resource, context)) return;
    if (!actor) throw new AppError('unauthenticated', '请先登录', 'please sign in');
    throw new AppError('forbidden', '您没有执行此操作的权限', 'you are not allowed to do this', { action });
  }
}

export const defaultPermissionTable = new PermissionTable(defaultPermissions);
