import { AppError } from '../shared/index.ts';
import type { Action, Scope } from './action-catalog.ts';
import type { Actor } from './actor.ts';
import type { Role } from './roles.ts';

export { scopes, type Action, type Scope } from './action-catalog.ts';

/**
 * Permissions are data: (role × action × scope), seeded from each module's declared actions into
 * the `role_permissions` table; the security administrator may change what non-administrator
 * roles may do. The table is read from the database for every request, so that a change made
 * through one app server holds on every other at once.
 *
 * A grant is checked one of two ways, and a scoped grant never passes the first:
 * - `assertCan(actor, action)`: the actor may do it to anything (a grant with scope `all`);
 * - `assertCanOn(actor, action, resource, areas)`: the actor may do it to this resource (its own
 *   unit, area subtree, enterprise or account).
 * Reads of scoped data take `dataScopeOf(actor, action)` into their queries instead.
 */
export interface PermissionRow {
  role: Role | 'public';
  action: Action;
  scope: Scope;
}

/** What a request or use case touches, so that a scoped permission can be checked. */
export interface ResourceScope {
  unitId?: string | null;
  orgCode?: string | null;
  creditCode?: string | null;
  userId?: string | null;
}

/** Where an area lies: the area tree answers it (`AreaTree.isWithinArea`). */
export interface ScopeContext {
  /** True when `orgCode` is `ancestorCode` or lies in its subtree. */
  isWithinArea(orgCode: string, ancestorCode: string): boolean;
}

/**
 * The part of scoped data a caller may read, for repository queries: everything, an area's
 * subtree, one unit, one enterprise, one account, or nothing (a scope the account cannot satisfy,
 * such as an area role without an area).
 */
export type DataScope =
  | { kind: 'all' }
  | { kind: 'area'; orgCode: string }
  | { kind: 'unit'; unitId: string }
  | { kind: 'enterprise'; creditCode: string }
  | { kind: 'self'; userId: string }
  | { kind: 'none' };

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

  private scopeOfActor(actor: Actor | null, action: Action): Scope | undefined {
    return this.scopeOf(actor?.role ?? 'public', action);
  }

  /** Does the actor hold the action at all, in any scope? Only the routes' coarse check asks this. */
  holds(actor: Actor | null, action: Action): boolean {
    return this.scopeOfActor(actor, action) !== undefined;
  }

  /** May the actor (null: the public) do `action` to anything? Only a grant with scope `all` says yes. */
  can(actor: Actor | null, action: Action): boolean {
    return this.scopeOfActor(actor, action) === 'all';
  }

  /** May the actor do `action` to this resource? A scoped grant is checked against it. */
  canOn(actor: Actor | null, action: Action, resource: ResourceScope, context?: ScopeContext): boolean {
    const scope = this.scopeOfActor(actor, action);
    if (!scope) return false;
    if (scope === 'all') return true;
    if (!actor) return false;
    switch (scope) {
      case 'self':
        return isGiven(resource.userId) && resource.userId === actor.userId;
      case 'own_unit':
        return isGiven(resource.unitId) && resource.unitId === actor.unitId;
      case 'own_enterprise':
        return isGiven(resource.creditCode) && resource.creditCode === actor.creditCode;
      case 'own_area':
        return isGiven(resource.orgCode) && isGiven(actor.orgCode) && context !== undefined && context.isWithinArea(resource.orgCode, actor.orgCode);
    }
  }

  /** What of the action's data the actor may read; 401/403 when it holds the action in no scope. */
  dataScopeOf(actor: Actor | null, action: Action): DataScope {
    const scope = this.scopeOfActor(actor, action);
    if (!scope) throw refusal(actor, action);
    if (scope === 'all') return { kind: 'all' };
    switch (scope) {
      case 'own_area':
        return isGiven(actor?.orgCode) ? { kind: 'area', orgCode: actor.orgCode } : { kind: 'none' };
      case 'own_unit':
        return isGiven(actor?.unitId) ? { kind: 'unit', unitId: actor.unitId } : { kind: 'none' };
      case 'own_enterprise':
        return isGiven(actor?.creditCode) ? { kind: 'enterprise', creditCode: actor.creditCode } : { kind: 'none' };
      case 'self':
        return isGiven(actor?.userId) ? { kind: 'self', userId: actor.userId } : { kind: 'none' };
    }
  }

  /** The actions the actor may do at all: sent with responses so the UI shows only what is allowed. */
  abilitiesOf(actor: Actor | null): Partial<Record<Action, Scope>> {
    const role = actor?.role ?? 'public';
    if (role === 'system') return {};
    const result: Partial<Record<Action, Scope>> = {};
    for (const row of this.rows) if (row.role === role) result[row.action] = row.scope;
    return result;
  }

  /** The routes' coarse check: the actor holds the action in some scope (401 for the public, 403 otherwise). */
  assertHolds(actor: Actor | null, action: Action): void {
    if (!this.holds(actor, action)) throw refusal(actor, action);
  }

  /** Throws 401 for the public, 403 for a signed-in actor, unless the actor may do `action` to anything. */
  assertCan(actor: Actor | null, action: Action): void {
    if (!this.can(actor, action)) throw refusal(actor, action);
  }

  /** Throws 401 for the public, 403 for a signed-in actor, unless the actor may do `action` to this resource. */
  assertCanOn(actor: Actor | null, action: Action, resource: ResourceScope, context?: ScopeContext): void {
    if (!this.canOn(actor, action, resource, context)) throw refusal(actor, action);
  }
}

function isGiven(value: string | null | undefined): value is string {
  return value !== undefined && value !== null && value !== '';
}

function refusal(actor: Actor | null, action: Action): AppError {
  if (!actor) return new AppError('unauthenticated', '请先登录', 'please sign in');
  return new AppError('forbidden', '您没有执行此操作的权限', 'you are not allowed to do this', { action });
}
