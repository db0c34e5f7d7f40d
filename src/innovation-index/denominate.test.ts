import { describe, expect, it } from 'vitest';
import { denominate } from './denominate.ts';

const NaN_ = Number.NaN;

describe('denominate', () => {
  it('divides by the denominator and scales; a missing or zero denominator gives a missing value', () => {
    // two indicators, three rows; only the first is denominated
    const values = Float64Array.from([10, 1, 20, 2, 30, 3]);
    const out = denominate(values, 2, [Float64Array.from([5, 0, NaN_]), null], [100, 1]);
    expect(Array.from(out)).toEqual([200, 1, NaN_, 2, NaN_, 3]);
    expect(Array.from(values)).toEqual([10, 1, 20, 2, 30, 3]);
  });
});
