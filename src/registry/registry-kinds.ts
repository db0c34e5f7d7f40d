import type { AreaTree } from '../areas/area-tree.ts';
import { checkCreditCode } from './credit-code.ts';
import { certificationTypes, defaultValidTo, type CertificationType } from './certification-validity.ts';
import { checkFinancialYear, checkFinancialYearKey, financialFieldNames } from './enterprise-financials.ts';
import { nameGrams } from './name-grams.ts';
import { contractTypeCodes, contractTypes, isPlatformType, type ContractType } from './platform-types.ts';

/**
 * The import kinds: four registries, and two kinds of rows that belong to a record of one
 * (an enterprise's financials for a year, a platform's evaluation), imported the same way.
 */
export const registryKinds = ['enterprises', 'certifications', 'platforms', 'tech_contracts', 'enterprise_years', 'platform_evaluations'] as const;
export type RegistryKind = (typeof registryKinds)[number];

/** Results of the periodic evaluation (优奖劣汰), stored as codes; files may give the Chinese names. */
export const evaluationResultLabels = { excellent: '优秀', pass: '合格', fail: '不合格', revoked: '撤销' } as const;
export type EvaluationResult = keyof typeof evaluationResultLabels;
export const evaluationResults = Object.keys(evaluationResultLabels) as EvaluationResult[];
/** Chinese name → code, with the synonyms registers use (良好 counts as a pass, 摘牌 as revoked). */
const evaluationResultsByName: Record<string, EvaluationResult> = { ...Object.fromEntries(Object.entries(evaluationResultLabels).map(([code, label]) => [label, code as EvaluationResult])), 良好: 'pass', 摘牌: 'revoked' };
export interface PlatformEvaluation {
  date: string;
  result: EvaluationResult;
  note?: string;
}

export interface FieldProblem {
  field: string;
  message: string;
  message_en: string;
}

/** Reads one cell, recording a problem and returning undefined when it is not acceptable. */
export class RowReader {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly cells: Record<string, string>, private readonly tree: AreaTree) {}

  private fail(field: string, message: string, messageEn: string): undefined {
    this.problems.push({ field, message, message_en: messageEn });
    return undefined;
  }

  text(field: string, options: { required?: boolean; max?: number } = {}): string | null | undefined {
    const value = (this.cells[field] ?? '').trim();
    if (value === '') return options.required ? this.fail(field, '不能为空', 'required') : null;
    if (value.length > (options.max ?? 200)) return this.fail(field, `过长（最多 ${options.max ?? 200} 字）`, `too long (at most ${options.max ?? 200})`);
    return value;
  }

  creditCode(field: string, options: { required?: boolean } = {}): string | null | undefined {
    const value = (this.cells[field] ?? '').trim();
    if (value === '') return options.required ? this.fail(field, '不能为空', 'required') : null;
    const checked = checkCreditCode(value);
    return checked.ok ? checked.code : this.fail(field, checked.message, checked.message_en);
  }

  area(field: string, options: { insideOnly?: boolean } = { insideOnly: true }): string | undefined {
    const value = (this.cells[field] ?? '').trim();
    if (!/^\d{6}$/.test(value)) return this.fail(field, `“${value}”不是 6 位行政区划代码`, `"${value}" is not a 6-digit area code`);
    // Contracts may name a party outside Ningxia: any well-formed code is kept.
    if (options.insideOnly && !this.tree.has(value)) return this.fail(field, `未知行政区划代码“${value}”`, `unknown area code "${value}"`);
    // Inside the region, a party is placed in its county, so that its amounts roll up the tree.
    const area = this.tree.find(value);
    if (area && area.level !== 'county' && area.level !== 'country') return this.fail(field, `“${value}”（${area.name}）不是县级区划代码：请填写所在县（市、区）`, `"${value}" (${area.name}) is not a county-level code: give the county`);
    return value;
  }

  date(field: string, options: { required?: boolean } = {}): string | null | undefined {
    const value = (this.cells[field] ?? '').trim();
    if (value === '') return options.required ? this.fail(field, '不能为空', 'required') : null;
    const normalised = value.replace(/[./年月]/g, '-').replace(/日$/, '');
    const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(normalised);
    const iso = match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : '';
    const parsed = new Date(`${iso}T00:00:00Z`);
    if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) return this.fail(field, `日期“${value}”无效（应为 2024-06-30）`, `bad date "${value}" (expected 2024-06-30)`);
    return iso;
  }

  amount(field: string): number | undefined {
    const value = (this.cells[field] ?? '').replace(/,/g, '').trim();
    const number = Number(value);
    if (value === '' || !Number.isFinite(number)) return this.fail(field, `“${value}”不是数字`, `"${value}" is not a number`);
    if (number < 0) return this.fail(field, '金额不能为负', 'an amount cannot be negative');
    return number;
  }

  boolean(field: string): boolean | undefined {
    const value = (this.cells[field] ?? '').trim().toLowerCase();
    if (['', '0', 'false', '否', 'n', 'no'].includes(value)) return false;
    if (['1', 'true', '是', 'y', 'yes'].includes(value)) return true;
    return this.fail(field, `“${value}”应为 是/否`, `"${value}" should be yes/no`);
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], labels?: Record<string, T>): T | undefined {
    const raw = (this.cells[field] ?? '').trim();
    const value = (labels?.[raw] ?? raw) as T;
    if (allowed.includes(value)) return value;
    return this.fail(field, `“${raw}”不是可选值（${allowed.join('、')}）`, `"${raw}" is not one of ${allowed.join(', ')}`);
  }

  reject(field: string, message: string, messageEn: string): void {
    this.fail(field, message, messageEn);
  }
}

export interface ParsedRow {
  key: string;
  values: Record<string, unknown>;
}

/** The columns of each registry's import file (and template), in order; required ones first. */
export const registryColumns: Record<RegistryKind, { columns: string[]; required: string[]; key: string; textColumns: string[] }> = {
  enterprises: { columns: ['credit_code', 'name', 'org', 'industry', 'founded', 'above_scale', 'contact_name', 'contact_phone'], required: ['credit_code', 'name', 'org'], key: 'credit_code', textColumns: ['credit_code', 'org', 'industry', 'contact_phone'] },
  certifications: { columns: ['credit_code', 'type', 'number', 'valid_from', 'valid_to', 'revoked_on'], required: ['credit_code', 'type', 'valid_from'], key: 'credit_code+type+valid_from', textColumns: ['credit_code', 'number'] },
  platforms: { columns: ['registration_number', 'name', 'type', 'level', 'host', 'host_credit_code', 'org', 'approved_on', 'construction_from', 'construction_to'], required: ['registration_number', 'name', 'type', 'level', 'host', 'org', 'approved_on'], key: 'registration_number', textColumns: ['registration_number', 'host_credit_code', 'org'] },
  enterprise_years: { columns: ['credit_code', 'year', ...financialFieldNames], required: ['credit_code', 'year'], key: 'credit_code+year', textColumns: ['credit_code'] },
  platform_evaluations: { columns: ['registration_number', 'evaluated_on', 'result', 'note'], required: ['registration_number', 'evaluated_on', 'result'], key: 'registration_number+evaluated_on', textColumns: ['registration_number'] },
  tech_contracts: { columns: ['registration_number', 'type', 'contract_amount', 'tech_amount', 'seller_name', 'seller_credit_code', 'seller_org', 'buyer_name', 'buyer_credit_code', 'buyer_org', 'registered_on'], required: ['registration_number', 'type', 'contract_amount', 'tech_amount', 'seller_name', 'seller_org', 'buyer_name', 'buyer_org', 'registered_on'], key: 'registration_number', textColumns: ['registration_number', 'seller_credit_code', 'seller_org', 'buyer_credit_code', 'buyer_org'] },
};

/** Checks one row of a registry file; returns its key and values, or the problems. */
export function parseRegistryRow(kind: RegistryKind, cells: Record<string, string>, tree: AreaTree): { row?: ParsedRow; problems: FieldProblem[] } {
  const read = new RowReader(cells, tree);
  let row: ParsedRow | undefined;
  if (kind === 'enterprises') {
    const creditCode = read.creditCode('credit_code', { required: true });
    const name = read.text('name', { required: true });
    const org = read.area('org');
    const industry = read.text('industry', { max: 5 });
    if (industry && !/^[A-T]\d{2,4}$/.test(industry)) read.reject('industry', `“${industry}”不是国民经济行业分类代码（如 C3989）`, `"${industry}" is not a GB/T 4754 code (e.g. C3989)`);
    const founded = read.date('founded');
    const aboveScale = read.boolean('above_scale');
    const contactName = read.text('contact_name', { max: 50 });
    const contactPhone = read.text('contact_phone', { max: 30 });
    if (creditCode && name && org) row = { key: creditCode, values: { creditCode, name, nameGrams: nameGrams(name), org, industry, founded, aboveScale, contactName, contactPhone } };
  } else if (kind === 'certifications') {
    const creditCode = read.creditCode('credit_code', { required: true });
    const type = read.oneOf<CertificationType>('type', certificationTypes);
    const number = read.text('number', { max: 60 });
    const validFrom = read.date('valid_from', { required: true });
    const explicitTo = read.date('valid_to');
    const validTo = explicitTo ?? (type && validFrom ? defaultValidTo(type, validFrom) : undefined);
    if (validFrom && validTo && validTo < validFrom) read.reject('valid_to', '有效期止早于起始日', 'valid_to is before valid_from');
    // 资格取消: the certificate no longer holds from this day on.
    const revokedOn = read.date('revoked_on');
    if (revokedOn && validFrom && validTo && (revokedOn < validFrom || revokedOn > validTo)) read.reject('revoked_on', `撤销日期应在有效期内（${validFrom} 至 ${validTo}）`, `revoked_on must lie within the validity (${validFrom} to ${validTo})`);
    if (creditCode && type && validFrom && validTo && validTo >= validFrom && revokedOn !== undefined) row = { key: `${creditCode}|${type}|${validFrom}`, values: { creditCode, type, number, validFrom, validTo, revokedOn } };
  } else if (kind === 'platforms') {
    const registrationNumber = read.text('registration_number', { required: true, max: 60 });
    const name = read.text('name', { required: true });
    const typeText = read.text('type', { required: true });
    if (typeText && !isPlatformType(typeText)) read.reject('type', `未知平台类型“${typeText}”`, `unknown platform type "${typeText}"`);
    const level = read.oneOf<'national' | 'regional'>('level', ['national', 'regional'], { 国家级: 'national', 自治区级: 'regional', 省级: 'regional' });
    const host = read.text('host', { required: true });
    const hostCreditCode = read.creditCode('host_credit_code');
    const org = read.area('org');
    const approvedOn = read.date('approved_on', { required: true });
    const constructionFrom = read.date('construction_from');
    const constructionTo = read.date('construction_to');
    if (registrationNumber && name && typeText && isPlatformType(typeText) && level && host && org && approvedOn) {
      row = { key: registrationNumber, values: { registrationNumber, name, nameGrams: nameGrams(name), type: typeText, level, host, hostCreditCode, org, approvedOn, constructionFrom, constructionTo } };
    }
  } else if (kind === 'tech_contracts') {
    const registrationNumber = read.text('registration_number', { required: true, max: 60 });
    const type = read.oneOf<ContractType>('type', contractTypeCodes, contractTypes);
    const contractAmount = read.amount('contract_amount');
    const techAmount = read.amount('tech_amount');
    if (contractAmount !== undefined && techAmount !== undefined && techAmount > contractAmount) read.reject('tech_amount', '技术交易额不能大于合同金额', 'the technology amount cannot exceed the contract amount');
    const sellerName = read.text('seller_name', { required: true });
    const sellerCreditCode = read.creditCode('seller_credit_code');
    const sellerOrg = read.area('seller_org', { insideOnly: false });
    const buyerName = read.text('buyer_name', { required: true });
    const buyerCreditCode = read.creditCode('buyer_credit_code');
    const buyerOrg = read.area('buyer_org', { insideOnly: false });
    const registeredOn = read.date('registered_on', { required: true });
    if (registrationNumber && type && contractAmount !== undefined && techAmount !== undefined && techAmount <= contractAmount && sellerName && sellerOrg && buyerName && buyerOrg && registeredOn) {
      const partyGrams = [...new Set([...nameGrams(sellerName), ...nameGrams(buyerName)])];
      row = { key: registrationNumber, values: { registrationNumber, type, contractAmount: String(contractAmount), techAmount: String(techAmount), sellerName, sellerCreditCode, sellerOrg, buyerName, buyerCreditCode, buyerOrg, registeredOn, partyGrams } };
    }
  } else if (kind === 'enterprise_years') {
    const creditCode = read.creditCode('credit_code', { required: true });
    const year = read.text('year', { required: true, max: 4 });
    const yearProblem = year ? checkFinancialYearKey(year, 'year') : undefined;
    if (yearProblem) read.reject(yearProblem.field, yearProblem.message, yearProblem.message_en);
    const record = checkFinancialYear(Object.fromEntries(financialFieldNames.map((field) => [field, cells[field] ?? ''])));
    for (const problem of record.problems) read.reject(problem.field, problem.message, problem.message_en);
    if (record.value && Object.keys(record.value).length === 0) read.reject('revenue', '至少填写一项财务数据', 'give at least one financial figure');
    if (creditCode && year && !yearProblem && record.value) row = { key: `${creditCode}|${year}`, values: { creditCode, year, record: record.value } };
  } else if (kind === 'platform_evaluations') {
    const registrationNumber = read.text('registration_number', { required: true, max: 60 });
    const date = read.date('evaluated_on', { required: true });
    const result = read.oneOf<EvaluationResult>('result', evaluationResults, evaluationResultsByName);
    const note = read.text('note', { max: 200 });
    if (registrationNumber && date && result) row = { key: `${registrationNumber}|${date}`, values: { registrationNumber, date, result, note } };
  }
  return read.problems.length > 0 ? { problems: read.problems } : { row, problems: [] };
}
