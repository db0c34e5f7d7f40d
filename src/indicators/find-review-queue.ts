import type { Actor, PermissionTable } from '../accounts/index.ts';
import { findAreaTree, type AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { findPacks, indicatorsOf } from '../policy/index.ts';
import { measurementOf } from './exact-number.ts';
import type { QueueCounts, QueueItem, QueueKind, ReviewLevel, ReviewQueue } from './indicator-contract.ts';
import { findReportingCalendar } from './reporting-calendar.ts';
import { findValuesInStatus, type ValueRow } from './value-repository.ts';
import { valueScopeOf } from './value-scope.ts';
import { isDesignatedReviewer } from './value-workflow.ts';

interface QueueOptions {
  actor: Actor;
  permissions: PermissionTable;
  now: Date;
}

/**
 * The work queues (queues before searches): 待审核 (`review`) — submitted values waiting at a
 * level the caller reviews (a city leader: its counties' values at city level; the coordinator:
 * values at region level) — and 已退回 (`returned`) — returned values of the areas where the
 * caller enters values, with the reason. Read within the caller's scope in the query itself.
 * The counts of both, and of the reporting calendar, come with the answer.
 */
export async function findReviewQueue(db: DatabaseOrTransaction, kind: QueueKind, options: QueueOptions): Promise<ReviewQueue> {
  const tree = await findAreaTree(db);
  const [review, returned, calendar, packs] = await Promise.all([reviewRows(db, tree, options), returnedRows(db, tree, options), findReportingCalendar(db, options), findPacks(db)]);
  const indicators = indicatorsOf(packs);
  const nameOf = (code: string) => indicators.find((indicator) => indicator.code === code)?.name ?? code;
  const rows = kind === 'review' ? review : returned;
  return {
    kind,
    items: rows.map((row) => presentQueueItem(row, nameOf(row.indicator), tree.find(row.org)?.name ?? row.org)),
    counts: countsOf(review.length, returned.length, calendar.items),
  };
}

/** The counts alone, for the menu's badge and the workbench. */
export async function findQueueCounts(db: DatabaseOrTransaction, options: QueueOptions): Promise<QueueCounts> {
  const tree = await findAreaTree(db);
  const [review, returned, calendar] = await Promise.all([reviewRows(db, tree, options), returnedRows(db, tree, options), findReportingCalendar(db, options)]);
  return countsOf(review.length, returned.length, calendar.items);
}

async function reviewRows(db: DatabaseOrTransaction, tree: AreaTree, options: QueueOptions): Promise<ValueRow[]> {
  const { actor, permissions } = options;
  if (!permissions.holds(actor, 'indicators.approve')) return [];
  const rows = await findValuesInStatus(db, valueScopeOf(permissions.dataScopeOf(actor, 'indicators.approve'), tree), 'submitted');
  return rows.filter((row) => isDesignatedReviewer(permissions, actor, tree, row.org, levelOf(row)));
}

async function returnedRows(db: DatabaseOrTransaction, tree: AreaTree, options: QueueOptions): Promise<ValueRow[]> {
  const { actor, permissions } = options;
  if (!permissions.holds(actor, 'indicators.enter')) return [];
  return findValuesInStatus(db, valueScopeOf(permissions.dataScopeOf(actor, 'indicators.enter'), tree), 'returned');
}

function levelOf(row: ValueRow): ReviewLevel {
  return row.reviewLevel ?? 'region';
}

function countsOf(review: number, returned: number, calendar: readonly { state: 'due' | 'late' }[]): QueueCounts {
  return { review, returned, due: calendar.filter((item) => item.state === 'due').length, late: calendar.filter((item) => item.state === 'late').length };
}

function presentQueueItem(row: ValueRow, indicatorName: string, orgName: string): QueueItem {
  return {
    indicator: row.indicator,
    indicator_name: indicatorName,
    org: row.org,
    org_name: orgName,
    period: row.period,
    value: measurementOf(row.value),
    unit: row.unit,
    status: row.status,
    review_level: row.status === 'submitted' ? levelOf(row) : null,
    submitted_by: row.submittedBy,
    submitted_at: row.submittedAt?.toISOString() ?? null,
    returned_by: row.status === 'returned' ? row.returnedBy : null,
    returned_at: row.status === 'returned' ? (row.returnedAt?.toISOString() ?? null) : null,
    reason: row.status === 'returned' ? row.returnReason : null,
    updated_at: row.updatedAt.toISOString(),
  };
}
