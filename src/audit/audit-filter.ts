import { AppError } from '../shared/app-error.ts';

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
