import { useCallback, useMemo } from 'react';
import { useClauses } from '../../api/queries.ts';
import { fallbackClauseLabel, printedLabel } from './clause-label.ts';

/** Clause number → printed label (七 → "（七）"), from the pack's clauses once they have loaded. */
export function useClauseLabels(packId: string): (clause: number) => string {
  const { data } = useClauses(packId);
  const labels = useMemo(
    () => new Map((data?.clauses ?? []).map((clause) => [clause.number, printedLabel(clause.label)])),
    [data],
  );
  return useCallback((clause: number) => labels.get(clause) ?? fallbackClauseLabel(clause), [labels]);
}
