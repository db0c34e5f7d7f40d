import { writeFileSync } from 'node:fs';
import { noOrigin, systemActor, createDemoAccounts, formatDemoAccounts, type DemoAccount, loadPermissionTable, seedPermissions } from '../accounts/index.ts';
import { actionCatalog } from './action-catalog.ts';
import { countAreas, syncAreas, AreaTree, areaEdition, loadBundledAreas, loadBundledZones } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { bundledDatasetPack, loadBundledDataset } from '../indicators/index.ts';
import { indicatorsOf, bundledPacksDir, loadPacks, formatPackProblem, syncPacks } from '../policy/index.ts';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from '../db/index.ts';
import { isRegistryEmpty, loadDemoRegistry } from '../registry/index.ts';
import { AppError } from '../shared/index.ts';
import { seedDemoReports, seedSupervision } from '../supervision/index.ts';
import { seedIndexDemoValues } from './innovation-index-demo.ts';

export interface PlatformOptions extends DatabaseOptions {
  packsDir?: string | undefined;
  /**
   * Demo mode: when the platform has no account yet, create one per role and write their
   * passwords to this file. Never set in production (NODE_ENV=production).
   */
  demoAccountsFile?: string | undefined;
  /**
   * Demo mode: when the registry is empty, fill it with a synthetic one of this many enterprises
   * (labelled synthetic everywhere), so that the registry pages show something on first start.
   */
  demoRegistryEnterprises?: number | undefined;
}

export interface PreparedPlatform extends DatabaseHandle {
  /** The demo accounts created by this start (empty unless demo mode created them now). */
  demoAccounts: DemoAccount[];
}

/**
 * Everything the platform needs before it serves: the packs read and checked (a broken pack
 * stops start-up here, before the database is touched), the schema migrated, and the bundled
 * areas and packs stored.
 */
export async function preparePlatform(options: PlatformOptions): Promise<PreparedPlatform> {
  const areas = loadBundledAreas();
  const loaded = loadPacks(options.packsDir ?? bundledPacksDir, { areaCodes: new Set(areas.map((area) => area.code)) });
  if (!loaded.ok) {
    const lines = loaded.problems.map(formatPackProblem);
    throw new AppError('invalid_pack', `政策包有 ${lines.length} 处错误，平台未启动`, `the policy packs have ${lines.length} problem(s); the platform was not started`, lines);
  }
  const handle = await openDatabase(options);
  try {
    const hadAreas = (await countAreas(handle.db)) > 0;
    await syncAreas(handle.db, { areas, zones: loadBundledZones(), edition: areaEdition });
    if (!hadAreas) await recordAuditEvent(handle.db, { actor: systemActor, action: 'areas.load', entityType: 'areas', entityId: null, after: { edition: areaEdition, areas: areas.length }, origin: noOrigin });
    const outcomes = await syncPacks(handle.db, loaded.packs);
    for (const [packId, outcome] of outcomes) {
      if (outcome !== 'unchanged') await recordAuditEvent(handle.db, { actor: systemActor, action: `pack.${outcome === 'inserted' ? 'load' : 'reload'}`, entityType: 'policy_pack', entityId: packId, after: { version: loaded.packs.find((pack) => pack.metadata.id === packId)?.metadata.version }, origin: noOrigin });
    }
    if (await seedPermissions(handle.db, actionCatalog)) {
      await recordAuditEvent(handle.db, { actor: systemActor, action: 'permission.seed', entityType: 'permission', entityId: null, after: { rows: (await loadPermissionTable(handle.db)).rows.length }, origin: noOrigin });
    }
    const permissions = await loadPermissionTable(handle.db);
    // Supervision (督查督办): every pack's measures and their assignees, idempotently.
    await seedSupervision(handle.db, loaded.packs, new AreaTree(areas));
    if (loaded.packs.some((pack) => pack.metadata.id === bundledDatasetPack)) {
      await loadBundledDataset(handle.db, { indicators: indicatorsOf(loaded.packs), tree: new AreaTree(areas), permissions });
    }
    let demoAccounts: DemoAccount[] = [];
    if (options.demoAccountsFile) {
      demoAccounts = await createDemoAccounts(handle.db, permissions);
      if (demoAccounts.length > 0) writeFileSync(options.demoAccountsFile, formatDemoAccounts(demoAccounts), { mode: 0o600 });
      // Something for the demo unit and area accounts to see in supervision (labelled 演示数据).
      if (demoAccounts.length > 0) await seedDemoReports(handle.db);
      // Cities' and counties' values for the innovation index to rank (sources marked 【演示数据】).
      if (demoAccounts.length > 0) await seedIndexDemoValues(handle.db, { permissions, now: new Date() });
    }
    if (options.demoRegistryEnterprises && (await isRegistryEmpty(handle.db))) {
      const enterprises = options.demoRegistryEnterprises;
      await loadDemoRegistry(handle.db, { enterprises, platforms: Math.round(enterprises / 10), contracts: enterprises }, { tree: new AreaTree(areas), permissions });
    }
    return { ...handle, demoAccounts };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
