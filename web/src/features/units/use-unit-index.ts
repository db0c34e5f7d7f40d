import { useMemo } from 'react';
import { useUnits } from '../../api/queries.ts';
import type { Unit } from '../../api/types.ts';

/** The pack's units by id, for turning the ids in tasks and measures into names. */
export function useUnitIndex(packId: string): { units: Unit[]; byId: Map<string, Unit>; isLoading: boolean } {
  const query = useUnits(packId);
  const units = query.data?.units;
  const byId = useMemo(() => new Map((units ?? []).map((unit) => [unit.id, unit])), [units]);
  return { units: units ?? [], byId, isLoading: query.isLoading };
}
