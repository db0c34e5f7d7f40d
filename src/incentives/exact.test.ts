import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import * as X from './exact.ts';

describe('exact numbers', () => {
  it('reads a JSON number as the decimal written: 20% of 1,234,567.89 is 246,913.578, rounded once to 246,913.58', () => {
    const amount = X.mul(X.parseDecimal('0.2')!, X.fromNumber(1234567.89));
    expect(X.toText(amount)).toBe('246913.578');
    expect(X.toFixedText(X.round2(amount))).toBe('246913.58');
    // the binary-float product is 246913.57800000001, which toFixed would also give — but 0.1 × 3:
    expect(0.1 * 3).not.toBe(0.3);
    expect(X.toText(X.mul(X.parseDecimal('0.1')!, 3))).toBe('0.3');
  });

  it('rounds half up (away from zero) at 0.01', () => {
    expect(X.toFixedText(X.round2(X.parseDecimal('0.005')!))).toBe('0.01');
    expect(X.toFixedText(X.round2(X.parseDecimal('0.0049')!))).toBe('0.00');
    expect(X.toFixedText(X.round2(X.parseDecimal('-0.005')!))).toBe('-0.01');
    expect(X.toFixedText(X.round2(X.parseDecimal('1.005')!))).toBe('1.01'); // 1.005.toFixed(2) is "1.00"
  });

  it('prints yuan to the fen as decimal.js does, on the fast path and off it', () => {
    let seed = 11;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const texts = ['0', '-0', '0.01', '-0.01', '0.1', '-0.5', '7', '-7', '90071992547409.91', '-90071992547409.91', '90071992547409.93', '9007199254740991', '123456789012345678.9'];
    for (let round = 0; round < 3000; round++) texts.push(`${next() % 2 ? '-' : ''}${next() % 10 ** (1 + (next() % 9))}.${String(next() % 1000).padStart(3, '0')}`);
    for (const text of texts) {
      const value = X.parseDecimal(text)!;
      expect(X.toFixedText(value), text).toBe(new Decimal(text).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2).replace(/^-(0\.00)$/, '$1'));
    }
  });

  it('leaves the safe-integer range exactly (BigInt), never through a float', () => {
    const big = X.mul(9007199254740991, 10);
    expect(X.toText(big)).toBe('90071992547409910');
    expect(X.toText(X.add(big, 1))).toBe('90071992547409911');
    expect(X.cmp(X.add(9007199254740991, 2), 9007199254740992)).toBe(1);
  });

  it('divides exactly: a ratio is compared without rounding', () => {
    const third = X.div(1, 3)!;
    expect(X.cmp(X.mul(third, 3), 1)).toBe(0);
    expect(X.div(1, 0)).toBeUndefined();
    expect(X.toText(X.div(12, 130)!)).toBe('6/65');
  });

  it('parses decimals strictly', () => {
    expect(X.parseDecimal('0x10')).toBeUndefined();
    expect(X.parseDecimal('1,000')).toBeUndefined();
    expect(X.toText(X.parseDecimal('1e3')!)).toBe('1000');
  });
});

describe('comparison of large fractions', () => {
  it('decides near-ties exactly (the float filter defers to BigInt)', () => {
    const a = X.ratOf(10n ** 20n + 1n, 10n ** 20n);
    const b = X.ratOf(10n ** 20n, 10n ** 20n - 1n);
    // a = 1 + 1e-20, b = 1 + 1/(1e20 - 1) > a, and both are 1 as doubles
    expect(X.cmp(a, b)).toBe(-1);
    expect(X.cmp(b, a)).toBe(1);
    expect(X.cmp(a, X.ratOf(2n * (10n ** 20n + 1n), 2n * 10n ** 20n))).toBe(0);
    expect(X.cmp(X.ratOf(3n * 10n ** 17n, 10n ** 18n), X.parseDecimal('0.3')!)).toBe(0);
    expect(X.cmp(X.ratOf(3n * 10n ** 17n + 1n, 10n ** 18n), X.parseDecimal('0.3')!)).toBe(1);
  });
});
