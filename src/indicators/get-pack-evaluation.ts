import type { AreaTree } from '../areas/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { getPack } from '../policy/index.ts';
import type { PolicyPack } from '../policy/index.ts';
import { evaluatePack, type PackEvaluation } from './evaluate-pack.ts';

/**
 * A pack's targets evaluated for one area (the pack's region unless named) as of a year (the
 * pack's last year unless named), with the pack and the area tree the answer's presenters need.
 * 404 for an unknown pack or area.
 */
export async function getPackEvaluation(db: DatabaseOrTransaction, packId: string, options: { org?: string | undefined; asOf?: number | undefined }): Promise<{ pack: PolicyPack; tree: AreaTree; evaluation: PackEvaluation }> {
  const pack = await getPack(db, packId);
  const tree = await findAreaTree(db);
  const evaluation = await evaluatePack(db, pack, tree, { ...(options.org ? { org: options.org } : {}), ...(options.asOf ? { asOf: options.asOf } : {}) });
  return { pack, tree, evaluation };
}
