import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { notFound } from '../shared/index.ts';
import type { YearsWithData } from './indicator-contract.ts';
import { findYearsWithApprovedValues } from './value-repository.ts';

/**
 * The years that have published (approved) data for an area and the areas under it, optionally
 * for some indicators only, newest first: every year picker opens on the latest of them rather
 * than on the current year, where nothing is published yet. Public, like the values themselves.
 */
export async function findYearsWithData(db: DatabaseOrTransaction, query: { org?: string | undefined; indicators?: readonly string[] | undefined }): Promise<YearsWithData> {
  let orgs: string[] | undefined;
  if (query.org !== undefined) {
    const tree = await findAreaTree(db);
    if (!tree.find(query.org)) throw notFound('行政区划', 'Area', query.org);
    orgs = tree.subtreeOf(query.org).map((area) => area.code);
  }
  const years = await findYearsWithApprovedValues(db, { ...(orgs ? { orgs } : {}), ...(query.indicators && query.indicators.length > 0 ? { indicators: query.indicators } : {}) });
  return { org: query.org ?? null, years, latest_year_with_data: years[0] ?? null };
}
