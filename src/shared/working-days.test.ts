import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, subtractWorkingDays } from './working-days.ts';

describe('working days (Beijing dates, weekends skipped, holidays not modelled)', () => {
  it('counts forward across a weekend', () => {
    expect(addWorkingDays('2026-12-04', 5)).toBe('2026-12-11'); // Friday → next Friday
    expect(addWorkingDays('2026-12-11', 1)).toBe('2026-12-14'); // Friday → Monday
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07'); // Saturday → Monday
    expect(addWorkingDays('2026-12-09', 1)).toBe('2026-12-10');
    expect(addWorkingDays('2026-12-04', 0)).toBe('2026-12-04');
    expect(addWorkingDays('2026-12-31', 3)).toBe('2027-01-05');
  });

  it('counts backward across a weekend', () => {
    expect(subtractWorkingDays('2026-12-07', 1)).toBe('2026-12-04'); // Monday → Friday
    expect(subtractWorkingDays('2026-12-06', 1)).toBe('2026-12-04'); // Sunday → Friday
    expect(subtractWorkingDays('2026-12-10', 1)).toBe('2026-12-09');
    expect(subtractWorkingDays('2027-01-04', 2)).toBe('2026-12-31');
  });

  it('knows weekends', () => {
    expect(isWorkingDay('2026-12-05')).toBe(false);
    expect(isWorkingDay('2026-12-06')).toBe(false);
    expect(isWorkingDay('2026-12-07')).toBe(true);
  });

  it('refuses a bad date or a negative count', () => {
    expect(() => addWorkingDays('2026-13-40', 5)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => subtractWorkingDays('2026-12-04', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-12-04', 1.5)).toThrow(RangeError);
  });
});
