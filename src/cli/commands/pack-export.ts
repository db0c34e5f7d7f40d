import { preparePlatform, type PlatformOptions } from '../../platform/index.ts';
import { getPack, presentPackExport } from '../../policy/index.ts';
import { exitCodes, type Output } from '../output.ts';

/** `kechuang pack export PACK_ID --json`: the normalised pack as stored (contracts §4). */
export async function packExport(packId: string, options: PlatformOptions, output: Output): Promise<number> {
  const database = await preparePlatform(options);
  try {
    const pack = await getPack(database.db, packId);
    output.out(JSON.stringify(presentPackExport(pack), null, 2));
    return exitCodes.ok;
  } finally {
    await database.close();
  }
}
