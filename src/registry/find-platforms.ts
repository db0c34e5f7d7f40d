import type { DatabaseOrTransaction } from '../db/index.ts';
import type { PlatformFilter, PlatformPage } from './registry-contract.ts';
import { presentPlatform } from './registry-presenters.ts';
import { findPlatformRows, type PlatformQuery } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller } from './registry-scope.ts';

export function platformQueryOf(filter: PlatformFilter, caller: Pick<RegistryCaller, 'tree'>, page: { limit: number; offset: number }): PlatformQuery {
  return { q: filter.q, orgs: filter.org ? caller.tree.subtreeOf(filter.org).map((area) => area.code) : undefined, type: filter.type, ...page };
}

/** A page of the innovation platforms and carriers the caller may see, by name, area and type. */
export async function findPlatforms(db: DatabaseOrTransaction, caller: RegistryCaller, filter: PlatformFilter & { limit: number; offset: number }): Promise<PlatformPage> {
  const scope = registryScopeOf(caller.actor, caller.permissions, caller.tree);
  const { rows, total } = await findPlatformRows(db, scope, platformQueryOf(filter, caller, { limit: filter.limit, offset: filter.offset }));
  return { total, platforms: rows.map((row) => presentPlatform(row, caller.tree)) };
}
