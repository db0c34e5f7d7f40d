import { describe, expect, it } from 'vitest';
import type { OutlierSpec } from './index-model.ts';
import { skewKurt, treatOutliers } from './treat-outliers.ts';

const NaN_ = Number.NaN;
const rowsOf = (count: number) => Int32Array.from({ length: count }, (_, index) => index);
const coinr: OutlierSpec = { skewness: 2, kurtosis: 3.5, max_share: 0.1, log_fallback: true };

describe('treatOutliers (COINr’s default)', () => {
  it('computes G1 and G2 with the small-sample corrections (e1071 type 2, as COINr’s skew() and kurt())', () => {
    const { skewness, kurtosis } = skewKurt([...Array.from({ length: 18 }, (_, i) => i + 1), 60, 100]);
    expect(skewness).toBeCloseTo(3.026247991155799, 12);
    expect(kurtosis).toBeCloseTo(9.48412291100923, 12);
  });

  it('winsorises two points of a skewed column, one extreme at a time, down to the next value inside', () => {
    const column = Float64Array.from([...Array.from({ length: 18 }, (_, i) => i + 1), 60, 100]);
    const { values, changes, treatments } = treatOutliers(column, 1, [rowsOf(20)], coinr, ['x']);
    // round 1: 100 → 60; still |G1| > 2 and G2 > 3.5; round 2: both 60s → 18 (limit ⌈0.1 × 20⌉ = 2)
    expect(Array.from(values.subarray(17))).toEqual([18, 18, 18]);
    expect(changes).toEqual([
      { row: 18, indicator: 0, from: 60, to: 18, reason: 'winsorised' },
      { row: 19, indicator: 0, from: 100, to: 18, reason: 'winsorised' },
    ]);
    expect(treatments[0]).toMatchObject({ indicator: 'x', winsorised: 2, log_transformed: false });
    expect(treatments[0]?.skewness_after).toBeCloseTo(-0.11162785439266955, 12);
    expect(treatments[0]?.kurtosis_after).toBeCloseTo(-1.3063566762722982, 12);
  });

  it('leaves a column that passes alone and treats the low side for negative skew', () => {
    const symmetric = Float64Array.from({ length: 20 }, (_, i) => i);
    expect(treatOutliers(symmetric, 1, [rowsOf(20)], coinr, ['x']).changes).toEqual([]);
    const negative = Float64Array.from([-100, -60, ...Array.from({ length: 18 }, (_, i) => -(i + 1))]);
    const { values } = treatOutliers(negative, 1, [rowsOf(20)], coinr, ['x']);
    expect(Array.from(values.subarray(0, 2))).toEqual([-18, -18]);
  });

  it('when the limit is reached and the column still fails: undoes the winsorisation and log-transforms it (log_CT)', () => {
    const raw = [...Array.from({ length: 17 }, (_, i) => i + 1), 300, 600, 1000];
    const limitOne = { ...coinr, max_share: 0.05 }; // ⌈0.05 × 20⌉ = 1 point
    const { values, treatments, changes } = treatOutliers(Float64Array.from(raw), 1, [rowsOf(20)], limitOne, ['x']);
    const a = 0.01 * (1000 - 1);
    expect(treatments[0]).toMatchObject({ log_transformed: true, winsorised: 0 });
    raw.forEach((value, index) => expect(values[index]).toBeCloseTo(Math.log(value - 1 + a), 12));
    expect(changes).toHaveLength(20);
    // without the fallback the winsorised column stays (1000 → 600: |G1| 2.45, G2 4.81 still out)
    const kept = treatOutliers(Float64Array.from(raw), 1, [rowsOf(20)], { ...limitOne, log_fallback: false }, ['x']);
    expect(Array.from(kept.values.subarray(17))).toEqual([300, 600, 600]);
    expect(kept.treatments[0]).toMatchObject({ winsorised: 1, log_transformed: false });
    expect(kept.treatments[0]?.skewness_after).toBeCloseTo(2.4472660028782602, 12);
    // with the default limit (2 points) it passes: 1000 → 600, then both 600s → 300
    expect(Array.from(treatOutliers(Float64Array.from(raw), 1, [rowsOf(20)], coinr, ['x']).values.subarray(17))).toEqual([300, 300, 300]);
  });

  it('skips missing values and treats each set of rows alone', () => {
    const column = Float64Array.from([...Array.from({ length: 18 }, (_, i) => i + 1), 60, 100, NaN_]);
    const { values } = treatOutliers(column, 1, [rowsOf(21)], coinr, ['x']);
    expect(Array.from(values.subarray(18))).toEqual([18, 18, NaN_]);
  });
});
