import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The area and as-of year of the dashboard and the evaluation, kept in the address (?org=&as_of=)
 * so that a view can be linked and survives a reload. Undefined: the server's default (the pack's
 * region; its end year).
 */
export function useEvaluationSearch() {
  const [searchParams, setSearchParams] = useSearchParams();
  const org = searchParams.get('org') ?? undefined;
  const asOfText = searchParams.get('as_of');
  const asOf = asOfText !== null && /^\d{4}$/.test(asOfText) ? Number(asOfText) : undefined;
  const set = useCallback(
    (next: { org?: string | undefined; asOf?: number | undefined }) => {
      setSearchParams(
        (current) => {
          const params = new URLSearchParams(current);
          if ('org' in next) {
            if (next.org === undefined) params.delete('org');
            else params.set('org', next.org);
          }
          if ('asOf' in next) {
            if (next.asOf === undefined) params.delete('as_of');
            else params.set('as_of', String(next.asOf));
          }
          return params;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );
  return { org, asOf, set };
}
