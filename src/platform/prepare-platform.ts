import { syncAreas } from '../areas/area-repository.ts';
import { areaEdition, loadBundledAreas, loadBundledZones } from '../areas/load-areas.ts';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from '../db/open-database.ts';
import { bundledPacksDir, loadPacks } from '../policy/load-pack.ts';
import { formatPackProblem } from '../policy/pack-problem.ts';
import { syncPacks } from '../policy/pack-repository.ts';
import { AppError } from '../shared/app-error.ts';

export interface PlatformOptions extends DatabaseOptions {
  packsDir?: string | undefined;
}

/**
 * Everything the platform needs before it serves: the packs read and checked (a broken pack
 * stops start-up here, before the database is touched), the schema migrated, and the bundled
 * areas and packs stored.
 */
export async function preparePlatform(options: PlatformOptions): Promise<DatabaseHandle> {
  const areas = loadBundledAreas();
  const loaded = loadPacks(options.packsDir ?? bundledPacksDir, { areaCodes: new Set(areas.map((area) => area.code)) });
  if (!loaded.ok) {
    const lines = loaded.problems.map(formatPackProblem);
    throw new AppError('invalid_pack', `政策包有 ${lines.length} 处错误，平台未启动`, `the policy packs have ${lines.length} problem(s); the platform was not started`, lines);
  }
  const handle = await openDatabase(options);
  try {
    await syncAreas(handle.db, { areas, zones: loadBundledZones(), edition: areaEdition });
    await syncPacks(handle.db, loaded.packs);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
