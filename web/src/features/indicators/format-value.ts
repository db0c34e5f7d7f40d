import type { Qualifier } from '../../api/types.ts';
import { languageTag, type Language } from '../language/language.ts';
import { isCountUnit } from '../targets/format-target.ts';

/**
 * Numbers as the sources print them: no thousands separators (1964.37, as in the statistical
 * bulletins, so that a reader can find the same digits in the source), two decimals at most for
 * values of 1 and more, three significant digits below (a computed 0.762%, a difference of −0.0112).
 */
export function formatNumber(value: number, language: Language): string {
  const options: Intl.NumberFormatOptions =
    Math.abs(value) >= 1 || value === 0 ? { maximumFractionDigits: 2 } : { maximumSignificantDigits: 3 };
  return new Intl.NumberFormat(languageTag(language), { ...options, useGrouping: false }).format(value);
}

/** A number with its unit, as formatQuantity writes targets: 595家 in Chinese, 595 家 in English, 1.61% in both. */
export function withUnit(number: string, unit: string, language: Language): string {
  if (unit === '' || unit === '%' || language === 'zh') return `${number}${unit}`;
  return `${number} ${unit}`;
}

const qualifierSymbols: Record<Qualifier, string> = { exact: '', lower_bound: '≥ ', upper_bound: '≤ ' };

/**
 * A value as it may be claimed: "突破700家" was published as a bound, so it reads "≥ 700家",
 * never as an exact 700.
 */
export function formatValue(value: number, unit: string, qualifier: Qualifier | null | undefined, language: Language): string {
  // A count is whole in display (序时进度 1283家, not 1283.33家): rounded half up.
  const shown = isCountUnit(unit) ? Math.round(value) : value;
  return `${qualifierSymbols[qualifier ?? 'exact']}${withUnit(formatNumber(shown, language), unit, language)}`;
}

/** A signed difference (published − computed): +0.0024, −0.0112. */
export function formatDifference(value: number, unit: string, language: Language): string {
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${withUnit(formatNumber(Math.abs(value), language), unit, language)}`;
}

/** A period as a reader says it: 2023 → 2023年 / 2023; quarters and months are left as coded (2024Q3, 2024-07). */
export function formatPeriod(period: string, language: Language): string {
  return /^\d{4}$/.test(period) && language === 'zh' ? `${period}年` : period;
}

/** A ratio as a percentage with one decimal at most: 1.4 → 140%, 0.9646 → 96.5%. */
export function formatPercent(ratio: number, language: Language): string {
  return new Intl.NumberFormat(languageTag(language), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/** The year of a period (2024, 2024Q3, 2024-07 → 2024); undefined for anything else. */
export function periodYear(period: string): number | undefined {
  const match = /^(\d{4})/.exec(period);
  return match ? Number(match[1]) : undefined;
}
