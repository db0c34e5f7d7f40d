import type { ReportGenerators } from './report-generators.ts';
import { reportExpiry } from './report-retention.ts';
import type { ReportRow } from './report-repository.ts';
import type { Report } from './reports-contract.ts';

/** A report as the API shows it: everything but the file itself. */
export function presentReport(row: ReportRow, generators: ReportGenerators): Report {
  const generator = Object.hasOwn(generators, row.kind) ? generators[row.kind] : undefined;
  return {
    id: row.id,
    kind: row.kind,
    label: generator?.label ?? { zh: row.kind, en: row.kind },
    params: row.params,
    state: row.state,
    requested_by: row.requested_by_name,
    file_name: row.file_name,
    media_type: row.media_type,
    size: row.size,
    error: row.error,
    error_en: row.error_en,
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    finished_at: row.finished_at?.toISOString() ?? null,
    expires_at: row.finished_at ? reportExpiry(row.finished_at).toISOString() : null,
    attempts: row.attempts,
  };
}
