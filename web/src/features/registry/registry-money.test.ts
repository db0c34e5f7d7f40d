import { describe, expect, it } from 'vitest';
import { formatScaled, formatYuan } from './registry-money.ts';

describe('registry money for reading', () => {
  it('shifts yuan to 万元 digit for digit, rounding half up, never through a float', () => {
    expect(formatScaled('123456789.5', 'zh', { shift: 4, fractionDigits: 2 })).toBe('12345.68');
    expect(formatScaled('123456789.5', 'zh', { shift: 4, fractionDigits: 2, grouping: true })).toBe('12,345.68');
    expect(formatScaled('50', 'zh', { shift: 4, fractionDigits: 2 })).toBe('0.01');
    expect(formatScaled('49.99', 'zh', { shift: 4, fractionDigits: 2 })).toBe('0.00');
    expect(formatScaled('0', 'zh', { shift: 4, fractionDigits: 2 })).toBe('0.00');
    // Beyond a float's 15–17 digits: 1,234,567,890,123,456.785 万元 exactly, rounded half up.
    expect(formatScaled('12345678901234567850', 'zh', { shift: 4, fractionDigits: 2, grouping: true })).toBe('1,234,567,890,123,456.79');
    // 0.145 万元: a float rounds 1450 / 10000 to 0.14.
    expect(formatScaled('1450', 'zh', { shift: 4, fractionDigits: 2 })).toBe('0.15');
  });

  it('shows 亿元 with four decimals, the exact figure rounded half up', () => {
    expect(formatScaled('0.31', 'zh', { fractionDigits: 4 })).toBe('0.3100');
    expect(formatScaled('12.00005', 'zh', { fractionDigits: 4 })).toBe('12.0001');
    expect(formatScaled('1234.5', 'en', { fractionDigits: 4, grouping: true })).toBe('1,234.5000');
    expect(formatScaled('not a number', 'zh', { fractionDigits: 2 })).toBe('not a number');
  });

  it('keeps yuan exact with two decimals', () => {
    expect(formatYuan('12345678.9', 'zh')).toBe('12,345,678.90');
  });
});
