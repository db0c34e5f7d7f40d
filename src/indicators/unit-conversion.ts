/**
 * Units of measure. Every indicator has one canonical unit; values entered in another unit of the
 * same family are converted (万元 → 亿元 divides by 10,000). Anything else is refused: a count
 * in 亿元 is a mistake, not a conversion.
 */
const families: Record<string, Record<string, number>> = {
  money: { 元: 1, 千元: 1e3, 万元: 1e4, 百万元: 1e6, 亿元: 1e8 },
  people: { 人: 1, 万人: 1e4 },
  // Counts of things: the text itself mixes 家 and 个 for the same notion (各类科技创新平台700家 / [个]).
  count: { 家: 1, 个: 1, 件: 1, 项: 1, 所: 1, 座: 1 },
  percent: { '%': 1, 百分比: 1 },
};

export type Conversion = { ok: true; factor: number } | { ok: false; message: string; message_en: string };

/** The factor that turns a value in `from` into one in `to`; an empty `from` means "already canonical". */
export function conversionFactor(from: string | undefined | null, to: string): Conversion {
  const source = (from ?? '').trim();
  if (source === '' || source === to) return { ok: true, factor: 1 };
  for (const units of Object.values(families)) {
    const fromScale = units[source];
    const toScale = units[to];
    if (fromScale !== undefined && toScale !== undefined) return { ok: true, factor: fromScale / toScale };
  }
  return { ok: false, message: `单位“${source}”无法换算为“${to}”`, message_en: `unit "${source}" cannot be converted to "${to}"` };
}

/** Multiplies without the float noise of e.g. 123.4 × 0.0001 (rounded to 12 significant digits). */
export function convertValue(value: number, factor: number): number {
  return Number((value * factor).toPrecision(12));
}
