import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { indicatorsOf, findPacks, qualityRulesOf } from '../policy/index.ts';
import { importIndicatorValues } from './import-indicator-values.ts';
import type { IndicatorCommandOptions } from './indicator-command-options.ts';
import type { ImportReport } from './indicator-contract.ts';
import { readValueFile } from './read-value-file.ts';

/**
 * Imports an uploaded value file (CSV or the first sheet of an .xlsx) against every indicator
 * of the loaded packs and every area: all or nothing, or only checked with `dryRun`.
 */
export async function importValueFile(db: DatabaseOrTransaction, file: { name: string; content: Buffer }, options: IndicatorCommandOptions & { dryRun: boolean; comment?: string }): Promise<ImportReport> {
  options.permissions.assertCan(options.actor, 'indicators.import');
  const rows = await readValueFile(file.name, file.content);
  const packs = await findPacks(db);
  const context = { indicators: indicatorsOf(packs), rules: qualityRulesOf(packs), tree: await findAreaTree(db), comment: options.comment };
  return importIndicatorValues(db, file.name, rows, context, options);
}
