import type { TFunction } from 'i18next';
import type { TargetEvaluation } from '../../api/types.ts';
import type { Language } from '../language/language.ts';
import { formatTarget } from '../targets/format-target.ts';
import { formatPeriod, formatValue } from './format-value.ts';

/** "（2023年）" / " (2023)": a bracketed note in the reader's language. */
export function bracketed(text: string, language: Language): string {
  return language === 'zh' ? `（${text}）` : ` (${text})`;
}

/**
 * A target as the dashboard states it: "不低于500家", "约 100家（±10%）", and for a benchmark
 * target the benchmark's own figure, "不低于全国平均水平（2.65%，2023年）" — or 暂无数据 when the
 * benchmark has not been published.
 */
export function formatEvaluationTarget(
  evaluation: Pick<TargetEvaluation, 'comparator' | 'target' | 'benchmark'>,
  unit: string,
  t: TFunction,
  language: Language,
  tolerance?: number,
): string {
  const stated = formatTarget(
    {
      comparator: evaluation.comparator,
      ...(evaluation.target === null ? {} : { value: evaluation.target }),
      ...(evaluation.benchmark ? { benchmark_org: evaluation.benchmark.org } : {}),
      ...(tolerance === undefined ? {} : { tolerance }),
      indicator_unit: unit,
    },
    t,
    language,
  );
  const benchmark = evaluation.benchmark;
  if (!benchmark) return stated;
  const figure =
    benchmark.value === null
      ? t('indicators.noData')
      : [formatValue(benchmark.value, unit, null, language), benchmark.period ? formatPeriod(benchmark.period, language) : undefined]
          .filter((part) => part !== undefined)
          .join(language === 'zh' ? '，' : ', ');
  return `${stated}${bracketed(figure, language)}`;
}

/** "595家（2023年）", "≥ 700家（2024年）", or undefined when there is no value (the page says 暂无数据). */
export function formatEvaluationValue(
  evaluation: Pick<TargetEvaluation, 'value' | 'period' | 'qualifier'>,
  unit: string,
  language: Language,
): string | undefined {
  if (evaluation.value === null) return undefined;
  const value = formatValue(evaluation.value, unit, evaluation.qualifier, language);
  return evaluation.period ? `${value}${bracketed(formatPeriod(evaluation.period, language), language)}` : value;
}
