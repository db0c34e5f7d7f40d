import type { TargetStatus } from '../../api/types.ts';

/** From best to worst, then no data: the order of the summary bar and of a sort by status. */
export const targetStatuses: readonly TargetStatus[] = ['achieved', 'on_track', 'at_risk', 'off_track', 'not_met', 'no_data', 'no_own_target'];

/** Shown in the summary even at zero; 未分解目标 only where an area has targets without its own value. */
export const alwaysCountedStatuses: readonly TargetStatus[] = ['achieved', 'on_track', 'at_risk', 'off_track', 'not_met', 'no_data'];

/**
 * One colour per status, everywhere (tags, progress bars, chart points): green achieved, blue on
 * track, orange at risk, red off track, dark red not met, grey no data, purple-grey no target of its own.
 */
export const statusColors: Record<TargetStatus, string> = {
  achieved: '#389e0d',
  on_track: '#1f5fbf',
  at_risk: '#d46b08',
  off_track: '#cf1322',
  not_met: '#820014',
  no_data: '#8c8c8c',
  no_own_target: '#6b5b95',
};

export function isTargetStatus(value: unknown): value is TargetStatus {
  return typeof value === 'string' && (targetStatuses as readonly string[]).includes(value);
}

/** How many targets are in each status, every status present (zero included). */
export function countByStatus(statuses: Iterable<TargetStatus>): Record<TargetStatus, number> {
  const counts = Object.fromEntries(targetStatuses.map((status) => [status, 0])) as Record<TargetStatus, number>;
  for (const status of statuses) counts[status] += 1;
  return counts;
}
