import type { Actor, PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';

/**
 * The part of the registries a caller may touch: everything, the counties of an area's subtree,
 * one enterprise, or nothing. Every repository read of registry data takes one, so that nothing
 * outside it shows through a list, a count, a search or a detail, even where a route forgets a
 * check.
 */
export type RegistryScope =
  | { kind: 'all' }
  /** The area and every area below it (an area role's own area). */
  | { kind: 'areas'; orgs: readonly string[] }
  /** One enterprise (an enterprise user's own). */
  | { kind: 'enterprise'; creditCode: string }
  | { kind: 'none' };

/**
 * Everything. Only for reads that must see the whole register on purpose, each saying why (an
 * import must see another area's record to refuse taking it over; published aggregate counts).
 */
export const wholeRegistry: RegistryScope = { kind: 'all' };

/**
 * The registry scope of the actor for an action, from the permission table: `all`, its area's
 * subtree (own_area), its enterprise (own_enterprise); a scope its account cannot satisfy (an
 * area role without an area) or one that means nothing here (a unit, an account) is nothing.
 * 401/403 when the actor holds the action in no scope at all.
 */
export function registryScopeOf(actor: Actor | null, permissions: PermissionTable, tree: AreaTree, action: 'registry.read' | 'registry.import' = 'registry.read'): RegistryScope {
  const scope = permissions.dataScopeOf(actor, action);
  switch (scope.kind) {
    case 'all':
      return { kind: 'all' };
    case 'area':
      return { kind: 'areas', orgs: tree.subtreeOf(scope.orgCode).map((area) => area.code) };
    case 'enterprise':
      return { kind: 'enterprise', creditCode: scope.creditCode };
    default:
      return { kind: 'none' };
  }
}

/** Where a record lies: its county and, for an enterprise's records, the enterprise. */
export interface RegistryLocation {
  org: string;
  creditCode: string | null;
}

/** Does the scope cover a record that lies here? */
export function scopeCovers(scope: RegistryScope, location: RegistryLocation): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'areas':
      return scope.orgs.includes(location.org);
    case 'enterprise':
      return location.creditCode !== null && location.creditCode === scope.creditCode;
    case 'none':
      return false;
  }
}

/** May the scope see area statistics of `org` (an area role: within its own area; an enterprise: never)? */
export function scopeCoversArea(scope: RegistryScope, org: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'areas' && scope.orgs.includes(org));
}

/** Who asks, with what permissions, over which area tree, and when (the injected clock). */
export interface RegistryCaller {
  actor: Actor | null;
  permissions: PermissionTable;
  tree: AreaTree;
  now: Date;
}
