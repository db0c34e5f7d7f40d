import { describe, expect, it } from 'vitest';
import { yuanText } from './award-format.ts';

describe('award amounts in words', () => {
  it('groups exact decimal strings without floats', () => {
    expect(yuanText('246913.58')).toBe('246,913.58元');
    expect(yuanText('2000000')).toBe('2,000,000.00元');
    expect(yuanText('12345678901234.5', 'en')).toBe('¥12,345,678,901,234.50');
  });
});
