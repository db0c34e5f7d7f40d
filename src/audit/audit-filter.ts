import { AppError } from '../shared/index.ts';
import type { AuditFilterQuery } from './audit-contract.ts';

/** What the audit administrator filters the log by (the page and the export alike). */
export interface AuditFilter {
  /** A username, or the beginning of one (case-insensitive: usernames are stored lower-cased). */
  actor?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  outcome?: 'success' | 'failure' | 'denied' | undefined;
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive, so that consecutive ranges neither overlap nor leave a gap. */
  to?: Date | undefined;
}

/** An empty or reversed range is a mistake worth naming, rather than an empty page. */
export function assertTimeRange(filter: AuditFilter): void {
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw new AppError('bad_request', '起始时间须早于结束时间', '"from" must be earlier than "to"', [{ field: 'from', message: 'must be earlier than "to"' }]);
  }
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const dayMs = 24 * 3_600_000;

/**
 * The start of a Beijing calendar day. Beijing keeps UTC+8 all year (no daylight saving since
 * 1991), so the offset is fixed.
 */
export function startOfBeijingDay(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/**
 * The filter of an HTTP query: days are Beijing calendar days, both included (`to` becomes the
 * start of the next Beijing day, exclusive); instants are taken as they are.
 */
export function auditFilterOf(query: AuditFilterQuery): AuditFilter {
  const from = query.from === undefined ? undefined : dayPattern.test(query.from) ? startOfBeijingDay(query.from) : new Date(query.from);
  const to = query.to === undefined ? undefined : dayPattern.test(query.to) ? new Date(startOfBeijingDay(query.to).getTime() + dayMs) : new Date(query.to);
  return {
    actor: query.actor,
    entityType: query.entity_type,
    entityId: query.entity_id,
    action: query.action,
    outcome: query.outcome,
    from,
    to,
  };
}
