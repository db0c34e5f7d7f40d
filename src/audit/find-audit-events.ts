import { findDisplayNames, type Actor, type PermissionTable, type ScopeNames } from '../accounts/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { defaultAuditPageSize, maxAuditPageSize, type AuditEvent } from './audit-contract.ts';
import { assertTimeRange, type AuditFilter } from './audit-filter.ts';
import { countAuditRows, findAuditRows } from './audit-repository.ts';
import { accountIdsOf, presentAuditEvent } from './present-audit-event.ts';

export interface AuditEventFilter extends AuditFilter {
  /** Default 50, at most 500. */
  limit?: number | undefined;
  offset?: number | undefined;
}

/**
 * A page of the audit log for the audit administrator, newest first, with the number of events
 * the filter matches. `actor` matches a username or its beginning; `from` is inclusive, `to`
 * exclusive. Reading is not a change, so it is not itself audited (exporting is).
 *
 * @example
 * const { total, events } = await findAuditEvents(db, permissions, actor, { entityType: 'account', from: new Date('2025-01-01'), limit: 20 });
 */
export async function findAuditEvents(
  db: DatabaseOrTransaction,
  permissions: PermissionTable,
  actor: Actor | null,
  filter: AuditEventFilter,
  /** Area and unit names, so that details read 银川市（640100） rather than a code. */
  scopeNames?: ScopeNames,
): Promise<{ total: number; events: AuditEvent[] }> {
  permissions.assertCan(actor, 'audit.read');
  assertTimeRange(filter);
  const limit = Math.min(Math.max(Math.trunc(finite(filter.limit) ?? defaultAuditPageSize), 1), maxAuditPageSize);
  const offset = Math.max(Math.trunc(finite(filter.offset) ?? 0), 0);
  const [total, rows] = await Promise.all([countAuditRows(db, filter), findAuditRows(db, filter, { limit, offset })]);
  const names = await findDisplayNames(db, accountIdsOf(rows));
  return { total, events: rows.map((row) => presentAuditEvent(row, names, scopeNames)) };
}

function finite(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}
