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
import type { RegistryKind } from '../src/registry/registry-kinds.ts';
import { readTableFile } from '../src/shared/read-table-file.ts';

export interface RegistryTestPlatform {
  platform: DatabaseHandle;
  tree: AreaTree;
  permissions: PermissionTable;
  /** The test account of that name (test/accounts.ts), as the use cases see it. */
  actor(username: string): Promise<Actor>;
  /** Imports a registry file given as CSV text, as the operator would. */
  load(kind: RegistryKind, csv: string): Promise<RegistryImportReport>;
  close(): Promise<void>;
}

/** A platform with the fixture packs and the test accounts, for the registry suites. */
export async function openRegistryTestPlatform(target: DatabaseTarget): Promise<RegistryTestPlatform> {
  const created = await target.create();
  const platform = await preparePlatform({ ...created.options, packsDir: new URL('../src/policy/fixtures', import.meta.url).pathname });
  await createTestAccounts(platform.db);
  const tree = await findAreaTree(platform.db);
  const permissions = await loadPermissionTable(platform.db);
  return {
    platform,
    tree,
    permissions,
    actor: async (username) => actorOf((await findUserByUsername(platform.db, username))!),
    load: async (kind, csv) => importRegistry(platform.db, kind, `${kind}.csv`, await readTableFile(`${kind}.csv`, Buffer.from(csv)), { tree, actor: systemActor, permissions, origin: noOrigin }),
    close: async () => {
      await platform.close();
      await created.drop();
    },
  };
}
