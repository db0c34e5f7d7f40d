import { describe, expect, it } from 'vitest';
import { beijingYear, formatBeijingTime } from './beijing-time.ts';

describe('Beijing time', () => {
  it('shows an instant as Beijing time, whatever the reader’s zone', () => {
    expect(formatBeijingTime('2025-01-02T02:00:00.000Z')).toBe('2025-01-02 10:00:00');
    expect(formatBeijingTime('2024-12-31T16:30:00Z')).toBe('2025-01-01 00:30:00');
  });

  it('counts the year in Beijing: 00:30 on 1 January there is already the new year', () => {
    expect(beijingYear(new Date('2024-12-31T16:30:00Z'))).toBe(2025);
    expect(beijingYear(new Date('2024-12-31T15:30:00Z'))).toBe(2024);
  });
});
