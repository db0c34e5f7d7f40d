import type { TFunction } from 'i18next';
import { languageTag, type Language } from '../language/language.ts';

/**
 * The calculator's numbers and field paths as a person reads them. Amounts arrive as exact decimal
 * strings in yuan ("246913.58"); they are shown in the policy's unit (万元) by moving the decimal
 * point on the digits themselves, never through a float, so every 元 and 分 stays visible.
 */

/** "246913.58" → 24.691358万元; "2000000.00" → 200万元; "8500.00" → 8,500元 (below 1万 in 元); English: ¥246,913.58. */
export function amountInPolicyUnit(text: string, language: Language): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '0', fractionRaw = ''] = match;
  const fraction = fractionRaw.replace(/0+$/, '');
  const grouped = (digits: string) => new Intl.NumberFormat(languageTag(language), { useGrouping: true }).format(BigInt(digits));
  if (language === 'en') return `${sign}¥${grouped(whole)}${fractionRaw ? `.${fractionRaw.padEnd(2, '0')}` : ''}`;
  if (whole.replace(/^0+/, '').length <= 4) return `${sign}${grouped(whole)}${fraction ? `.${fraction}` : ''}元`;
  const wan = whole.slice(0, -4);
  const decimals = `${whole.slice(-4)}${fraction}`.replace(/0+$/, '');
  // As the policy prints it: 1000万元 (four digits ungrouped), 12,000万元.
  return `${sign}${wan.length > 4 ? grouped(wan) : wan}${decimals ? `.${decimals}` : ''}万元`;
}

/** The same amount in 元 with two decimals, for the line under the 万元 figure: 246,913.58元. */
export function amountInYuan(text: string, language: Language): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = `${sign}${new Intl.NumberFormat(languageTag(language), { useGrouping: true }).format(BigInt(whole))}.${fraction.padEnd(2, '0')}`;
  return language === 'zh' ? `${digits}元` : `¥${digits}`;
}

/** Profile paths a rule may find missing: years.2023.rd_expense, hte_innovation_score, flags.x, events.type.key, industry … */
export const profilePathPattern = /\b(?:years\.\d{4}\.[a-z][a-z0-9_]*|flags\.[a-z][a-z0-9_]*|events\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*|hte_innovation_score|application_date|industry|founded)\b/g;

/** A missing profile field in words: years.2023.rd_expense → 2023年 研发费用 (English: R&D expense, 2023). */
export function profilePathLabel(path: string, typed: TFunction): string {
  // Keys built from the engine's names: checked against zh.json by calc-format.test.ts.
  const t = typed as unknown as (key: string, options?: Record<string, unknown>) => string;
  const year = /^years\.(\d{4})\.([a-z0-9_]+)$/.exec(path);
  if (year) return t('calculator.yearField', { year: year[1], field: t(`registry.figureName.${year[2]}`, { defaultValue: t(`calculator.field.${year[2]}`, { defaultValue: year[2] }) }) });
  const flag = /^flags\.([a-z0-9_]+)$/.exec(path);
  if (flag) return t(`profiles.flag.${flag[1]}`, { defaultValue: flag[1] });
  const event = /^events\.([a-z0-9_]+)\.([a-z0-9_]+)$/.exec(path);
  if (event) return t('calculator.eventField', { event: t(`profiles.eventTypes.${event[1]}`, { defaultValue: event[1] }), field: t(`calculator.field.${event[2]}`, { defaultValue: event[2] }) });
  return t(`calculator.field.${path}`, { defaultValue: path });
}

/** Certificate and event types a rule's text may name (national_hte, first_above_scale …). */
const typePattern = /\b(?:national_hte|provincial_hte|tech_sme|innovative_demo_enterprise|gazelle|unicorn|first_above_scale|first_innovative_demo_enterprise|national_st_award)\b/g;

/**
 * A text of the engine or the pack (a trace value such as 未知（缺 years.2023.rd_expense）, an
 * interpretation naming national_hte) with its field paths and certificate and event types in words.
 */
export function withPathLabels(text: string, typed: TFunction): string {
  const t = typed as unknown as (key: string, options?: Record<string, unknown>) => string;
  return text
    .replace(profilePathPattern, (path) => profilePathLabel(path, typed))
    .replace(typePattern, (type) => t(`registry.certification.${type}`, { defaultValue: t(`profiles.eventTypes.${type}`, { defaultValue: type }) }));
}
