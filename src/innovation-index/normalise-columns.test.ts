import { describe, expect, it } from 'vitest';
import { normaliseColumns } from './normalise-columns.ts';

const NaN_ = Number.NaN;
const rowsOf = (count: number) => Int32Array.from({ length: count }, (_, index) => index);

describe('normaliseColumns', () => {
  it('min–max over the panel, direction −1 reversed, missing kept missing', () => {
    // two indicators × four rows; the second is “less is better”
    const values = Float64Array.from([0, 10, 5, 20, 10, NaN_, 2.5, 30]);
    const out = normaliseColumns(values, 2, [rowsOf(4)], { method: 'minmax', low: 0, high: 100, over: 'panel' }, [1, -1]);
    expect(Array.from(out)).toEqual([0, 100, 50, 50, 100, NaN_, 25, 0]);
  });

  it('min–max over each year alone, and the midpoint for a constant column', () => {
    const values = Float64Array.from([1, 3, 2, 3]); // rows: (u0,y0) (u0,y1) (u1,y0) (u1,y1)
    const years = [Int32Array.from([0, 2]), Int32Array.from([1, 3])];
    const out = normaliseColumns(values, 1, years, { method: 'minmax', low: 0, high: 1, over: 'year' }, [1]);
    expect(Array.from(out)).toEqual([0, 0.5, 1, 0.5]);
  });

  it('z-scores with the sample standard deviation', () => {
    const out = normaliseColumns(Float64Array.from([2, 4, 6]), 1, [rowsOf(3)], { method: 'zscore', mean: 100, sd: 10, over: 'panel' }, [1]);
    expect(Array.from(out)).toEqual([90, 100, 110]);
  });

  it('goalpost: value ÷ goalpost × scale, capped; direction −1: goalpost ÷ value', () => {
    const values = Float64Array.from([150, 20, 50, 5]);
    const out = normaliseColumns(values, 2, [rowsOf(2)], { method: 'goalpost', scale: 100, cap: 100 }, [1, -1], [100, 10]);
    expect(Array.from(out)).toEqual([100, 50, 50, 100]);
    const uncapped = normaliseColumns(values, 2, [rowsOf(2)], { method: 'goalpost', scale: 100, cap: null }, [1, -1], [100, 10]);
    expect(Array.from(uncapped)).toEqual([150, 50, 50, 200]);
  });
});
