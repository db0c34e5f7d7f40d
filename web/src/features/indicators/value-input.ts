import type { EntryIndicator } from '../../api/types.ts';

/**
 * What a clerk typed in a value cell, checked as the server checks it (docs/indicators.md,
 * "Data-quality rules"): digits with an optional decimal part and thousands separators, nothing
 * else; never negative unless the indicator allows it; within the indicator's bounds when typed in
 * its canonical unit. Nothing is changed silently: −5 is not turned into 0, text is not dropped;
 * the cell shows why it is refused and the form does not send it.
 */
export type ValueProblem =
  | { key: 'notNumber'; text: string }
  | { key: 'negative'; text: string }
  | { key: 'belowMin'; min: string; unit: string }
  | { key: 'aboveMax'; max: string; unit: string }
  | { key: 'whole'; unit: string }
  | { key: 'decimals'; decimals: number };

export type ValueCheck = { ok: true; value: number | null } | { ok: false; problem: ValueProblem };

/** Full-width digits and signs as a Chinese input method types them (１２．５, －5, １，２００). */
function halfWidth(text: string): string {
  return text.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0)).replace(/．/g, '.').replace(/，/g, ',').replace(/[－—]/g, '-');
}

const countUnits = new Set(['家', '个', '件', '项', '所', '座', '人']);

function grouped(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 20 });
}

/** Checks one typed value; `unit` is the unit typed beside it (empty or the canonical unit: the bounds apply as they are). */
export function checkTypedValue(text: string, indicator: Pick<EntryIndicator, 'unit' | 'bounds'>, unit: string): ValueCheck {
  const trimmed = halfWidth(text.trim());
  if (trimmed === '') return { ok: true, value: null };
  if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(trimmed)) return { ok: false, problem: { key: 'notNumber', text: text.trim() } };
  const plain = trimmed.replace(/,/g, '');
  const value = Number(plain);
  const bounds = indicator.bounds;
  const min = bounds?.min ?? 0;
  if (value < 0 && min >= 0) return { ok: false, problem: { key: 'negative', text: text.trim() } };
  if (!bounds || (unit.trim() !== '' && unit.trim() !== indicator.unit)) return { ok: true, value };
  if (value < bounds.min) return { ok: false, problem: { key: 'belowMin', min: grouped(bounds.min), unit: indicator.unit } };
  if (value > bounds.max) return { ok: false, problem: { key: 'aboveMax', max: grouped(bounds.max), unit: indicator.unit } };
  const decimals = (plain.split('.')[1] ?? '').replace(/0+$/, '').length;
  if (bounds.decimals !== null && decimals > bounds.decimals) {
    if (bounds.decimals === 0 && countUnits.has(indicator.unit)) return { ok: false, problem: { key: 'whole', unit: indicator.unit } };
    return { ok: false, problem: { key: 'decimals', decimals: bounds.decimals } };
  }
  return { ok: true, value };
}
