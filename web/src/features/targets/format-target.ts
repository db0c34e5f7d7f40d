import type { TFunction } from 'i18next';
import type { Comparator, Target } from '../../api/types.ts';
import type { Language } from '../language/language.ts';

/** The national area code (GB/T 2260): a benchmark against it means "the national average". */
export const nationalAreaCode = '100000';

const comparatorSymbols: Record<Exclude<Comparator, 'about'>, string> = {
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
};

/** A value with its unit of measure, as each language writes it (500家 / 500 家, 2.5%). */
export function formatQuantity(value: number, unit: string, language: Language): string {
  const number = value.toLocaleString(language === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 6 });
  if (unit === '' || unit === '%' || language === 'zh') return `${number}${unit}`;
  return `${number} ${unit}`;
}

/**
 * A target as a reader states it: "≥ 500家", "约 100家（±10%）", "≥ 全国平均水平".
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
  if (target.comparator !== 'about') return `${comparatorSymbols[target.comparator]} ${level}`;
  const tolerance =
    target.tolerance === undefined
      ? ''
      : t('targets.tolerance', { percent: Number((target.tolerance * 100).toFixed(4)) });
  const bracketed = tolerance === '' ? '' : language === 'zh' ? `（${tolerance}）` : ` (${tolerance})`;
  return `${t('targets.about')} ${level}${bracketed}`;
}
