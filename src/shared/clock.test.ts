import { describe, expect, it } from 'vitest';
import { calendarDateOfUtcMidnight, currentYear, formatBeijingTime, today } from './clock.ts';

describe('the Beijing clock', () => {
  it('turns the date at midnight Beijing time, eight hours before UTC', () => {
    // 2024-03-01 00:30 in Beijing is still 2024-02-29 in UTC: the UTC date would be a day behind.
    const justAfterMidnight = new Date('2024-02-29T16:30:00Z');
    expect(justAfterMidnight.toISOString()).toBe('2024-02-29T16:30:00.000Z');
    expect(today(justAfterMidnight)).toBe('2024-03-01');
    expect(today(new Date('2024-02-29T15:59:59Z'))).toBe('2024-02-29');
  });

  it('turns the year at midnight Beijing time on New Year’s Eve', () => {
    expect(currentYear(new Date('2025-12-31T16:00:00Z'))).toBe(2026);
    expect(currentYear(new Date('2025-12-31T15:59:59Z'))).toBe(2025);
  });

  it('shows a moment as Beijing time with seconds, on the 24-hour clock', () => {
    expect(formatBeijingTime(new Date('2024-06-30T16:05:09Z'))).toBe('2024-07-01 00:05:09');
    expect(formatBeijingTime(new Date('2024-06-30T04:00:00Z'))).toBe('2024-06-30 12:00:00');
  });
});

describe('date cells', () => {
  it('reads the typed date of a cell held as midnight UTC', () => {
    expect(calendarDateOfUtcMidnight(new Date(Date.UTC(2023, 11, 31)))).toBe('2023-12-31');
  });
});
