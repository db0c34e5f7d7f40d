import { Decimal } from 'decimal.js';

/**
 * Indicator values are decimals: `numeric` in the database, decimal strings from it, and
 * decimal.js in between, so that sums, ratios and unit conversions are exact (1.1 + 2.2 is 3.3,
 * not 3.3000000000000003). Divisions round to 34 significant digits (as IEEE decimal128 does),
 * half to even, which no published figure comes near.
 *
 * A value leaves the platform as a JSON number (a measurement, not money: docs/indicators.md):
 * the nearest double to the exact result, converted once, at the end.
 */
export const ExactDecimal = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });

/** What a value may arrive as: a decimal string (as stored) or a number (taken by its shortest decimal form). */
export type DecimalInput = string | number;

export function exact(value: DecimalInput | Decimal): Decimal {
  return new ExactDecimal(value);
}

/** The exact sum of the values. */
export function sumOf(values: Iterable<Decimal>): Decimal {
  let total = new ExactDecimal(0);
  for (const value of values) total = total.plus(value);
  return total;
}

/** The measurement as a JSON number: the nearest double to the exact value. */
export function toMeasurement(value: Decimal): number {
  return value.toNumber();
}

/**
 * A number as a person or a file writes it: digits with an optional decimal part, an optional
 * minus sign and thousands separators ("12,345.6"). Nothing else: no hex (0x10), no exponent
 * (1e308), no "Infinity", no spaces inside. Returns the decimal, or undefined.
 */
export function parseDecimalText(text: string): Decimal | undefined {
  const trimmed = text.trim();
  if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(trimmed)) return undefined;
  return new ExactDecimal(trimmed.replace(/,/g, ''));
}

/** A stored decimal string as a measurement. */
export function measurementOf(stored: string): number {
  return toMeasurement(exact(stored));
}
