import { describe, expect, it } from 'vitest';
import type { IndexUnit } from './index-model.ts';
import { imputeMissing } from './impute-missing.ts';

const NaN_ = Number.NaN;
const unit = (code: string, group: string | null = null): IndexUnit => ({ code, name: { zh: code, en: code }, group });

describe('imputeMissing', () => {
  // five units, one year, one indicator: A, B, E in group g1; C in g2 (no value); D without a group
  const units = [unit('A', 'g1'), unit('B', 'g1'), unit('C', 'g2'), unit('D'), unit('E', 'g1')];
  const values = Float64Array.from([NaN_, 4, NaN_, NaN_, 6]);

  it('group_mean: the mean of the same year’s units in the same group; no group value or no group stays missing', () => {
    const { values: out, changes } = imputeMissing(values, 1, units, 1, 'group_mean');
    expect(Array.from(out)).toEqual([5, 4, NaN_, NaN_, 6]);
    expect(changes).toEqual([{ row: 0, indicator: 0, from: null, to: 5, reason: 'imputed_group_mean' }]);
  });

  it('mean: the mean of every unit that year', () => {
    const { values: out, changes } = imputeMissing(values, 1, units, 1, 'mean');
    expect(Array.from(out)).toEqual([5, 4, 5, 5, 6]);
    expect(changes.map((change) => change.row)).toEqual([0, 2, 3]);
  });

  it('works per year: a group’s mean of another year is not used', () => {
    // two units in one group, two years (unit-major rows): A 2024 missing, A 2025 = 1; B 2024 = 3, B 2025 missing
    const out = imputeMissing(Float64Array.from([NaN_, 1, 3, NaN_]), 1, [unit('A', 'g'), unit('B', 'g')], 2, 'group_mean').values;
    expect(Array.from(out)).toEqual([3, 1, 3, 1]);
  });
});
