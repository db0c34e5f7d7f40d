import type { Actor, PermissionTable } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import type { ValueHistory } from './indicator-contract.ts';
import { presentValueRevision } from './present-value-row.ts';
import { findValueRevisions } from './value-repository.ts';

/**
 * The revisions of one value that the caller may see. Published figures get revised, and both
 * stay visible. Submitted (unreviewed) revisions and who entered them are seen only by those who
 * may enter or approve values for the area; everyone else, the public included, sees the
 * approved revisions without any username.
 */
export async function findValueHistory(
  db: DatabaseOrTransaction,
  key: { indicator: string; org: string; period: string },
  options: { actor: Actor | null; permissions: PermissionTable },
): Promise<ValueHistory> {
  const tree = await findAreaTree(db);
  const resource = { orgCode: key.org };
  const mayReview = options.permissions.canOn(options.actor, 'indicators.enter', resource, tree) || options.permissions.canOn(options.actor, 'indicators.approve', resource, tree);
  const rows = await findValueRevisions(db, key, mayReview ? 'reviewable' : 'approved');
  return { history: rows.map((row) => presentValueRevision(row, mayReview)) };
}
