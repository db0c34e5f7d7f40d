import { measurementOf } from './exact-number.ts';
import type { EntryValue, ValueRevision } from './indicator-contract.ts';
import type { RevisionRow, ValueRow } from './value-repository.ts';

/** A value of the entry sheet, every status, with who last changed it (reviewers only see these). */
export function presentEntryValue(row: ValueRow): EntryValue {
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
