import { useYearsWithData } from '../../api/queries.ts';
import { initialYear } from './latest-year.ts';

/**
 * The year a year picker opens on (公布数据对比, 数据填报 …): the year in the address, else the
 * latest year with published data of the area (and the areas under it; of some indicators, if
 * named), else `fallback`. Undefined while the server is asked; it is not asked when the address
 * names a year.
 */
export function useLatestYear(options: { requested: string | null | undefined; org?: string | undefined; indicators?: readonly string[] | undefined; fallback: number }): number | undefined {
  const asked = initialYear(options.requested, { status: 'pending' }, options.fallback) === undefined;
  const query = useYearsWithData({ org: options.org, indicators: options.indicators }, asked);
  return initialYear(options.requested, { status: query.status, latest: query.data?.latest_year_with_data }, options.fallback);
}
