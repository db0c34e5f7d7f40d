import type { AuditEvent } from './audit-contract.ts';
import type { AuditRow } from './audit-repository.ts';

/**
 * What leaves the server about an audit row: every column, named as in the table, so that the
 * administrator can re-check a row's hash by hand from what the page or the export shows.
 */
export function presentAuditEvent(row: AuditRow): AuditEvent {
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
  };
}
