import type { PermissionTable, SecuritySettings, SessionLookup } from '../accounts/index.ts';
import type { FastifyRequest } from 'fastify';
import { findAreaTree, type AreaTree } from '../areas/index.ts';
import { VersionedMemo, type DatabaseHandle } from '../db/index.ts';
import type { getPackEvaluation } from '../indicators/index.ts';
import { findPacks, type PolicyPack } from '../policy/index.ts';
import type { EnterprisePage, EnterpriseRecord } from '../registry/index.ts';

/** What every route needs, handed in by the app factory (no globals). */
export interface ServerContext {
  database: DatabaseHandle;
  settings: SecuritySettings;
  /** The clock; tests move it to check time-outs. */
  now(): Date;
  caches: ServerCaches;
}

/**
 * Answers this server keeps between requests, each recomputed when a change counter it depends on
 * moves (src/db/change-counters.ts). Every request reads the counters once, so that a change made
 * through any server holds on all of them at the next request, as when nothing was cached.
 */
export interface ServerCaches {
  permissions: VersionedMemo<PermissionTable>;
  /** Sessions with their accounts, by token hash: any login, touch, sign-out or account change recomputes. */
  sessions: VersionedMemo<Awaited<ReturnType<SessionLookup>>>;
  areaTree: VersionedMemo<AreaTree>;
  /** Every current pack (parsed once per content hash by the policy module). */
  packs: VersionedMemo<PolicyPack[]>;
  /** Enterprise records (row, certifications, history) per (data scope, credit code). */
  enterprises: VersionedMemo<EnterpriseRecord | undefined>;
  /** Registry name searches, per (data scope, day in Beijing, filters and page). */
  enterpriseSearches: VersionedMemo<EnterprisePage>;
  /** Per (pack, area, as-of year): the public evaluation, its Excel and its Word report. */
  evaluations: VersionedMemo<Awaited<ReturnType<typeof getPackEvaluation>>>;
}

export function createServerCaches(): ServerCaches {
  return {
    permissions: new VersionedMemo(['permissions'], 4),
    sessions: new VersionedMemo(['accounts'], 1_000),
    areaTree: new VersionedMemo(['areas'], 4),
    packs: new VersionedMemo(['packs'], 4),
    evaluations: new VersionedMemo(['packs', 'areas', 'indicator_values'], 200),
    enterpriseSearches: new VersionedMemo(['registry', 'permissions', 'areas'], 500),
    enterprises: new VersionedMemo(['registry', 'permissions', 'areas'], 2_000),
  };
}

/** The area tree, as cached for the counters this request read. */
export function cachedAreaTree(context: ServerContext, request: FastifyRequest): Promise<AreaTree> {
  return context.caches.areaTree.get(request.changeVersions, 'tree', () => findAreaTree(context.database.db));
}

/** Every current pack, as cached for the counters this request read. */
export function cachedPacks(context: ServerContext, request: FastifyRequest): Promise<PolicyPack[]> {
  return context.caches.packs.get(request.changeVersions, 'all', () => findPacks(context.database.db));
}
