import { languageTag, type Language } from '../language/language.ts';

/**
 * Money of the registries arrives as exact decimal strings (yuan with two decimals; 亿元 exact,
 * see src/registry/registry-contract.ts). These only format it for reading, on the strings' own
 * digits (never through a float): nothing is added up here.
 */

/** Yuan with thousands separators and two decimals, digit for digit: "12345678.9" → 12,345,678.90. */
export function formatYuan(text: string, language: Language): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '0', fraction = ''] = match;
  // BigInt keeps every digit of the whole part; the decimals are the string's own.
  const grouped = new Intl.NumberFormat(languageTag(language), { useGrouping: true }).format(BigInt(whole));
  return `${sign}${grouped}.${fraction.padEnd(2, '0')}`;
}

/**
 * An amount in a larger unit, rounded half up for display, digit for digit (no float on the way):
 * yuan "123456789.5" shifted by 4 places (万元) with two decimals is 12345.68 (12,345.68 with
 * `grouping`); 亿元 "0.31" with four decimals is 0.3100. Numbers only: the table states its unit once.
 */
export function formatScaled(text: string, language: Language, options: { shift?: number; fractionDigits: number; grouping?: boolean }): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const shift = options.shift ?? 0;
  const digits = options.fractionDigits;
  // All the digits as one integer, and where the point falls after the shift.
  const padded = whole.padStart(shift + 1, '0');
  const integerPart = padded.slice(0, padded.length - shift);
  const fractionPart = `${padded.slice(padded.length - shift)}${fraction}`;
  const kept = BigInt(`${integerPart}${fractionPart.slice(0, digits).padEnd(digits, '0')}`);
  const rounded = (fractionPart[digits] ?? '0') >= '5' ? kept + 1n : kept;
  const scale = 10n ** BigInt(digits);
  const grouped = new Intl.NumberFormat(languageTag(language), { useGrouping: options.grouping ?? false }).format(rounded / scale);
  const decimals = digits > 0 ? `.${(rounded % scale).toString().padStart(digits, '0')}` : '';
  return `${sign === '-' && rounded !== 0n ? '-' : ''}${grouped}${decimals}`;
}

/** A money field's text as the form holds it, compared with a stored amount: "1,234.5" and "1234.50" are the same. */
export function sameAmount(a: string | null | undefined, b: string | null | undefined): boolean {
  return canonicalAmount(a) === canonicalAmount(b);
}

function canonicalAmount(text: string | null | undefined): string {
  const plain = (text ?? '').replace(/,/g, '').trim();
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(plain);
  if (!match) return plain;
  return `${match[1]!.replace(/^0+(?=\d)/, '')}.${(match[2] ?? '').padEnd(2, '0')}`;
}
