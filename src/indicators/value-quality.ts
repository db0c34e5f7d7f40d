import type { Decimal } from 'decimal.js';
import type { AreaTree } from '../areas/index.ts';
import type { Indicator, QualityRule } from '../policy/index.ts';
import { exact, sumOf } from './exact-number.ts';
import { parsePeriod } from './period.ts';
import { conversionBetween, isCountUnit } from './unit-conversion.ts';

/**
 * Data-quality rules (docs/indicators.md, "Data-quality rules"; DHIS2's validation rules are the
 * model). Three kinds, all in the indicator's canonical unit:
 *
 * - bounds of one value: its type (count, money, percentage, quantity), min, max and decimal
 *   places, from the indicator's `quality:` in the pack or else the defaults of its unit;
 * - cross-indicator rules of the pack (`quality_rules:`), `left op right` of one area and
 *   period, or the sum of an area's child areas against the area's own figure;
 * - a year-on-year jump beyond `max_jump` (default ×3 or ÷3): a warning, accepted only with a
 *   comment.
 *
 * The same functions serve the entry form, file imports and the API (both go through
 * `checkValueRows`).
 */
export type ValueType = 'count' | 'money' | 'percentage' | 'quantity';

export interface ValueBounds {
  valueType: ValueType;
  min: Decimal;
  max: Decimal;
  /** Most decimal places in the canonical unit; undefined: any. */
  decimals: number | undefined;
  /** A year-on-year factor beyond which a value needs a comment. */
  maxJump: Decimal;
}

/** 1e15 元: more than any economy's yearly output; the largest money value in any unit. */
const largestMoneyInYuan = '1e15';
/** The ceiling of any value whatever its type: no indicator comes near a thousand trillion. */
export const largestValue = '1e15';
const defaultMaxJump = 3;
const defaultCountMax = 1_000_000;

function valueTypeOfUnit(unit: string): ValueType {
  if (isCountUnit(unit)) return 'count';
  if (unit === '%' || unit === '百分比') return 'percentage';
  const toYuan = conversionBetween(unit, '元');
  if (toYuan.ok) return 'money';
  return 'quantity';
}

/** The bounds of an indicator's values: the pack's `quality:` over the defaults of its unit. */
export function boundsOf(indicator: Pick<Indicator, 'unit' | 'quality'>): ValueBounds {
  const quality = indicator.quality ?? {};
  const valueType = quality.value_type ?? valueTypeOfUnit(indicator.unit);
  const defaults = ((): { max: Decimal; decimals: number | undefined } => {
    switch (valueType) {
      case 'count':
        // 万人 is a count of people in tens of thousands: whole people, so four decimals.
        return { max: exact(defaultCountMax), decimals: isCountUnit(indicator.unit) ? 0 : undefined };
      case 'percentage':
        return { max: exact(100), decimals: 4 };
      case 'money': {
        // The yuan in the indicator's unit: 亿元 is 1e8 元, so the ceiling is 1e7 亿元 and a fen is ten decimals.
        const shift = conversionBetween('元', indicator.unit);
        const exponent = shift.ok ? shift.shift : 0;
        return { max: exact(largestMoneyInYuan).times(exact(10).pow(exponent)), decimals: Math.max(0, 2 - exponent) };
      }
      default:
        return { max: exact(largestValue), decimals: undefined };
    }
  })();
  return {
    valueType,
    min: exact(quality.min ?? 0),
    max: quality.max === undefined ? defaults.max : exact(quality.max),
    decimals: quality.decimals ?? defaults.decimals,
    maxJump: exact(quality.max_jump ?? defaultMaxJump),
  };
}

export interface QualityMessage {
  message: string;
  message_en: string;
}

/** A decimal as people read it: thousands separated, every decimal kept (1000000 → 1,000,000). */
export function formatDecimal(value: Decimal): string {
  const [whole = '0', fraction] = value.abs().toFixed().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value.isNegative() && !value.isZero() ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Why a value (canonical unit) is out of its indicator's bounds, or undefined when it is within. */
export function checkValueBounds(indicator: Pick<Indicator, 'unit' | 'quality'>, value: Decimal, entered: string): QualityMessage | undefined {
  const bounds = boundsOf(indicator);
  const unit = indicator.unit;
  if (value.lt(bounds.min)) {
    if (bounds.min.isZero()) return { message: `数值不能为负（${entered}）`, message_en: `a negative value is impossible here (${entered})` };
    return { message: `数值不能小于 ${formatDecimal(bounds.min)}${unit}（${entered}）`, message_en: `the value must be at least ${formatDecimal(bounds.min)} ${unit} (${entered})` };
  }
  if (value.gt(bounds.max)) {
    return { message: `数值过大，不能超过 ${formatDecimal(bounds.max)}${unit}（${entered}）`, message_en: `the value is too large: at most ${formatDecimal(bounds.max)} ${unit} (${entered})` };
  }
  if (bounds.decimals !== undefined && value.decimalPlaces() > bounds.decimals) {
    if (bounds.decimals === 0 && isCountUnit(unit)) return { message: `${unit}数应为整数（${entered}）`, message_en: `a count of ${unit} must be a whole number (${entered})` };
    if (bounds.decimals === 0) return { message: `应为整数（${entered}）`, message_en: `must be a whole number (${entered})` };
    return { message: `最多保留 ${bounds.decimals} 位小数（${entered}）`, message_en: `at most ${bounds.decimals} decimal places (${entered})` };
  }
  return undefined;
}

/** The same period a year earlier: 2023 → 2022, 2023Q3 → 2022Q3, 2023-07 → 2022-07. */
export function periodYearBefore(text: string): string | undefined {
  const period = parsePeriod(text);
  if (!period) return undefined;
  const year = String(period.year - 1).padStart(4, '0');
  if (period.type === 'year') return year;
  if (period.type === 'quarter') return `${year}Q${period.part}`;
  return `${year}-${String(period.part).padStart(2, '0')}`;
}

export interface ValueKey {
  indicator: string;
  org: string;
  period: string;
}

export const keyOf = (key: ValueKey) => `${key.indicator}|${key.org}|${key.period}`;

/** A value about to be written (canonical unit) and where it came from, for messages. */
export interface CheckedWrite extends ValueKey {
  value: Decimal;
  line: number;
}

/** A broken rule or a jump, on the line of the value that causes it. */
export interface QualityFinding extends QualityMessage {
  line: number;
  kind: 'rule' | 'jump';
}

/** The stored values (any status, canonical units) a set of writes must be compared with. */
export function valuesNeeded(writes: readonly CheckedWrite[], rules: readonly QualityRule[], tree: AreaTree): ValueKey[] {
  const keys = new Map<string, ValueKey>();
  const need = (key: ValueKey) => keys.set(keyOf(key), key);
  for (const write of writes) {
    const before = periodYearBefore(write.period);
    if (before) need({ indicator: write.indicator, org: write.org, period: before });
    for (const rule of rules) {
      if (rule.scope === 'same_area') {
        if (rule.left === write.indicator) need({ indicator: rule.right, org: write.org, period: write.period });
        if (rule.right === write.indicator) need({ indicator: rule.left, org: write.org, period: write.period });
        continue;
      }
      if (rule.left === write.indicator) {
        const parent = tree.find(write.org)?.parentCode;
        if (parent) {
          need({ indicator: rule.right, org: parent, period: write.period });
          for (const child of tree.childrenOf(parent)) need({ indicator: rule.left, org: child.code, period: write.period });
        }
      }
      if (rule.right === write.indicator) for (const child of tree.childrenOf(write.org)) need({ indicator: rule.left, org: child.code, period: write.period });
    }
  }
  return [...keys.values()];
}

const operators: Record<QualityRule['op'], { holds: (left: Decimal, right: Decimal) => boolean; zh: string }> = {
  '<=': { holds: (left, right) => left.lte(right), zh: '不超过' },
  '<': { holds: (left, right) => left.lt(right), zh: '小于' },
  '>=': { holds: (left, right) => left.gte(right), zh: '不低于' },
  '>': { holds: (left, right) => left.gt(right), zh: '大于' },
};

/**
 * Checks the writes against the cross-indicator rules and the year-on-year jumps. `stored` holds
 * the current values of the keys `valuesNeeded` named (any status); a write of the same batch
 * takes the place of the stored value of its key.
 */
export function checkQualityRules(writes: readonly CheckedWrite[], stored: ReadonlyMap<string, Decimal>, context: { indicators: readonly Indicator[]; rules: readonly QualityRule[]; tree: AreaTree }): QualityFinding[] {
  const batch = new Map(writes.map((write) => [keyOf(write), write.value]));
  const valueAt = (key: ValueKey) => batch.get(keyOf(key)) ?? stored.get(keyOf(key));
  const byCode = new Map(context.indicators.map((indicator) => [indicator.code, indicator]));
  const nameOf = (code: string) => byCode.get(code)?.name ?? code;
  const areaName = (code: string) => context.tree.find(code)?.name ?? code;
  const findings: QualityFinding[] = [];
  const reported = new Set<string>();
  for (const write of writes) {
    const indicator = byCode.get(write.indicator);
    if (!indicator) continue;
    const unit = indicator.unit;
    const shown = (value: Decimal) => `${formatDecimal(value)}${unit}`;
    const compare = (rule: QualityRule, left: { value: Decimal; zh: string; en: string }, right: { value: Decimal; zh: string; en: string }, where: string) => {
      const operator = operators[rule.op];
      if (operator.holds(left.value, right.value)) return;
      // One finding per rule and place, on the first line that takes part in it.
      const id = `${rule.id}|${where}|${write.period}`;
      if (reported.has(id)) return;
      reported.add(id);
      findings.push({
        line: write.line,
        kind: 'rule',
        message: `${rule.message}：${left.zh} ${shown(left.value)}，应${operator.zh}${right.zh} ${shown(right.value)}`,
        message_en: `${rule.message_en ?? rule.id}: ${left.en} ${formatDecimal(left.value)} ${unit} must be ${rule.op} ${right.en} ${formatDecimal(right.value)} ${unit}`,
      });
    };
    for (const rule of context.rules) {
      if (rule.scope === 'same_area') {
        if (rule.left !== write.indicator && rule.right !== write.indicator) continue;
        const left = valueAt({ indicator: rule.left, org: write.org, period: write.period });
        const right = valueAt({ indicator: rule.right, org: write.org, period: write.period });
        if (left === undefined || right === undefined) continue;
        compare(rule, { value: left, zh: nameOf(rule.left), en: rule.left }, { value: right, zh: nameOf(rule.right), en: rule.right }, write.org);
        continue;
      }
      const parents: string[] = [];
      if (rule.left === write.indicator) {
        const parent = context.tree.find(write.org)?.parentCode;
        if (parent) parents.push(parent);
      }
      if (rule.right === write.indicator && context.tree.childrenOf(write.org).length > 0) parents.push(write.org);
      for (const parent of parents) {
        const total = valueAt({ indicator: rule.right, org: parent, period: write.period });
        const parts = context.tree.childrenOf(parent).flatMap((child) => valueAt({ indicator: rule.left, org: child.code, period: write.period }) ?? []);
        if (total === undefined || parts.length === 0) continue;
        compare(
          rule,
          { value: sumOf(parts), zh: `${areaName(parent)}下辖区划${nameOf(rule.left)}合计`, en: `the sum of ${rule.left} of the areas under ${parent}` },
          { value: total, zh: `${areaName(parent)}${nameOf(rule.right)}`, en: `${rule.right} of ${parent}` },
          parent,
        );
      }
    }
    const before = periodYearBefore(write.period);
    const previous = before ? valueAt({ indicator: write.indicator, org: write.org, period: before }) : undefined;
    if (before && previous !== undefined && previous.gt(0)) {
      const factor = boundsOf(indicator).maxJump;
      if (write.value.gt(previous.times(factor)) || write.value.times(factor).lt(previous)) {
        findings.push({
          line: write.line,
          kind: 'jump',
          message: `较上年同期（${before}：${shown(previous)}）变化超过 ${formatDecimal(factor)} 倍（${shown(write.value)}），请核实并填写说明`,
          message_en: `changes more than ${formatDecimal(factor)}-fold from the same period a year earlier (${before}: ${formatDecimal(previous)} ${unit}) to ${formatDecimal(write.value)} ${unit}: check it and add a comment`,
        });
      }
    }
  }
  return findings;
}
