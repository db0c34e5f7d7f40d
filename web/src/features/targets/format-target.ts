import type { TFunction } from 'i18next';
import type { Comparator, Target } from '../../api/types.ts';
import type { Language } from '../language/language.ts';

/** The national area code (GB/T 2260): a benchmark against it means "the national average". */
export const nationalAreaCode = '100000';

/** Comparators in words (不低于 / 高于 / 不超过 / 低于), never as symbols or codes (the house rule). */
const comparatorKeys = {
  '>=': 'targets.comparators.>=',
  '>': 'targets.comparators.>',
  '<=': 'targets.comparators.<=',
  '<': 'targets.comparators.<',
} as const satisfies Record<Exclude<Comparator, 'about'>, string>;

/** Units of whole things: a figure in them is shown whole (序时进度 1283家, never 1283.33家). */
export const countUnits: ReadonlySet<string> = new Set(['家', '个', '件', '项', '所', '座', '人', '次']);

export function isCountUnit(unit: string): boolean {
  return countUnits.has(unit);
}

/**
 * A value with its unit of measure, as each language writes it (500家 / 500 家, 2.5%). A count is
 * whole: rounded half up (1283.33家 → 1283家, 1283.5家 → 1284家). The server already sends the
 * straight path of a count as the whole number needed to be on it; this is the last guard.
 */
export function formatQuantity(value: number, unit: string, language: Language): string {
  const number = value.toLocaleString(language === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: isCountUnit(unit) ? 0 : 6, roundingMode: 'halfExpand' } as Intl.NumberFormatOptions);
  if (unit === '' || unit === '%' || language === 'zh') return `${number}${unit}`;
  return `${number} ${unit}`;
}

/**
 * A target as a reader states it: "不低于500家", "约 100家（±10%）", "不低于全国平均水平" (English:
 * "at least 500", "about 100 (±10%)").
 * `areaName` names a benchmark area other than the country when the caller knows it.
 */
export function formatTarget(
  target: Pick<Target, 'comparator' | 'value' | 'benchmark_org' | 'tolerance' | 'indicator_unit'>,
  t: TFunction,
  language: Language,
  areaName?: (code: string) => string | undefined,
): string {
  let level: string;
  if (target.benchmark_org !== undefined) {
    level =
      target.benchmark_org === nationalAreaCode
        ? t('targets.benchmarkNational')
        : t('targets.benchmarkArea', { name: areaName?.(target.benchmark_org) ?? target.benchmark_org });
  } else {
    level = formatQuantity(target.value ?? 0, target.indicator_unit, language);
  }
  if (target.comparator !== 'about') return `${t(comparatorKeys[target.comparator])}${language === 'zh' ? '' : ' '}${level}`;
  const tolerance =
    target.tolerance === undefined
      ? ''
      : t('targets.tolerance', { percent: Number((target.tolerance * 100).toFixed(4)) });
  const bracketed = tolerance === '' ? '' : language === 'zh' ? `（${tolerance}）` : ` (${tolerance})`;
  return `${t('targets.about')} ${level}${bracketed}`;
}
