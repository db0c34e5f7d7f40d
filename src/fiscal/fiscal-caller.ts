import type { Actor, PermissionTable, RequestOrigin } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { PolicyPack } from '../policy/index.ts';

/** Who calls the fiscal use cases: the actor and its permissions, from where, and the injected clock's now. */
export interface FiscalCaller {
  actor: Actor;
  permissions: PermissionTable;
  origin: RequestOrigin;
  now: Date;
  /** The packs and area tree the caller already holds (the server's caches); read from the database when absent. */
  packs?: readonly PolicyPack[] | undefined;
  tree?: AreaTree | undefined;
}
