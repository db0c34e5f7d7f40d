import { languageTag, type Language } from '../language/language.ts';

/**
 * Money of the registries arrives as exact decimal strings (yuan with two decimals; 亿元 exact,
 * see src/registry/registry-contract.ts). These only format it for reading: nothing is added up
 * here.
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

/** An amount at a glance, rounded for display: yuan shown in 万元 (1234.57), 亿元 with four decimals (0.3100). */
export function formatScaled(text: string, language: Language, options: { divideBy?: number; fractionDigits: number }): string {
  const value = Number(text) / (options.divideBy ?? 1);
  if (!Number.isFinite(value)) return text;
  return new Intl.NumberFormat(languageTag(language), { minimumFractionDigits: options.fractionDigits, maximumFractionDigits: options.fractionDigits, useGrouping: false }).format(value);
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
