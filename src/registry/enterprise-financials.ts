import type { FieldProblem } from './registry-kinds.ts';

/**
 * The yearly financials of an enterprise (contracts §3 `years`): what the incentive rules and
 * the national criteria read. Money in yuan, counts as integers. A field left out is unknown,
 * never zero: a rule that needs it says so (`needs_info`).
 */
export const financialFields = {
  revenue: { kind: 'money', label: '营业收入', labelEn: 'revenue' },
  rd_expense: { kind: 'money', label: '研发费用', labelEn: 'R&D expense' },
  rd_expense_in_china: { kind: 'money', label: '境内研发费用', labelEn: 'R&D expense in China' },
  high_tech_revenue: { kind: 'money', label: '高新技术产品（服务）收入', labelEn: 'high-tech product (service) revenue' },
  total_assets: { kind: 'money', label: '资产总额', labelEn: 'total assets' },
  costs: { kind: 'money', label: '成本费用支出总额', labelEn: 'total costs and expenses' },
  staff: { kind: 'count', label: '职工总数', labelEn: 'staff' },
  tech_staff: { kind: 'count', label: '科技人员数', labelEn: 'technology staff' },
  ip_class1: { kind: 'count', label: 'Ⅰ类知识产权数', labelEn: 'class I IP rights' },
  ip_class2: { kind: 'count', label: 'Ⅱ类知识产权数', labelEn: 'class II IP rights' },
} as const;

export type FinancialField = keyof typeof financialFields;
export type FinancialYear = Partial<Record<FinancialField, number>>;
export const financialFieldNames = Object.keys(financialFields) as FinancialField[];

/** Parts that cannot exceed their whole (high-tech revenue is part of revenue, …). */
const partsOfWholes: [FinancialField, FinancialField][] = [
  ['rd_expense_in_china', 'rd_expense'],
  ['high_tech_revenue', 'revenue'],
  ['tech_staff', 'staff'],
];

/** A year a record may be kept for: from 1990 to this year (no forecasts in a registry). */
export function checkFinancialYearKey(year: string, field: string, today: Date = new Date()): FieldProblem | undefined {
  const number = Number(year);
  if (!/^\d{4}$/.test(year) || number < 1990 || number > today.getUTCFullYear()) {
    return { field, message: `年度“${year}”无效（应为 1990 至 ${today.getUTCFullYear()} 年）`, message_en: `"${year}" is not a year from 1990 to ${today.getUTCFullYear()}` };
  }
  return undefined;
}

/**
 * Checks one year's record, given as cells (strings from a file) or numbers (a form). Empty cells
 * are left out. `prefix` names the fields in problems (`years.2023.` for a form).
 */
export function checkFinancialYear(input: Record<string, unknown>, prefix = ''): { value?: FinancialYear; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const value: FinancialYear = {};
  for (const [field, raw] of Object.entries(input)) {
    if (!(field in financialFields)) {
      problems.push({ field: `${prefix}${field}`, message: `未知财务字段“${field}”（可选：${financialFieldNames.join('、')}）`, message_en: `unknown financial field "${field}" (one of ${financialFieldNames.join(', ')})` });
      continue;
    }
    const spec = financialFields[field as FinancialField];
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.replace(/,/g, '').trim() : raw === null || raw === undefined ? '' : '?';
    if (text === '') continue;
    const number = Number(text);
    if (!Number.isFinite(number)) {
      problems.push({ field: `${prefix}${field}`, message: `${spec.label}：“${String(raw)}”不是数字`, message_en: `${spec.labelEn}: "${String(raw)}" is not a number` });
    } else if (number < 0) {
      problems.push({ field: `${prefix}${field}`, message: `${spec.label}不能为负`, message_en: `${spec.labelEn} cannot be negative` });
    } else if (spec.kind === 'count' && !Number.isInteger(number)) {
      problems.push({ field: `${prefix}${field}`, message: `${spec.label}应为整数`, message_en: `${spec.labelEn} must be a whole number` });
    } else {
      value[field as FinancialField] = number;
    }
  }
  for (const [part, whole] of partsOfWholes) {
    const partValue = value[part];
    const wholeValue = value[whole];
    if (partValue !== undefined && wholeValue !== undefined && partValue > wholeValue) {
      problems.push({
        field: `${prefix}${part}`,
        message: `${financialFields[part].label}（${partValue}）不能大于${financialFields[whole].label}（${wholeValue}）`,
        message_en: `${financialFields[part].labelEn} (${partValue}) cannot exceed ${financialFields[whole].labelEn} (${wholeValue})`,
      });
    }
  }
  return problems.length > 0 ? { problems } : { value, problems };
}

/** The same record regardless of key order, for telling a real change from a repeat. */
export function sameFinancialYear(a: FinancialYear | undefined, b: FinancialYear | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key as FinancialField] === b[key as FinancialField]);
}
