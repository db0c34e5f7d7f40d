/**
 * The registry's HTTP contract: the zod schemas of what its routes answer, of the bodies and
 * queries the web builds, and of the fields of every registry kind. The server validates and
 * serialises through them (a response schema is the whitelist of what leaves the server); the web
 * takes its types from them with `import type`. This file imports only zod and the registry's
 * vocabularies, so that the web type-checks it.
 *
 * Money travels as decimal strings, never as JSON numbers:
 * - amounts in yuan (contract amounts, yearly financials) with exactly two decimals, exact to the
 *   分: "30000000.00";
 * - technology turnover in 亿元 as the exact quotient of the yuan sum by 10^8, without trailing
 *   zeros (at most ten decimals): "0.31", "100.0000000099". The web formats it for display.
 */
import { z } from 'zod';
import { contractTypeCodes, platformTypeNames } from './platform-types.ts';
import {
  certificationTypes,
  enterpriseEventLabels,
  enterpriseEventTypes,
  enterpriseFields,
  enterpriseFlagNames,
  evaluationResults,
  platformLevels,
  registryIndicatorCodes,
  registryKinds,
} from './registry-vocabulary.ts';

// ---- Field rules: each refusal carries its message in Chinese and in English ----

/** A check that refuses with a message in both languages (`params.message_en`), naming the value. */
function rule<T>(accepts: (value: T) => boolean, messages: (value: T) => [zh: string, en: string]) {
  return (payload: z.core.ParsePayload<T>) => {
    if (accepts(payload.value)) return;
    const [message, messageEn] = messages(payload.value);
    // One refusal per value: a later check of the same value would only repeat it.
    payload.issues.push({ code: 'custom', input: payload.value, message, params: { message_en: messageEn }, continue: false });
  };
}

/** Text of 1 to `max` characters (callers trim first). */
export function textSchema(max: number) {
  return z.string().check(rule((value: string) => value.length > 0 && [...value].length <= max, (value) => (value.length === 0 ? ['不能为空', 'required'] : [`过长（最多 ${max} 字）`, `too long (at most ${max} characters)`])));
}

/** A GB/T 2260 area code: six digits (whether it is a county of the tree the server checks). */
export const areaCodeSchema = z.string().check(rule((value: string) => /^\d{6}$/.test(value), (value) => [`“${value}”不是 6 位行政区划代码`, `"${value}" is not a 6-digit area code`]));

/**
 * A GB/T 4754-2017 industry code at any of its levels: a section letter (A–T) alone, or with the
 * 2-digit division, 3-digit group or 4-digit class: C, C14, C144, C1441.
 */
export const industryCodeSchema = z
  .string()
  .check(rule((value: string) => /^[A-T](\d{2,4})?$/.test(value), (value) => [`“${value}”不是国民经济行业分类代码（门类字母，可带 2 至 4 位数字，如 C、C14、C1441）`, `"${value}" is not a GB/T 4754 code (a section letter, optionally with 2 to 4 digits: C, C14, C1441)`]));

/** A real calendar date as YYYY-MM-DD (2015-02-30 is refused). */
export const isoDateSchema = z.string().check(rule(isIsoDate, (value) => [`日期“${value}”无效（应为 2024-06-30）`, `bad date "${value}" (expected 2024-06-30)`]));

function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // A calendar check, not a clock: the date must exist (no 30 February).
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A phone number as people write it: digits, +, -, spaces and brackets, 5 to 30 characters. */
export const phoneSchema = z.string().check(rule((value: string) => /^[0-9+\-() ]{5,30}$/.test(value) && /\d{3}/.test(value.replace(/\D/g, '')), (value) => [`“${value}”不是电话号码`, `"${value}" is not a phone number`]));

/** The largest amount a registry takes: below 10^14 yuan (100 万亿元). */
const maxYuanDigits = 14;

/**
 * Why a text is not an amount in yuan, or undefined when it is one: digits with at most two
 * decimals (exact to the 分), not negative, no sign, exponent, hexadecimal or other form.
 * Thousands separators are a file's business; the reader removes them first.
 */
export function yuanAmountProblem(text: string): [zh: string, en: string] | undefined {
  if (/^(0|[1-9]\d*)(\.\d{1,2})?$/.test(text)) {
    return text.split('.')[0]!.length > maxYuanDigits ? [`金额“${text}”过大（应小于 10^${maxYuanDigits} 元）`, `the amount "${text}" is too large (below 10^${maxYuanDigits} yuan)`] : undefined;
  }
  if (/^-\s*(\d+(\.\d*)?|\.\d+)$/.test(text)) return [`金额不能为负（“${text}”）`, `an amount cannot be negative ("${text}")`];
  if (/^(0|[1-9]\d*)\.\d{3,}$/.test(text)) return [`金额“${text}”超过两位小数（以元为单位，精确到分）`, `the amount "${text}" has more than two decimals (yuan, exact to the fen)`];
  return [`“${text}”不是金额（以元为单位的数字，如 12345.67）`, `"${text}" is not an amount (a number of yuan such as 12345.67)`];
}

/** An amount in yuan as a decimal string, exact to the 分 ("12345.6" and "12345.67" are taken). */
export const yuanAmountSchema = z.string().check(rule((value: string) => yuanAmountProblem(value) === undefined, (value) => yuanAmountProblem(value)!));

/** The largest count a registry takes (staff, IP rights). */
export const maxCount = 10_000_000;

/** A count: a whole number from 0 to 10,000,000 (never 12.5, never 1e308). */
export const countSchema = z
  .number()
  .check(rule((value: number) => Number.isSafeInteger(value) && value >= 0 && value <= maxCount, (value) => (Number.isInteger(value) ? [`“${value}”应为 0 至 ${maxCount} 的整数`, `"${value}" should be a whole number from 0 to ${maxCount}`] : [`“${value}”应为整数`, `"${value}" should be a whole number`])));

/** A year a financial record may be kept for: four digits from 1990 (the server refuses years after the current one). */
export const financialYearKeySchema = z.string().check(rule((value: string) => /^\d{4}$/.test(value) && Number(value) >= 1990, (value) => [`年度“${value}”无效（应为 1990 年以后的四位年份）`, `"${value}" is not a year from 1990`]));

// ---- One schema per registry kind: the fields a file row or a form gives ----
// The server extends them with what needs its data (an area's place in the tree, a credit
// code's check character, today, amounts compared exactly): registry-field-schemas.ts.

/** An enterprise (企业): the import row and, without its key, the edit form. */
export const enterpriseFieldsSchema = z.object({
  credit_code: z.string(),
  name: textSchema(200),
  org: areaCodeSchema,
  industry: industryCodeSchema.nullable(),
  founded: isoDateSchema.nullable(),
  above_scale: z.boolean(),
  contact_name: textSchema(50).nullable(),
  contact_phone: phoneSchema.nullable(),
});
export type EnterpriseFields = z.infer<typeof enterpriseFieldsSchema>;

/** A certificate of an enterprise; `valid_to` left out takes the type's default term. */
export const certificationFieldsSchema = z.object({
  credit_code: z.string(),
  type: z.enum(certificationTypes),
  number: textSchema(60).nullable(),
  valid_from: isoDateSchema,
  valid_to: isoDateSchema.nullable(),
  revoked_on: isoDateSchema.nullable(),
});
export type CertificationFields = z.infer<typeof certificationFieldsSchema>;

/** An innovation platform or carrier (平台载体). */
export const platformFieldsSchema = z.object({
  registration_number: textSchema(60),
  name: textSchema(200),
  type: z.enum(platformTypeNames),
  level: z.enum(platformLevels),
  host: textSchema(200),
  host_credit_code: z.string().nullable(),
  org: areaCodeSchema,
  approved_on: isoDateSchema,
  construction_from: isoDateSchema.nullable(),
  construction_to: isoDateSchema.nullable(),
});
export type PlatformFields = z.infer<typeof platformFieldsSchema>;

/** A registered technology contract (技术合同认定登记); amounts in yuan. */
export const techContractFieldsSchema = z.object({
  registration_number: textSchema(60),
  type: z.enum(contractTypeCodes),
  contract_amount: yuanAmountSchema,
  tech_amount: yuanAmountSchema,
  seller_name: textSchema(200),
  seller_credit_code: z.string().nullable(),
  seller_org: areaCodeSchema,
  buyer_name: textSchema(200),
  buyer_credit_code: z.string().nullable(),
  buyer_org: areaCodeSchema,
  registered_on: isoDateSchema,
});
export type TechContractFields = z.infer<typeof techContractFieldsSchema>;

/** One year's financials as entered: money in yuan (decimal strings), counts whole; a field left out is unknown. */
export const financialYearInputSchema = z.strictObject({
  revenue: yuanAmountSchema.optional(),
  rd_expense: yuanAmountSchema.optional(),
  rd_expense_in_china: yuanAmountSchema.optional(),
  high_tech_revenue: yuanAmountSchema.optional(),
  total_assets: yuanAmountSchema.optional(),
  costs: yuanAmountSchema.optional(),
  total_liabilities: yuanAmountSchema.optional(),
  rd_expense_deduction: yuanAmountSchema.optional(),
  staff: countSchema.optional(),
  tech_staff: countSchema.optional(),
  ip_class1: countSchema.optional(),
  ip_class2: countSchema.optional(),
});
export type FinancialYearInput = z.infer<typeof financialYearInputSchema>;

/** A row of yearly financials: the enterprise, the year and its figures. */
export const enterpriseYearFieldsSchema = z.object({ credit_code: z.string(), year: financialYearKeySchema, ...financialYearInputSchema.shape });
export type EnterpriseYearFields = z.infer<typeof enterpriseYearFieldsSchema>;

/** The experts' innovation score of high-tech recognition: a whole number from 0 to 100. */
export const hteInnovationScoreSchema = z
  .number()
  .check(rule((value: number) => Number.isInteger(value) && value >= 0 && value <= 100, (value) => [`创新能力评价得分“${value}”应为 0 至 100 的整数`, `the innovation score "${value}" should be a whole number from 0 to 100`]));

/** Declarations (contract §3 `flags`): true, false, or null (not declared). */
export const enterpriseFlagsInputSchema = z.strictObject(Object.fromEntries(enterpriseFlagNames.map((flag) => [flag, z.boolean().nullable().optional()])) as Record<(typeof enterpriseFlagNames)[number], z.ZodOptional<z.ZodNullable<z.ZodBoolean>>>);
export type EnterpriseFlagsInput = z.infer<typeof enterpriseFlagsInputSchema>;

/** The enterprise-level declarations a file of enterprises may carry (a column left out of the file leaves the stored value). */
export const enterpriseDeclarationColumnsSchema = z.object({ hte_innovation_score: hteInnovationScoreSchema.nullable().optional(), ...enterpriseFlagsInputSchema.shape });

/** An event of an enterprise as entered: its type, its year and, for a type that carries one, its sum in yuan. */
export const enterpriseEventInputSchema = z
  .strictObject({ type: z.enum(enterpriseEventTypes), year: z.number().int().min(1990).max(2100), amount: yuanAmountSchema.nullable().optional() })
  .check(
    rule(
      (event: { type: (typeof enterpriseEventTypes)[number]; amount?: string | null | undefined }) => enterpriseEventLabels[event.type].amount || event.amount === undefined || event.amount === null,
      (event) => [`“${enterpriseEventLabels[event.type].zh}”没有金额`, `"${enterpriseEventLabels[event.type].en}" has no amount`],
    ),
  );
export type EnterpriseEventInput = z.infer<typeof enterpriseEventInputSchema>;

/** A row of events: the enterprise, the event's type and year, the amount where the type has one. */
export const enterpriseEventFieldsSchema = z.object({ credit_code: z.string(), type: z.enum(enterpriseEventTypes), year: financialYearKeySchema, amount: yuanAmountSchema.optional() });
export type EnterpriseEventFields = z.infer<typeof enterpriseEventFieldsSchema>;

/** An evaluation of a platform (优奖劣汰). */
export const platformEvaluationFieldsSchema = z.object({
  registration_number: textSchema(60),
  evaluated_on: isoDateSchema,
  result: z.enum(evaluationResults),
  note: textSchema(200).nullable(),
});
export type PlatformEvaluationFields = z.infer<typeof platformEvaluationFieldsSchema>;

// ---- Requests the web builds ----

/**
 * PATCH /api/registry/enterprises/:code: only the fields given change; a year set to null is
 * removed, a year given replaces that year's record. `expected_updated_at` is the `updated_at`
 * the editor loaded: a later change by someone else is a conflict (409), never overwritten.
 */
export const enterpriseChangesSchema = z.strictObject({
  expected_updated_at: z.iso.datetime({ offset: true }),
  ...enterpriseFieldsSchema.omit({ credit_code: true }).partial().shape,
  years: z.record(financialYearKeySchema, financialYearInputSchema.nullable()).optional(),
  /** The whole list of events (replaces the stored one; one per type and year). */
  events: z.array(enterpriseEventInputSchema).max(100).optional(),
  /** null removes the score. */
  hte_innovation_score: hteInnovationScoreSchema.nullable().optional(),
  /** Only the flags given change; null: no longer declared. */
  flags: enterpriseFlagsInputSchema.optional(),
});
export type EnterpriseChanges = z.infer<typeof enterpriseChangesSchema>;

const trueOrFalse = z.enum(['true', 'false']);
const searchText = z.string().max(100);
const areaFilter = z.string().regex(/^\d{6}$/);
const yearNumber = z.coerce.number().int().min(1990).max(2100);

export const pagingSchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20), offset: z.coerce.number().int().min(0).default(0) });

export const enterpriseSorts = ['name', 'credit_code', 'updated'] as const;
/** The enterprise list's filters (every one optional); the export takes `q` and `org`. */
export const enterpriseFilterSchema = z.object({
  q: searchText.optional(),
  org: areaFilter.optional(),
  certification: z.enum(certificationTypes).optional(),
  above_scale: trueOrFalse.optional(),
  synthetic: trueOrFalse.optional(),
  sort: z.enum(enterpriseSorts).optional(),
});
export type EnterpriseFilter = z.infer<typeof enterpriseFilterSchema>;

/** The enterprise export: contacts masked unless `unmask=true` (needs registry.contacts; audited). */
export const enterpriseExportQuerySchema = z.object({ q: searchText.optional(), org: areaFilter.optional(), unmask: trueOrFalse.default('false') });

export const platformFilterSchema = z.object({ q: searchText.optional(), org: areaFilter.optional(), type: z.enum(platformTypeNames).optional() });
export type PlatformFilter = z.infer<typeof platformFilterSchema>;

export const techContractFilterSchema = z.object({ q: searchText.optional(), org: areaFilter.optional(), year: yearNumber.optional(), type: z.enum(contractTypeCodes).optional() });
export type TechContractFilter = z.infer<typeof techContractFilterSchema>;

/** An area of the region and a year (the turnover table, the registry-vs-published comparison). */
export const areaYearQuerySchema = z.object({ year: yearNumber, org: areaFilter.default('640000') });

/** The pipeline's years; by default the seven years up to the current one. */
export const pipelineQuerySchema = z.object({ from: yearNumber.optional(), to: yearNumber.optional() });

export const registryKindSchema = z.enum(registryKinds);
/** The uploaded file's name: it appears in every message and in the problems file's name, so no control character (a CRLF) passes. */
const uploadFileName = z.string().min(1).max(200).regex(/^\P{Cc}+$/u, 'a file name without line breaks or control characters').default('upload.csv');
export const importQuerySchema = z.object({ file_name: uploadFileName, dry_run: trueOrFalse.default('false') });
/** The full problem list of a file (POST …/import/problems.csv): checked as a dry run, nothing written. */
export const importProblemsQuerySchema = z.object({ file_name: uploadFileName });

// ---- Answers ----

/** Yuan as an exact decimal string with two decimals. */
export const yuanSchema = z.string().regex(/^\d+\.\d{2}$/).describe('yuan, exact decimal string with two decimals, e.g. "30000000.00"');
/** 亿元 as an exact decimal string (the yuan sum divided by 10^8, no trailing zeros). */
export const hundredMillionYuanSchema = z.string().regex(/^\d+(\.\d+)?$/).describe('亿元, exact decimal string, e.g. "0.31"');
const signedDecimalSchema = z.string().regex(/^-?\d+(\.\d+)?$/);
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instantSchema = z.string().describe('ISO 8601 instant (UTC)');

/** A problem with one field: `years.2023.rd_expense`, `contact_phone` (the 400 answer's details). */
export const fieldProblemSchema = z.object({ field: z.string(), message: z.string(), message_en: z.string() });
export type FieldProblem = z.infer<typeof fieldProblemSchema>;

/** One year's financials as stored: money in yuan (two decimals), counts whole; unknown figures absent. */
export const financialYearSchema = z.object({
  revenue: yuanSchema.optional(),
  rd_expense: yuanSchema.optional(),
  rd_expense_in_china: yuanSchema.optional(),
  high_tech_revenue: yuanSchema.optional(),
  total_assets: yuanSchema.optional(),
  costs: yuanSchema.optional(),
  total_liabilities: yuanSchema.optional(),
  rd_expense_deduction: yuanSchema.optional(),
  staff: z.number().int().optional(),
  tech_staff: z.number().int().optional(),
  ip_class1: z.number().int().optional(),
  ip_class2: z.number().int().optional(),
});
export type FinancialYear = z.infer<typeof financialYearSchema>;

export const enterpriseSummarySchema = z.object({
  credit_code: z.string(),
  name: z.string(),
  org: z.string(),
  org_name: z.string(),
  industry: z.string().nullable(),
  /** The GB/T 4754-2017 name of the code (or of its nearest level the platform names). */
  industry_name: z.string().nullable(),
  founded: dateSchema.nullable(),
  above_scale: z.boolean(),
  synthetic: z.boolean(),
  /** The certification types valid today (Beijing time). */
  certifications: z.array(z.enum(certificationTypes)),
});
export type EnterpriseSummary = z.infer<typeof enterpriseSummarySchema>;

export const enterprisePageSchema = z.object({
  /** How many enterprises match in all (every page reaches them). */
  total: z.number().int(),
  /** The total is an estimate (a common word over a large register), shown as 约. */
  total_estimated: z.boolean(),
  enterprises: z.array(enterpriseSummarySchema),
});
export type EnterprisePage = z.infer<typeof enterprisePageSchema>;

export const registryHistoryEntrySchema = z.object({
  /** Whose record changed: an enterprise's history also holds its certificates' changes. */
  registry: z.enum(['enterprise', 'certification', 'platform', 'tech_contract']),
  change: z.enum(['create', 'update']),
  // Free-form on purpose: the fields a change touched, as they were stored then (by registry and
  // over the years); contacts are masked for those who may not see them.
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  changed_by: z.string().nullable(),
  changed_at: instantSchema,
});
export type RegistryHistoryEntry = z.infer<typeof registryHistoryEntrySchema>;

export const enterpriseCertificationSchema = z.object({
  type: z.enum(certificationTypes),
  label: z.string(),
  number: z.string().nullable(),
  valid_from: dateSchema,
  valid_to: dateSchema,
  status: z.enum(['valid', 'revoked']),
  /** 资格取消: the day the certificate was revoked, if it was. */
  revoked_on: dateSchema.nullable(),
  /** Valid today, the day in Beijing. */
  valid_today: z.boolean(),
});
export type EnterpriseCertification = z.infer<typeof enterpriseCertificationSchema>;

/** An event of an enterprise as stored and shown: `amount` in yuan (two decimals) where the type has one and it is known. */
export const enterpriseEventSchema = z.object({ type: z.enum(enterpriseEventTypes), label: z.string(), year: z.number().int(), amount: yuanSchema.optional() });
export type EnterpriseEvent = z.infer<typeof enterpriseEventSchema>;

/** Declarations: null is "not declared". */
export const enterpriseFlagsSchema = z.object(Object.fromEntries(enterpriseFlagNames.map((flag) => [flag, z.boolean().nullable()])) as Record<(typeof enterpriseFlagNames)[number], z.ZodNullable<z.ZodBoolean>>);
export type EnterpriseFlags = z.infer<typeof enterpriseFlagsSchema>;

export const enterpriseEditableFieldSchema = z.enum(enterpriseFields);
export type EnterpriseEditableField = z.infer<typeof enterpriseEditableFieldSchema>;

export const enterpriseDetailSchema = z.object({
  enterprise: z.object({
    credit_code: z.string(),
    name: z.string(),
    org: z.string(),
    org_name: z.string(),
    industry: z.string().nullable(),
    industry_name: z.string().nullable(),
    founded: dateSchema.nullable(),
    above_scale: z.boolean(),
    contact_name: z.string().nullable(),
    contact_phone: z.string().nullable(),
    contacts_masked: z.boolean(),
    years: z.record(z.string(), financialYearSchema),
    /** Registry events (事件), by year then type. */
    events: z.array(enterpriseEventSchema),
    /** The experts' innovation score of high-tech recognition (0–100); null: not known. */
    hte_innovation_score: z.number().int().nullable(),
    flags: enterpriseFlagsSchema,
    synthetic: z.boolean(),
    updated_at: instantSchema,
  }),
  certifications: z.array(enterpriseCertificationSchema),
  history: z.array(registryHistoryEntrySchema),
  abilities: z.object({ edit: z.boolean(), contacts: z.boolean() }),
  /** The fields this account may change on this enterprise; empty: read only. */
  editable_fields: z.array(enterpriseEditableFieldSchema),
});
export type EnterpriseDetail = z.infer<typeof enterpriseDetailSchema>;

export const platformEvaluationSchema = z.object({ date: dateSchema, result: z.enum(evaluationResults), note: z.string().optional() });
export type PlatformEvaluation = z.infer<typeof platformEvaluationSchema>;

export const registryPlatformSchema = z.object({
  registration_number: z.string(),
  name: z.string(),
  type: z.enum(platformTypeNames),
  level: z.enum(platformLevels),
  host: z.string(),
  org: z.string(),
  org_name: z.string(),
  approved_on: dateSchema,
  construction_from: dateSchema.nullable(),
  construction_to: dateSchema.nullable(),
  /** Oldest first. */
  evaluations: z.array(platformEvaluationSchema),
  /** The latest evaluation (优奖劣汰), if any: an earlier 不合格 may have been put right since. */
  latest_evaluation: platformEvaluationSchema.nullable(),
  synthetic: z.boolean(),
});
export type RegistryPlatform = z.infer<typeof registryPlatformSchema>;

export const platformPageSchema = z.object({ total: z.number().int(), platforms: z.array(registryPlatformSchema) });
export type PlatformPage = z.infer<typeof platformPageSchema>;

export const platformDetailSchema = z.object({
  platform: registryPlatformSchema.extend({ host_credit_code: z.string().nullable(), updated_at: instantSchema }),
  history: z.array(registryHistoryEntrySchema),
});
export type PlatformDetail = z.infer<typeof platformDetailSchema>;

export const techContractSchema = z.object({
  registration_number: z.string(),
  type: z.enum(contractTypeCodes),
  contract_amount: yuanSchema,
  tech_amount: yuanSchema,
  seller_name: z.string(),
  seller_credit_code: z.string().nullable(),
  seller_org: z.string(),
  /** The area's name; outside the region (区外, see seller_inside) its GB/T 2260 name or its province's, null if even that is unknown. */
  seller_org_name: z.string().nullable(),
  seller_inside: z.boolean(),
  buyer_name: z.string(),
  buyer_credit_code: z.string().nullable(),
  buyer_org: z.string(),
  buyer_org_name: z.string().nullable(),
  buyer_inside: z.boolean(),
  registered_on: dateSchema,
  synthetic: z.boolean(),
});
export type TechContract = z.infer<typeof techContractSchema>;

export const techContractPageSchema = z.object({ total: z.number().int(), contracts: z.array(techContractSchema) });
export type TechContractPage = z.infer<typeof techContractPageSchema>;

/** One area's technology flows of a year: 输出 by its sellers, 吸纳 by its buyers (亿元). */
export const techContractFlowSchema = z.object({
  org: z.string(),
  org_name: z.string(),
  output: hundredMillionYuanSchema,
  output_count: z.number().int(),
  /** The part of `output` bought by parties outside the region. */
  output_to_outside: hundredMillionYuanSchema,
  absorption: hundredMillionYuanSchema,
  absorption_count: z.number().int(),
  /** The part of `absorption` sold by parties outside the region. */
  absorption_from_outside: hundredMillionYuanSchema,
});
export type TechContractFlow = z.infer<typeof techContractFlowSchema>;

export const techContractTurnoverSchema = z.object({
  year: z.number().int(),
  org: z.string(),
  org_name: z.string(),
  unit: z.literal('亿元'),
  includes_synthetic: z.boolean(),
  total: techContractFlowSchema,
  /** The area's direct children: they add up to the total. */
  rows: z.array(techContractFlowSchema),
});
export type TechContractTurnover = z.infer<typeof techContractTurnoverSchema>;

export const pipelineCandidateSchema = z.object({
  credit_code: z.string(),
  name: z.string(),
  org: z.string(),
  org_name: z.string(),
  /** The financial year the figures are of (the latest on record). */
  year: z.string(),
  revenue: yuanSchema,
  /** R&D expense ÷ revenue. */
  rd_ratio: z.number(),
  /** High-tech product (service) revenue ÷ revenue. */
  high_tech_share: z.number(),
  /** What the high-tech recognition rule says is still missing or short (its near-miss advice, in words). */
  advice: z.array(z.string()),
});
export type PipelineCandidate = z.infer<typeof pipelineCandidateSchema>;

export const tierPipelineSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** Why a firm is a candidate: the conditions of the high-tech recognition rule it meets, as the pack words them. */
  candidate_criteria: z.array(z.string()),
  years: z.array(z.object({ year: z.number().int(), tech_sme_to_national_hte: z.number().int(), national_hte_to_innovative_demo: z.number().int() })),
  candidates: z.array(pipelineCandidateSchema),
});
export type TierPipeline = z.infer<typeof tierPipelineSchema>;

/** How a published value holds (the indicator values' qualifiers): "突破700家" is a lower bound. */
const qualifierSchema = z.enum(['exact', 'lower_bound', 'upper_bound']);

export const registryComparisonRowSchema = z.object({
  indicator: z.enum(registryIndicatorCodes),
  name: z.string(),
  unit: z.string(),
  /** What the registry counts (a whole number) or sums (亿元), exact. */
  registry_value: signedDecimalSchema,
  /** The published (approved) value, as the indicator values hold it. */
  published_value: z.number().nullable(),
  published_qualifier: qualifierSchema.nullable(),
  published_source: z.string().nullable(),
  /** registry − published, exact; negative: the registry is probably incomplete. */
  difference: signedDecimalSchema.nullable(),
});
export type RegistryComparisonRow = z.infer<typeof registryComparisonRowSchema>;

export const registryComparisonSchema = z.object({ year: z.number().int(), org: z.string(), org_name: z.string(), indicators: z.array(registryComparisonRowSchema) });
export type RegistryComparison = z.infer<typeof registryComparisonSchema>;

export const registryImportProblemSchema = z.object({ line: z.number().int(), field: z.string(), message: z.string(), message_en: z.string() });
export type RegistryImportProblem = z.infer<typeof registryImportProblemSchema>;

/**
 * The answer of an import: 200 when it passed (or would pass: dry run), 422 with the problems when
 * refused: the first 1,000 of them, with their total (the full list: POST …/import/problems.csv).
 */
export const registryImportReportSchema = z.object({
  registry: registryKindSchema,
  file: z.string(),
  dry_run: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  problems: z.array(registryImportProblemSchema).describe('the first 1,000 problems, by line'),
  problems_total: z.number().int().describe('how many problems the file has in all'),
  problems_truncated: z.boolean().describe('true when problems lists only the first of them (the full list: POST …/import/problems.csv with the same file)'),
});
export type RegistryImportReport = z.infer<typeof registryImportReportSchema>;

// ---- The enterprise profile (contracts §3, extended by issue 12) ----

/**
 * An enterprise's profile as the incentive rules read it (contracts §3 and the extensions of
 * issue 12), built from the registry by `buildEnterpriseProfile`. Money is an exact decimal string
 * in yuan ("48000000.00"), never a JSON number; counts are integers; dates ISO. A figure, field or
 * flag the registry does not know is absent, never zero or false: a rule that needs it answers
 * needs_info.
 */
export const profileYearSchema = financialYearSchema.extend({
  /** 净资产 = 资产总额 − 负债总额, exact, when both are known (negative for a firm whose liabilities exceed its assets). */
  net_assets: z.string().regex(/^-?\d+\.\d{2}$/).optional(),
});
export const enterpriseProfileSchema = z.object({
  credit_code: z.string(),
  name: z.string(),
  org: z.string(),
  industry: z.string().optional(),
  founded: dateSchema.optional(),
  certifications: z.array(z.object({ type: z.enum(certificationTypes), from: dateSchema, to: dateSchema, revoked_on: dateSchema.optional() })),
  events: z.array(z.object({ type: z.enum(enterpriseEventTypes), year: z.number().int(), amount: yuanSchema.optional() })),
  years: z.record(z.string(), profileYearSchema),
  hte_innovation_score: z.number().int().min(0).max(100).optional(),
  flags: z.object(Object.fromEntries(enterpriseFlagNames.map((flag) => [flag, z.boolean().optional()])) as Record<(typeof enterpriseFlagNames)[number], z.ZodOptional<z.ZodBoolean>>),
  /** A synthetic (demo) record: labelled wherever its results appear. */
  synthetic: z.boolean(),
});
export type EnterpriseProfile = z.infer<typeof enterpriseProfileSchema>;

/** A page of profiles for screening (streamEnterpriseProfiles): ordered by credit code, `next_after` the cursor of the next page. */
export const enterpriseProfilePageSchema = z.object({ profiles: z.array(enterpriseProfileSchema), next_after: z.string().nullable() });
export type EnterpriseProfilePage = z.infer<typeof enterpriseProfilePageSchema>;

export type { CertificationType, EvaluationResult, FinancialField, MoneyField, CountField, RegistryKind, PlatformLevel, RegistryIndicatorCode, EnterpriseEventType, EnterpriseFlag } from './registry-vocabulary.ts';
export type { ContractType, PlatformType } from './platform-types.ts';
