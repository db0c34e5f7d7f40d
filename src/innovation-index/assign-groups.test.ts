import { describe, expect, it } from 'vitest';
import { assignGroups } from './assign-groups.ts';

const NaN_ = Number.NaN;

describe('assignGroups', () => {
  it('groups by the ratio to the reference: strictly above each threshold, the reference itself unclassified', () => {
    const groups = [
      { id: 'leader', name: { zh: '领先', en: 'leader' }, above: 1.25 },
      { id: 'strong', name: { zh: '强', en: 'strong' }, above: 1 },
      { id: 'moderate', name: { zh: '中', en: 'moderate' }, above: 0.7 },
      { id: 'emerging', name: { zh: '新兴', en: 'emerging' }, above: null },
    ];
    const scores = Float64Array.from([3, 2.5, 2.2, 1.5, 1, 2, NaN_]);
    const reference = Float64Array.from(scores, () => 2);
    const isReference = [false, false, false, false, false, true, false];
    expect(assignGroups(scores, reference, isReference, groups)).toEqual(['leader', 'strong', 'strong', 'moderate', 'emerging', null, null]);
  });
});
