import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatDate, formatDateTime } from './format-date.ts';

describe('formatDateTime', () => {
  // The reader's computer keeps UTC here: Beijing time must not depend on it.
  beforeAll(() => {
    vi.stubEnv('TZ', 'UTC');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('shows an instant in Beijing time: 16:30 UTC on 4 March is 00:30 on 5 March', () => {
    expect(formatDateTime('2025-03-04T16:30:00.000Z', 'zh')).toBe('2025/03/05 00:30:00');
    expect(formatDateTime('2025-03-04T16:30:00.000Z', 'en')).toBe('Mar 05, 2025, 00:30:00');
  });

  it('shows midnight as 00, not 24', () => {
    expect(formatDateTime('2025-03-04T16:00:00Z', 'zh')).toBe('2025/03/05 00:00:00');
  });

  it('gives back what is not an instant', () => {
    expect(formatDateTime('not a time', 'zh')).toBe('not a time');
  });
});

describe('formatDate', () => {
  it('writes a calendar date as each language does, never shifted by a time zone', () => {
    expect(formatDate('2022-02-27', 'zh')).toBe('2022年2月27日');
    expect(formatDate('2022-02-27', 'en')).toBe('February 27, 2022');
  });
});
