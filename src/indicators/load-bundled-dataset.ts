import { readFileSync } from 'node:fs';
import { systemActor, noOrigin } from '../accounts/index.ts';
import type { PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import type { Indicator } from '../policy/index.ts';
import { AppError, assertColumns, readTableFile } from '../shared/index.ts';
import { assertImportSucceeded, importIndicatorValues } from './import-indicator-values.ts';
import type { RawValueRow } from './read-value-file.ts';
import { formatCitation } from './source-citation.ts';
import { countValues, replaceSources } from './value-repository.ts';

/** The pack whose indicator codes the bundled figures use; without it they are not loaded. */
export const bundledDatasetPack = 'ningxia-2022-st-action';

/** In load order: the first-published figures, then the current (revised) ones. */
export const bundledFiles = ['ningxia-first-published-values.csv', 'ningxia-published-values.csv'];

/** The bundled files' columns: a value, then its citation in parts, then the editors' note (never loaded). */
export const bundledColumns = ['indicator', 'org', 'period', 'value', 'unit', 'qualifier', 'publisher', 'title', 'published_on', 'read_at_title', 'read_at_url', 'read_at_kind', 'editor_note'] as const;

/**
 * A bundled file's rows as an import reads them, each with its source as a reader cites it
 * (publication first, the page read second). The `editor_note` column is read by nobody: it
 * never reaches the database, a page or an export.
 */
export async function readBundledFile(name: string): Promise<RawValueRow[]> {
  const table = await readTableFile(name, readFileSync(new URL(`./data/${name}`, import.meta.url)));
  assertColumns(name, table, bundledColumns, bundledColumns);
  return table.rows.map((row) => {
    const cell = (column: (typeof bundledColumns)[number]) => row.cells[column] ?? '';
    const kind = cell('read_at_kind');
    if (kind !== 'official' && kind !== 'repost') throw new AppError('bad_request', `${name}:${row.line}：read_at_kind 应为 official 或 repost`, `${name}:${row.line}: read_at_kind must be official or repost`);
    return {
      line: row.line,
      indicator: cell('indicator'),
      org: cell('org'),
      period: cell('period'),
      value: cell('value'),
      unit: cell('unit'),
      qualifier: cell('qualifier'),
      source: formatCitation({ publisher: cell('publisher'), title: cell('title'), publishedOn: cell('published_on'), readAtTitle: cell('read_at_title'), readAtUrl: cell('read_at_url'), readAtKind: kind }),
    };
  });
}

/**
 * The free-text sources the bundled figures were first loaded with (editors' notes and all), row
 * for row in the order of `bundledFiles`: only to find them in a database loaded before the
 * citations, never shown.
 */
const sourcesBeforeCitations = 'ningxia-sources-before-citations.csv';

/**
 * Gives the bundled figures of a platform loaded before the citations their cited sources, in
 * the values and their revisions, where the text is still the one first loaded (a source someone
 * changed since is left alone). Returns how many values changed; nothing is written when none.
 */
export async function refreshBundledSources(db: DatabaseOrTransaction): Promise<number> {
  const current = (await Promise.all(bundledFiles.map((name) => readBundledFile(name)))).flat();
  const before = await readTableFile(sourcesBeforeCitations, readFileSync(new URL(`./data/${sourcesBeforeCitations}`, import.meta.url)));
  assertColumns(sourcesBeforeCitations, before, ['indicator', 'org', 'period', 'source'], ['indicator', 'org', 'period', 'source']);
  const replacements = before.rows.map((row, index) => {
    const now = current[index];
    const key = `${row.cells.indicator ?? ''}|${row.cells.org ?? ''}|${row.cells.period ?? ''}`;
    if (!now || `${now.indicator}|${now.org}|${now.period}` !== key) {
      throw new AppError('internal', `${sourcesBeforeCitations}:${row.line}：${key} 与附带数据的第 ${index + 1} 行不对应`, `${sourcesBeforeCitations}:${row.line}: ${key} is not row ${index + 1} of the bundled data`);
    }
    return { indicator: now.indicator, org: now.org, period: now.period, from: row.cells.source ?? '', to: now.source };
  });
  return replaceSources(db, 'bundled', replacements);
}

/**
 * Loads Ningxia's published figures on a platform that has no indicator value yet. Returns the
 * number of values written (0 when there was data already: then only the bundled figures' sources
 * of an older load are brought to their citations). `now` stamps the values; start-up gives none
 * and the load is stamped with the moment it runs.
 */
export async function loadBundledDataset(db: DatabaseOrTransaction, context: { indicators: readonly Indicator[]; tree: AreaTree; permissions: PermissionTable; now?: Date }): Promise<number> {
  const now = context.now ?? new Date();
  if ((await countValues(db)) > 0) {
    const cited = await refreshBundledSources(db);
    if (cited > 0) {
      await recordAuditEvent(db, { actor: systemActor, action: 'indicator_values.cite_sources', entityType: 'indicator_values', entityId: bundledDatasetPack, after: { values: cited }, origin: noOrigin });
    }
    return 0;
  }
  let written = 0;
  for (const name of bundledFiles) {
    const rows = await readBundledFile(name);
    // Published figures as their publishers gave them: a year-on-year jump among them is the publisher's word.
    const report = await importIndicatorValues(db, name, rows, { ...context, comment: '随平台附带的已公布数据' }, { actor: systemActor, permissions: context.permissions, origin: noOrigin, valueOrigin: 'bundled', now });
    assertImportSucceeded(report);
    written += report.inserted + report.revised;
  }
  return written;
}
