import type { Indicator, Target } from '../policy/index.ts';
import { formulaInWords } from './formula-words.ts';
import type { IndicatorDefinition, IndicatorSummary, TargetSummary } from './indicator-contract.ts';

/** An indicator as lists show it: names, unit, how it combines. */
export function presentIndicatorSummary(indicator: Indicator): IndicatorSummary {
  return {
    code: indicator.code,
    name: indicator.name,
    ...(indicator.name_en === undefined ? {} : { name_en: indicator.name_en }),
    unit: indicator.unit,
    formula: indicator.formula ?? null,
    aggregation: indicator.aggregation,
  };
}

/** An indicator as its own page shows it: the summary, its formula in words, its period type, clause and notes. */
export function presentIndicatorDefinition(indicator: Indicator, indicators: readonly Indicator[]): IndicatorDefinition {
  return {
    ...presentIndicatorSummary(indicator),
    formula_text: indicator.formula ? formulaInWords(indicator.formula, indicators) : null,
    period_type: indicator.period_type,
    ...(indicator.clause === undefined ? {} : { clause: indicator.clause }),
    ...(indicator.description === undefined ? {} : { description: indicator.description }),
    ...(indicator.interpretation === undefined ? {} : { interpretation: indicator.interpretation }),
    ...(indicator.interpretation_zh === undefined ? {} : { interpretation_zh: indicator.interpretation_zh }),
  };
}

/** A target as an indicator's page states it. */
export function presentTargetSummary(target: Target): TargetSummary {
  return {
    id: target.id,
    indicator: target.indicator,
    comparator: target.comparator,
    ...(target.value === undefined ? {} : { value: target.value }),
    ...(target.benchmark_org === undefined ? {} : { benchmark_org: target.benchmark_org }),
    ...(target.tolerance === undefined ? {} : { tolerance: target.tolerance }),
    year: target.year,
    clause: target.clause,
    text: target.text,
  };
}
