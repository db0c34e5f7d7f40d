import type { DataScope } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';

/**
 * The indicator values a caller may read unreviewed (drafts, submissions): everything, the values
 * of some areas, or nothing. Values belong to areas, so only an area scope narrows them; a unit,
 * enterprise or personal scope reaches no value.
 */
export type ValueScope = { kind: 'all' } | { kind: 'areas'; orgs: readonly string[] } | { kind: 'none' };

/** The value scope of a data scope: an area scope is the area and its whole subtree. */
export function valueScopeOf(scope: DataScope, tree: AreaTree): ValueScope {
  if (scope.kind === 'all') return { kind: 'all' };
  if (scope.kind !== 'area' || !tree.has(scope.orgCode)) return { kind: 'none' };
  return { kind: 'areas', orgs: tree.subtreeOf(scope.orgCode).map((area) => area.code) };
}

/** What two grants reach together (may enter here, or may approve there). */
export function unionOfValueScopes(scopes: readonly ValueScope[]): ValueScope {
  if (scopes.some((scope) => scope.kind === 'all')) return { kind: 'all' };
  const orgs = new Set(scopes.flatMap((scope) => (scope.kind === 'areas' ? scope.orgs : [])));
  return orgs.size === 0 ? { kind: 'none' } : { kind: 'areas', orgs: [...orgs] };
}
