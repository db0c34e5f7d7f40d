import { measurementOf } from './exact-number.ts';
import type { EntryValue, ValueRevision } from './indicator-contract.ts';
import type { CommentRow, RevisionRow, ValueRow } from './value-repository.ts';

/**
 * A value of the entry sheet, every status, with who last changed it (reviewers only see these),
 * the level that reviews it next, why it was returned, and whether the caller may review it now.
 */
export function presentEntryValue(row: ValueRow, canReview: boolean, comments: readonly CommentRow[] = []): EntryValue {
  return {
    indicator: row.indicator,
    value: measurementOf(row.value),
    unit: row.unit,
    entered_value: measurementOf(row.enteredValue),
    entered_unit: row.enteredUnit,
    qualifier: row.qualifier,
    source: row.source,
    status: row.status,
    revision: row.revision,
    origin: row.origin,
    updated_by: row.updatedBy,
    updated_at: row.updatedAt.toISOString(),
    review_level: row.status === 'submitted' ? (row.reviewLevel ?? 'region') : null,
    submitted_by: row.submittedBy,
    submitted_at: row.submittedAt?.toISOString() ?? null,
    returned: row.status === 'returned' && row.returnedAt ? { by: row.returnedBy, at: row.returnedAt.toISOString(), reason: row.returnReason ?? '' } : null,
    can_review: canReview,
    comments: comments.filter((comment) => comment.valueId === row.id).map((comment) => ({ action: comment.action, level: comment.level, body: comment.body, author: comment.author, at: comment.createdAt.toISOString() })),
  };
}

/** One revision of a value; who made it only when `withUsername` (reviewers of the area). */
export function presentValueRevision(row: RevisionRow, withUsername: boolean): ValueRevision {
  return {
    revision: row.revision,
    change: row.change,
    value: measurementOf(row.value),
    unit: row.unit,
    qualifier: row.qualifier,
    source: row.source,
    status: row.status,
    origin: row.origin,
    changed_by: withUsername ? row.changedBy : null,
    changed_at: row.changedAt.toISOString(),
  };
}
