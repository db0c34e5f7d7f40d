import type { PolicyPack, Target } from '../policy/index.ts';
import type { AreaTargetRow } from './area-target-repository.ts';
import type { TargetSource } from './evaluate-target.ts';

/** An area's own value of a target and where it comes from. */
export interface OwnTarget {
  value: number;
  source: TargetSource;
}

/**
 * The target an area is judged against, if it has one: the pack's target for the area it
 * applies to (the region unless the target names another); for any other area, the coordinator's
 * value (area_targets) or else the pack's breakdown. Undefined: the area has no target of its own,
 * and is never judged against the regional one.
 */
export function ownTargetOf(pack: PolicyPack, target: Target, org: string, rows: readonly AreaTargetRow[]): OwnTarget | 'region' | undefined {
  if (org === (target.org ?? pack.metadata.region)) return 'region';
  if (target.benchmark_org !== undefined) return undefined;
  const row = rows.find((candidate) => candidate.targetId === target.id && candidate.org === org);
  if (row) {
    return {
      value: Number(row.value),
      source: { kind: 'coordinator', clause: null, text: null, set_by: row.setBy, set_at: row.setAt.toISOString(), note: row.note },
    };
  }
  const part = target.breakdown?.find((candidate) => candidate.org === org);
  if (part) return { value: part.value, source: { kind: 'pack_breakdown', clause: part.clause ?? null, text: part.source, set_by: null, set_at: null, note: part.interpretation ?? null } };
  return undefined;
}
