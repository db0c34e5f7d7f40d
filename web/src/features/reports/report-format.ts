import type { Report } from './reports-api.ts';

/** A file's size for people: 512 B, 12.3 KB, 1.2 MB. */
export function formatFileSize(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Is the report still being made (the page polls while so)? */
export function isPending(report: Pick<Report, 'state'>): boolean {
  return report.state === 'queued' || report.state === 'running';
}
