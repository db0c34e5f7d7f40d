import { describe, expect, it } from 'vitest';
import { rankScores } from './rank-scores.ts';

const NaN_ = Number.NaN;
const rowsOf = (count: number) => Int32Array.from({ length: count }, (_, index) => index);

describe('rankScores', () => {
  it('ranks within each year, 1 the best, ties sharing the better rank, missing unranked', () => {
    expect(rankScores(Float64Array.from([3, 5, 5, 1, NaN_]), [rowsOf(5)])).toEqual([3, 1, 1, 4, null]);
    expect(rankScores(Float64Array.from([1, 2, 2, 1]), [Int32Array.from([0, 2]), Int32Array.from([1, 3])])).toEqual([2, 1, 1, 2]);
  });
});
