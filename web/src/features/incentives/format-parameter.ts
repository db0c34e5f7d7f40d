import type { TFunction } from 'i18next';
import type { Parameter } from '../../api/types.ts';
import { languageTag, type Language } from '../language/language.ts';

/**
 * A rule parameter as a reader of the policy would write it. The pack stores machine units
 * (`ratio` 0.2, `multiplier` 4, `year` -1) so that formulas stay simple; the text says 20%, 4倍.
 */
export function formatParameterValue(
  parameter: Pick<Parameter, 'value' | 'unit'>,
  t: TFunction,
  language: Language,
): string {
  const { value, unit } = parameter;
  if (typeof value === 'boolean') return t(value ? 'incentives.yes' : 'incentives.no');
  if (typeof value === 'string') return unit === '' ? value : `${value} ${unit}`;
  const number = (n: number) => n.toLocaleString(languageTag(language), { maximumFractionDigits: 6 });
  switch (unit) {
    case 'ratio':
      // Multiply in integer steps so 0.07 shows as 7%, not 7.000000000000001%.
      return `${number(Math.round(value * 1e8) / 1e6)}%`;
    case 'multiplier':
      return t('incentives.multiplier', { value: number(value) });
    case 'year':
      return t('incentives.years', { value: number(value), count: Math.abs(value) });
    case '元':
      return language === 'zh' ? `${number(value)}元` : `¥${number(value)}`;
    default:
      return `${number(value)} ${unit}`;
  }
}
