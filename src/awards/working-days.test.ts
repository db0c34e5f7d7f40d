import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from '../shared/index.ts';

describe('working days (Beijing dates, weekends skipped, holidays not modelled)', () => {
  it('counts a notice published on a Friday across the weekend to the next Friday', () => {
    expect(addWorkingDays('2026-12-04', 5)).toBe('2026-12-11');
  });

  it('counts from every day of the week', () => {
    expect(addWorkingDays('2026-12-07', 5)).toBe('2026-12-14'); // Monday → next Monday
    expect(addWorkingDays('2026-12-09', 1)).toBe('2026-12-10'); // Wednesday → Thursday
    expect(addWorkingDays('2026-12-11', 1)).toBe('2026-12-14'); // Friday → Monday
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07'); // Saturday → Monday
    expect(addWorkingDays('2026-12-06', 5)).toBe('2026-12-11'); // Sunday → Friday
    expect(addWorkingDays('2026-12-04', 0)).toBe('2026-12-04');
    expect(addWorkingDays('2026-12-31', 3)).toBe('2027-01-05'); // across a year end (2027-01-01 is a Friday: holidays are not modelled)
  });

  it('knows weekends', () => {
    expect(isWorkingDay('2026-12-05')).toBe(false);
    expect(isWorkingDay('2026-12-06')).toBe(false);
    expect(isWorkingDay('2026-12-07')).toBe(true);
  });

  it('refuses a bad date or a negative count', () => {
    expect(() => addWorkingDays('2026-13-40', 5)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-12-04', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-12-04', 1.5)).toThrow(RangeError);
  });
});
