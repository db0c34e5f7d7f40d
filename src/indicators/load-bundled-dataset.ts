import { readFileSync } from 'node:fs';
import { systemActor, noOrigin } from '../accounts/index.ts';
import type { PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import type { Indicator } from '../policy/index.ts';
import { assertImportSucceeded, importIndicatorValues } from './import-indicator-values.ts';
import { readValueFile } from './read-value-file.ts';
import { countValues } from './value-repository.ts';

/** The pack whose indicator codes the bundled figures use; without it they are not loaded. */
export const bundledDatasetPack = 'ningxia-2022-st-action';

/** In load order: the first-published figures, then the current (revised) ones. */
const bundledFiles = ['ningxia-first-published-values.csv', 'ningxia-published-values.csv'];

/**
 * Loads Ningxia's published figures on a platform that has no indicator value yet. Returns the
 * number of values written (0 when there was data already). `now` stamps the values; start-up
 * gives none and the load is stamped with the moment it runs.
 */
export async function loadBundledDataset(db: DatabaseOrTransaction, context: { indicators: readonly Indicator[]; tree: AreaTree; permissions: PermissionTable; now?: Date }): Promise<number> {
  const now = context.now ?? new Date();
  if ((await countValues(db)) > 0) return 0;
  let written = 0;
  for (const name of bundledFiles) {
    const rows = await readValueFile(name, readFileSync(new URL(`./data/${name}`, import.meta.url)));
    // Published figures as their publishers gave them: a year-on-year jump among them is the publisher's word.
    const report = await importIndicatorValues(db, name, rows, { ...context, comment: '随平台附带的已公布数据' }, { actor: systemActor, permissions: context.permissions, origin: noOrigin, valueOrigin: 'bundled', now });
    assertImportSucceeded(report);
    written += report.inserted + report.revised;
  }
  return written;
}
