/** The supervision pages (督查督办). */
export const supervisionPaths = {
  overview: '/supervision',
  workbench: '/supervision/workbench',
  review: '/supervision/review',
  notices: '/supervision/notices',
  assessment: '/supervision/assessment',
  measure: (id: string) => `/supervision/measures/${encodeURIComponent(id)}`,
  /** One cycle of a measure; `as` names the assignee whose report the caller fills in (`unit:finance-department`). */
  cycle: (id: string, period: string, as?: { kind: string; id: string }) =>
    `/supervision/measures/${encodeURIComponent(id)}/cycles/${encodeURIComponent(period)}${as ? `?as=${encodeURIComponent(`${as.kind}:${as.id}`)}` : ''}`,
} as const;

/** Which supervision menu entry a path belongs to (undefined outside /supervision); a cycle opened for one's own report belongs to the workbench. */
export function supervisionMenuKey(pathname: string, search = ''): string | undefined {
  if (pathname.startsWith('/supervision/measures/') && new URLSearchParams(search).has('as')) return 'supervision-workbench';
  if (pathname === supervisionPaths.workbench) return 'supervision-workbench';
  if (pathname === supervisionPaths.review) return 'supervision-review';
  if (pathname === supervisionPaths.notices) return 'supervision-notices';
  if (pathname === supervisionPaths.assessment) return 'supervision-assessment';
  if (pathname === supervisionPaths.overview || pathname.startsWith(`${supervisionPaths.overview}/`)) return 'supervision-overview';
  return undefined;
}
