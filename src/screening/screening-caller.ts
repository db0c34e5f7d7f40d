import type { Actor, PermissionTable, RequestOrigin } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';

/** Who calls a screening use case: the actor, the permission table in force, the area tree, where from. */
export interface ScreeningCaller {
  actor: Actor | null;
  permissions: PermissionTable;
  tree: AreaTree;
  origin: RequestOrigin;
}

/**
 * Hands a run's shards to whatever runs them: in process by default (`createInProcessDispatcher`),
 * the job queue on a server. It must return once the shards are handed over, not when they are done.
 */
export type ShardDispatcher = (runId: string, shardKeys: readonly string[]) => Promise<void>;

/** Area codes a reader of screening results may see: undefined for all, [] for none. */
export function readableAreas(caller: ScreeningCaller): readonly string[] | undefined {
  const scope = caller.permissions.dataScopeOf(caller.actor, 'screening.read');
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'area') return caller.tree.subtreeOf(scope.orgCode).map((area) => area.code);
  return [];
}

/** The intersection of the reader's areas and a filter's subtree (undefined: no limit). */
export function areasWithin(caller: ScreeningCaller, org: string | undefined): readonly string[] | undefined {
  const readable = readableAreas(caller);
  if (org === undefined) return readable;
  const wanted = caller.tree.subtreeOf(org).map((area) => area.code);
  return readable === undefined ? wanted : wanted.filter((code) => readable.includes(code));
}

/** Run areas a reader may see runs of (besides whole-register runs): undefined for all. */
export function visibleRunOrgs(caller: ScreeningCaller): readonly string[] | undefined {
  const scope = caller.permissions.dataScopeOf(caller.actor, 'screening.read');
  if (scope.kind === 'all') return undefined;
  if (scope.kind !== 'area') return [];
  return [...caller.tree.subtreeOf(scope.orgCode), ...caller.tree.ancestorsOf(scope.orgCode)].map((area) => area.code);
}
