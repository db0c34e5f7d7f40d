import { Decimal } from 'decimal.js';

/**
 * Money of the registries, exact: amounts are `numeric` in the database (sums too: never
 * float8), decimal strings on the wire and decimal.js in code. Yuan are exact to the 分;
 * 亿元 are the exact quotient of a yuan amount by 10^8 (at most ten decimals, which the default
 * 20 significant digits of decimal.js hold for any amount below 10^14 yuan).
 */

const yuanPerHundredMillion = new Decimal(100_000_000);

/** A stored or summed amount of yuan (a numeric's text; older JSON records may hold a number). */
export function toDecimal(value: string | number | Decimal): Decimal {
  return value instanceof Decimal ? value : new Decimal(typeof value === 'number' ? String(value) : value);
}

/** Already canonical: two decimals, no leading zero, not a negative zero (what the registry stores). */
const canonicalYuan = /^-?(?:0|[1-9]\d*)\.\d\d$/;

/** Yuan as the wire carries them: two decimals, "30000000.00". */
export function yuanText(value: string | number | Decimal): string {
  // The stored form comes back as it is (a profile reads tens of these per enterprise).
  if (typeof value === 'string' && canonicalYuan.test(value) && value !== '-0.00') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value.toFixed(2);
  return toDecimal(value).toFixed(2);
}

/** Yuan in 亿元, exact and without trailing zeros: 31,000,000 → "0.31". */
export function hundredMillionYuanText(yuan: string | number | Decimal): string {
  return toDecimal(yuan).div(yuanPerHundredMillion).toFixed();
}

/** The sum of amounts, exact. */
export function sumOf(values: Iterable<string | number | Decimal>): Decimal {
  let total = new Decimal(0);
  for (const value of values) total = total.plus(toDecimal(value));
  return total;
}

/**
 * A file's amount text as the contract checks it: thousands separators (1,234,567.89) are
 * removed when they group the digits properly, nothing else is changed.
 */
export function withoutThousandsSeparators(text: string): string {
  return /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
}
