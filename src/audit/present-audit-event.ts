import type { ScopeNames } from '../accounts/index.ts';
import type { AuditEvent } from './audit-contract.ts';
import { auditActionLabel, auditDetails, auditEntityLabel } from './audit-labels.ts';
import type { AuditRow } from './audit-repository.ts';

/** The account ids an event names (its actor, and the account it changed): their names are looked up at once. */
export function accountIdsOf(rows: readonly AuditRow[]): string[] {
  return rows.flatMap((row) => [...(row.actorId ? [row.actorId] : []), ...(row.entityType === 'account' && row.entityId ? [row.entityId] : [])]);
}

/**
 * What leaves the server about an audit row: every column, named as in the table, so that the
 * administrator can re-check a row's hash by hand from what the page or the export shows; and,
 * beside them, the same row in words (action and entity named, actor by name, details labelled).
 */
export function presentAuditEvent(row: AuditRow, displayNames: ReadonlyMap<string, string> = new Map(), scopeNames?: ScopeNames): AuditEvent {
  return {
    seq: row.seq,
    occurred_at: row.occurredAt.toISOString(),
    actor_id: row.actorId,
    actor_username: row.actorUsername,
    actor_role: row.actorRole,
    action: row.action,
    entity_type: row.entityType,
    entity_id: row.entityId,
    before: row.before,
    after: row.after,
    outcome: row.outcome,
    request_id: row.requestId,
    client_ip: row.clientIp,
    hash_algorithm: row.hashAlgorithm,
    prev_hash: row.prevHash,
    hash: row.hash,
    action_label: auditActionLabel(row.action),
    entity_label: auditEntityLabel(row.entityType),
    actor_name: (row.actorId ? displayNames.get(row.actorId) : undefined) ?? row.actorUsername,
    entity_name: row.entityType === 'account' && row.entityId ? (displayNames.get(row.entityId) ?? null) : null,
    details: auditDetails(row.before, row.after, scopeNames),
  };
}
