import type { TFunction } from 'i18next';
import type { Parameter } from '../../api/types.ts';
import { languageTag, type Language } from '../language/language.ts';

/**
 * A rule parameter as a reader of the policy would write it. The pack stores machine units
 * (`ratio` 0.2, `multiplier` 4, `year` -1) so that formulas stay simple; the text says 20%, 4倍.
 */
export function formatParameterValue(
  parameter: Pick<Parameter, 'value' | 'unit'> & { name?: string },
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
      // An offset counts years from an event (-1: the year before it), a duration counts years.
      if (parameter.name?.endsWith('_offset') || value < 0) return yearOffset(value, t);
      return t('incentives.years', { value: number(value), count: Math.abs(value) });
    case '元':
      return language === 'zh' ? yuanInPolicyUnit(value) : `¥${number(value)}`;
    default:
      return `${number(value)} ${unit}`;
  }
}

/** -1 → 上一年度, 0 → 当年度, -2 → 前2个年度, 1 → 下一年度 (and the English). */
function yearOffset(value: number, t: TFunction): string {
  if (value === 0) return t('incentives.offsetSameYear');
  if (value === -1) return t('incentives.offsetPreviousYear');
  if (value === 1) return t('incentives.offsetNextYear');
  return value < 0 ? t('incentives.offsetYearsBefore', { count: -value }) : t('incentives.offsetYearsAfter', { count: value });
}

/**
 * An amount in yuan as the policy writes it: 2000000 → 200万元, 10000000 → 1000万元 (not 1,000万元),
 * 300000000 → 3亿元. Whole yuan are kept exactly (1234567 → 123.4567万元: the digits are moved,
 * never rounded); below 1万, or with fen, the amount stays in 元 (8,500元, 1,234.5元).
 */
export function yuanInPolicyUnit(value: number): string {
  const grouped = (text: string) => text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (!Number.isSafeInteger(value) || Math.abs(value) < 10_000) {
    const [whole = '', fraction] = String(value).split('.');
    return `${grouped(whole)}${fraction ? `.${fraction}` : ''}元`;
  }
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(value));
  /** The digits with the decimal point moved `places` to the left, trailing zeros dropped. */
  const shifted = (places: number) => {
    const whole = digits.slice(0, digits.length - places);
    const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
    // As the policy prints it: 1000万元 (four digits ungrouped), 12,000万元.
    return `${sign}${whole.length > 4 ? grouped(whole) : whole}${fraction ? `.${fraction}` : ''}`;
  };
  // 亿元 when that needs no more than four decimals (3.5亿元), 万元 otherwise (12,345.6789万元).
  if (Math.abs(value) >= 100_000_000 && value % 10_000 === 0) return `${shifted(8)}亿元`;
  return `${shifted(4)}万元`;
}
