import { describe, expect, it } from 'vitest';
import { mulberry32 } from './seeded-random.ts';

describe('mulberry32', () => {
  it('gives the same numbers in [0, 1) for the same seed, and others for another seed', () => {
    const first = Array.from({ length: 5 }, mulberry32(42));
    expect(Array.from({ length: 5 }, mulberry32(42))).toEqual(first);
    expect(Array.from({ length: 5 }, mulberry32(43))).not.toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
  });
});
