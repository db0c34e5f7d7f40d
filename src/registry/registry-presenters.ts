import type { AreaTree } from '../areas/index.ts';
import { isValidOn } from './certification-validity.ts';
import { canonicalFinancialYear } from './enterprise-financials.ts';
import type {
  EnterpriseCertification,
  EnterpriseSummary,
  FinancialYear,
  PlatformEvaluation,
  RegistryHistoryEntry,
  RegistryPlatform,
  TechContract,
} from './registry-contract.ts';
import { yuanText } from './registry-money.ts';
import type { CertificationRow, EnterpriseRow, HistoryRow, PlatformRow, TechContractRow } from './registry-repository.ts';
import { certificationLabels, certificationTypes, evaluationResultsByName, evaluationResults, industryName, outsideAreaName, type CertificationType, type EvaluationResult } from './registry-vocabulary.ts';
import { isPlatformType, type PlatformType } from './platform-types.ts';
import { AppError } from '../shared/index.ts';

/**
 * Presenters: what of a registry record leaves the server, in the contract's shapes
 * (registry-contract.ts), which the routes serialise through as well.
 */

/** 138****5678: enough to recognise, not enough to call. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  return phone.length <= 7 ? `${phone.slice(0, 1)}***` : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** 张*: the family name only. */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  return `${[...name][0] ?? ''}${'*'.repeat(Math.max(1, [...name].length - 1))}`;
}

/** True for a party in the region's tree (not the country and not outside the region). */
export function isInsideRegion(tree: AreaTree, org: string): boolean {
  const area = tree.find(org);
  return area !== undefined && area.level !== 'country';
}

export function areaName(tree: AreaTree, org: string): string {
  return tree.find(org)?.name ?? org;
}

/** A stored value the import and the edit only ever write from the closed list; anything else is a fault. */
function known<T extends string>(list: readonly T[], value: string, what: string): T {
  if ((list as readonly string[]).includes(value)) return value as T;
  throw new AppError('internal', `登记库中有未知的${what}“${value}”`, `the registry holds an unknown ${what} "${value}"`);
}

export function certificationTypeOf(value: string): CertificationType {
  return known(certificationTypes, value, '资质类型');
}

function platformTypeOf(value: string): PlatformType {
  if (isPlatformType(value)) return value;
  throw new AppError('internal', `登记库中有未知的平台类型“${value}”`, `the registry holds an unknown platform type "${value}"`);
}

/** Evaluations as stored; records written before results were coded may hold the Chinese word. */
function evaluationOf(stored: { date: string; result: string; note?: string | undefined }): PlatformEvaluation {
  const result: EvaluationResult = evaluationResultsByName[stored.result] ?? known(evaluationResults, stored.result, '评估结果');
  return { date: stored.date, result, ...(stored.note ? { note: stored.note } : {}) };
}

export function presentEnterpriseSummary(row: EnterpriseRow, tree: AreaTree, validTypes: readonly CertificationType[]): EnterpriseSummary {
  return {
    credit_code: row.creditCode,
    name: row.name,
    org: row.org,
    org_name: areaName(tree, row.org),
    industry: row.industry,
    industry_name: industryName(row.industry),
    founded: row.founded,
    above_scale: row.aboveScale,
    synthetic: row.synthetic,
    certifications: [...new Set(validTypes)],
  };
}

/** The types of the certifications valid on `today` (Beijing), per enterprise. */
export function validCertificationTypes(certifications: readonly CertificationRow[], today: string): Map<string, CertificationType[]> {
  const byEnterprise = new Map<string, CertificationType[]>();
  for (const certification of certifications) {
    if (!isValidOn(certification, today)) continue;
    byEnterprise.set(certification.creditCode, [...(byEnterprise.get(certification.creditCode) ?? []), certificationTypeOf(certification.type)]);
  }
  return byEnterprise;
}

export function presentCertification(certification: CertificationRow, today: string): EnterpriseCertification {
  const type = certificationTypeOf(certification.type);
  return {
    type,
    label: certificationLabels[type],
    number: certification.number,
    valid_from: certification.validFrom,
    valid_to: certification.validTo,
    status: certification.revokedOn ? 'revoked' : 'valid',
    revoked_on: certification.revokedOn,
    valid_today: isValidOn(certification, today),
  };
}

/** The financials by year, each in its canonical form (amounts as exact strings). */
export function presentYears(years: EnterpriseRow['years']): Record<string, FinancialYear> {
  return Object.fromEntries(Object.entries(years).map(([year, record]) => [year, canonicalFinancialYear(record)]));
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A history entry; `reveal` shows what was stored of a record (contacts masked by the caller). */
export function presentHistoryEntry(entry: HistoryRow, reveal: (record: Record<string, unknown> | null) => Record<string, unknown> | null = (record) => record): RegistryHistoryEntry {
  return {
    registry: entry.registry,
    change: entry.change,
    before: reveal(asRecord(entry.before)),
    after: reveal(asRecord(entry.after)),
    changed_by: entry.changedBy,
    changed_at: entry.changedAt.toISOString(),
  };
}

export function presentPlatform(row: PlatformRow, tree: AreaTree): RegistryPlatform {
  const evaluations = row.evaluations.map(evaluationOf);
  return {
    registration_number: row.registrationNumber,
    name: row.name,
    type: platformTypeOf(row.type),
    level: row.level,
    host: row.host,
    org: row.org,
    org_name: areaName(tree, row.org),
    approved_on: row.approvedOn,
    construction_from: row.constructionFrom,
    construction_to: row.constructionTo,
    evaluations,
    latest_evaluation: evaluations.at(-1) ?? null,
    synthetic: row.synthetic,
  };
}

export function presentContract(row: TechContractRow, tree: AreaTree): TechContract {
  return {
    registration_number: row.registrationNumber,
    type: row.type,
    contract_amount: yuanText(row.contractAmount),
    tech_amount: yuanText(row.techAmount),
    seller_name: row.sellerName,
    seller_credit_code: row.sellerCreditCode,
    seller_org: row.sellerOrg,
    seller_org_name: isInsideRegion(tree, row.sellerOrg) ? areaName(tree, row.sellerOrg) : outsideAreaName(row.sellerOrg),
    seller_inside: isInsideRegion(tree, row.sellerOrg),
    buyer_name: row.buyerName,
    buyer_credit_code: row.buyerCreditCode,
    buyer_org: row.buyerOrg,
    buyer_org_name: isInsideRegion(tree, row.buyerOrg) ? areaName(tree, row.buyerOrg) : outsideAreaName(row.buyerOrg),
    buyer_inside: isInsideRegion(tree, row.buyerOrg),
    registered_on: row.registeredOn,
    synthetic: row.synthetic,
  };
}
