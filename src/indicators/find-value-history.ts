import type { Actor } from '../accounts/actor.ts';
import type { PermissionTable } from '../accounts/permissions.ts';
import type { AreaTree } from '../areas/area-tree.ts';
import type { DatabaseOrTransaction } from '../db/open-database.ts';
import { findValueHistory as findRevisions } from './value-repository.ts';

/**
 * The revisions of one value that the caller may see. Published figures get revised, and both
 * stay visible. Submitted (unreviewed) revisions and who entered them are seen only by those who
 * may enter or approve values for the area; everyone else, the public included, sees the
 * approved revisions without any username.
 */
export async function findValueHistory(
  db: DatabaseOrTransaction,
  key: { indicator: string; org: string; period: string },
  options: { actor: Actor | null; permissions: PermissionTable; tree: AreaTree },
) {
  const resource = { orgCode: key.org };
  const mayReview = options.permissions.canOn(options.actor, 'indicators.enter', resource, options.tree) || options.permissions.canOn(options.actor, 'indicators.approve', resource, options.tree);
  const rows = await findRevisions(db, key, mayReview ? 'reviewable' : 'approved');
  return rows.map((row) => ({
    revision: row.revision,
    change: row.change,
    value: Number(row.value),
    unit: row.unit,
    qualifier: row.qualifier,
    source: row.source,
    status: row.status,
    origin: row.origin,
    changed_by: mayReview ? row.changedBy : null,
    changed_at: row.changedAt.toISOString(),
  }));
}
