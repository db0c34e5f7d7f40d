import { describe, expect, it } from 'vitest';
import { initialYear, withYear } from './latest-year.ts';

describe('initialYear: a year picker opens on the latest year with data', () => {
  it('opens on the latest year with published data, not on last year where nothing is published', () => {
    expect(initialYear(null, { status: 'success', latest: 2024 }, 2025)).toBe(2024);
  });

  it('keeps the year the address names', () => {
    expect(initialYear('2021', { status: 'success', latest: 2024 }, 2025)).toBe(2021);
    expect(initialYear('2021', { status: 'pending' }, 2025)).toBe(2021);
  });

  it('waits for the answer rather than opening on an empty year first', () => {
    expect(initialYear(null, { status: 'pending' }, 2025)).toBeUndefined();
    expect(initialYear('20x1', { status: 'pending' }, 2025)).toBeUndefined();
  });

  it('falls back to last year where nothing is published or the question failed', () => {
    expect(initialYear(undefined, { status: 'success', latest: null }, 2025)).toBe(2025);
    expect(initialYear(null, { status: 'error' }, 2025)).toBe(2025);
  });

  it('lists the chosen year among the picker’s years', () => {
    expect(withYear([2025, 2024, 2023], 2024)).toEqual([2025, 2024, 2023]);
    expect(withYear([2025, 2024], 2016)).toEqual([2025, 2024, 2016]);
    expect(withYear([2025, 2024], undefined)).toEqual([2025, 2024]);
  });
});
