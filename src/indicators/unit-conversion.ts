import type { Decimal } from 'decimal.js';
import { exact } from './exact-number.ts';

/**
 * Units of measure. Every indicator has one canonical unit; values entered in another unit of the
 * same family are converted (万元 → 亿元 divides by 10,000). Anything else is refused: a count
 * in 亿元 is a mistake, not a conversion. Scales are powers of ten, so conversions are exact
 * decimal shifts: 1234567.891234 万元 is 123.4567891234 亿元, every digit kept.
 */
const families: Record<string, Record<string, number>> = {
  money: { 元: 0, 千元: 3, 万元: 4, 百万元: 6, 亿元: 8 },
  people: { 人: 0, 万人: 4 },
  // Counts of things: the text itself mixes 家 and 个 for the same notion (各类科技创新平台700家 / [个]).
  count: { 家: 0, 个: 0, 件: 0, 项: 0, 所: 0, 座: 0 },
  percent: { '%': 0, 百分比: 0 },
};

/** Whether a value in this unit counts whole things (家, 个, 件 …, 人): 12.5 家 is a mistake. */
export function isCountUnit(unit: string): boolean {
  return families.count![unit] !== undefined || unit === '人';
}

/** A conversion: the power of ten that turns a value in one unit into the other (万元 → 亿元: −4). */
export type Conversion = { ok: true; shift: number } | { ok: false; message: string; message_en: string };

/** How a value in `from` becomes one in `to`; an empty `from` means "already canonical". */
export function conversionBetween(from: string | undefined | null, to: string): Conversion {
  const source = (from ?? '').trim();
  if (source === '' || source === to) return { ok: true, shift: 0 };
  for (const units of Object.values(families)) {
    const fromExponent = units[source];
    const toExponent = units[to];
    if (fromExponent !== undefined && toExponent !== undefined) return { ok: true, shift: fromExponent - toExponent };
  }
  return { ok: false, message: `单位“${source}”无法换算为“${to}”`, message_en: `unit "${source}" cannot be converted to "${to}"` };
}

/** The value in the target unit, exactly (a decimal shift, no rounding). */
export function convertValue(value: Decimal, conversion: { shift: number }): Decimal {
  return exact(value).times(exact(10).pow(conversion.shift));
}
