import type { AreaValue, ResolvedValue } from '../../api/types.ts';

export type Coverage = NonNullable<ResolvedValue['coverage']>;

/**
 * How many child areas have a value. The server reports it where a sum was attempted; for the
 * parent row of the drill-down table it follows from the children listed beside it too (a city
 * whose counties have no data at all: 0/5), so the table never leaves the reader guessing.
 */
export function coverageOf(row: AreaValue, children?: readonly AreaValue[]): Coverage | undefined {
  if (row.coverage) return row.coverage;
  if (!children || children.length === 0) return undefined;
  const missing = children.filter((child) => child.value === null).map((child) => child.org);
  return { with_value: children.length - missing.length, total: children.length, missing };
}
