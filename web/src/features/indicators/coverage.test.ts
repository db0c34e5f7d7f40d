import { describe, expect, it } from 'vitest';
import type { AreaValue } from '../../api/types.ts';
import { coverageOf } from './coverage.ts';

const area = (org: string, value: number | null, extra: Partial<AreaValue> = {}): AreaValue => ({
  indicator: 'gdp',
  org,
  period: '2020',
  value,
  kind: value === null ? null : 'published',
  qualifier: 'exact',
  source: null,
  name: org,
  level: 'county',
  has_children: false,
  ...extra,
});

describe('coverageOf', () => {
  it('takes the server’s coverage where it made one', () => {
    const coverage = { with_value: 4, total: 5, missing: ['640500'] };
    expect(coverageOf(area('640000', 3920.55, { coverage }), [])).toBe(coverage);
  });

  it('counts the children listed when the server had nothing to sum', () => {
    expect(coverageOf(area('640400', 352.46), [area('640402', null), area('640422', null)])).toEqual({ with_value: 0, total: 2, missing: ['640402', '640422'] });
  });

  it('says nothing for an area without children', () => {
    expect(coverageOf(area('640402', null))).toBeUndefined();
  });
});
