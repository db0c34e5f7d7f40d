import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The `?clause=N` filter of the list pages, set by the "cited by" links under a clause so that
 * the document can point at exactly the targets, tasks or incentives that cite it.
 */
export function useClauseFilter(): { clause: number | undefined; clear: () => void } {
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = searchParams.get('clause');
  const parsed = raw === null ? Number.NaN : Number(raw);
  const clause = Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
  const clear = useCallback(() => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      next.delete('clause');
      return next;
    });
  }, [setSearchParams]);
  return { clause, clear };
}
