import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { formatParameterValue } from './format-parameter.ts';

const zh: Record<string, string> = { 'incentives.multiplier': '{{value}}倍', 'incentives.years': '{{value}}年' };
const t = ((key: string, values?: Record<string, unknown>) =>
  (zh[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values?.[name] ?? ''))) as unknown as TFunction;

describe('formatParameterValue', () => {
  it('writes a ratio as the percentage the policy text uses', () => {
    expect(formatParameterValue({ value: 0.2, unit: 'ratio' }, t, 'zh')).toBe('20%');
    expect(formatParameterValue({ value: 0.07, unit: 'ratio' }, t, 'zh')).toBe('7%');
  });

  it('groups the digits of an amount in yuan', () => {
    expect(formatParameterValue({ value: 2_000_000, unit: '元' }, t, 'zh')).toBe('2,000,000元');
  });

  it('writes a multiplier as 倍', () => {
    expect(formatParameterValue({ value: 4, unit: 'multiplier' }, t, 'zh')).toBe('4倍');
  });
});
