import { createTestAccounts } from './accounts.ts';
import type { DatabaseTarget } from './databases.ts';
import { noOrigin, systemActor, type Actor } from '../src/accounts/actor.ts';
import { loadPermissionTable } from '../src/accounts/permission-repository.ts';
import type { PermissionTable } from '../src/accounts/permissions.ts';
import { actorOf } from '../src/accounts/sessions.ts';
import { findUserByUsername } from '../src/accounts/user-repository.ts';
import { findAreaTree } from '../src/areas/area-repository.ts';
import type { AreaTree } from '../src/areas/area-tree.ts';
import type { DatabaseHandle } from '../src/db/open-database.ts';
import { preparePlatform } from '../src/platform/prepare-platform.ts';
import { importRegistry, type RegistryImportReport } from '../src/registry/import-registry.ts';
import type { RegistryCaller } from '../src/registry/registry-scope.ts';
import type { RegistryKind } from '../src/registry/registry-vocabulary.ts';
import { readTableFile } from '../src/shared/read-table-file.ts';

/** The registry suites' day: from midday in Beijing on 30 June 2025. */
export const registryTestNow = new Date('2025-06-30T12:00:00+08:00');

export interface RegistryTestPlatform {
  platform: DatabaseHandle;
  tree: AreaTree;
  permissions: PermissionTable;
  /** The suite's clock when it started (the day stays 30 June 2025). */
  now: Date;
  /** The test account of that name (test/accounts.ts), as the use cases see it. */
  actor(username: string): Promise<Actor>;
  /** The same account as a caller of the registry's use cases (`system`: the system itself), with the suite's clock. */
  caller(username: string | 'system'): Promise<RegistryCaller & { actor: Actor; origin: typeof noOrigin }>;
  /** Imports a registry file given as CSV text, as the operator would. */
  load(kind: RegistryKind, csv: string, options?: { actor?: Actor; dryRun?: boolean }): Promise<RegistryImportReport>;
  close(): Promise<void>;
}

/** A platform with the fixture packs and the test accounts, for the registry suites. */
export async function openRegistryTestPlatform(target: DatabaseTarget): Promise<RegistryTestPlatform> {
  const created = await target.create();
  const platform = await preparePlatform({ ...created.options, packsDir: new URL('../src/policy/fixtures', import.meta.url).pathname });
  await createTestAccounts(platform.db);
  const tree = await findAreaTree(platform.db);
  const permissions = await loadPermissionTable(platform.db);
  const now = registryTestNow;
  // Each use of the clock is a second later than the one before, as on a real one: a change and
  // the change after it never share their time (an edit's conflict check compares them).
  let ticks = 0;
  const tick = () => new Date(now.getTime() + 1000 * ticks++);
  const actor = async (username: string) => actorOf((await findUserByUsername(platform.db, username))!);
  return {
    platform,
    tree,
    permissions,
    now,
    actor,
    caller: async (username) => ({ actor: username === 'system' ? systemActor : await actor(username), permissions, tree, now: tick(), origin: noOrigin }),
    load: async (kind, csv, options = {}) =>
      importRegistry(platform.db, kind, `${kind}.csv`, await readTableFile(`${kind}.csv`, Buffer.from(csv)), { tree, actor: options.actor ?? systemActor, permissions, origin: noOrigin, now: tick(), dryRun: options.dryRun ?? false }),
    close: async () => {
      await platform.close();
      await created.drop();
    },
  };
}
