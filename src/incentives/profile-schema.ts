import { z } from 'zod';

/**
 * The enterprise profile (contracts §3, extended in rule-format.md): the input of `kechuang calc`
 * and `POST /api/calc`. Strict: a misspelt field is refused with its path, never ignored. Money in
 * yuan (at most 0.01 precision), counts whole, dates ISO. Every field the rules read is optional:
 * a rule that needs an absent one is `needs_info`, never a silent zero.
 */
const isoDate = z.iso.date({ message: 'expected an ISO date (YYYY-MM-DD)' });
const moneyNumber = z.number().finite().max(1e15, 'too large (at most 1e15 yuan)').refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most 2 decimals (0.01 yuan)');
/** Money: a JSON number or an exact decimal string in yuan ("48000000.00", as the registry writes it). */
const signedMoney = z.union([moneyNumber, z.string().regex(/^-?\d{1,15}(\.\d{1,2})?$/, 'expected a decimal in yuan with at most 2 decimals, e.g. "48000000.00"')]);
const isNegative = (v: number | string) => (typeof v === 'number' ? v < 0 : v.startsWith('-'));
const money = signedMoney.refine((v) => !isNegative(v), 'must not be negative');
const count = z.number().int('must be a whole number').min(0, 'must not be negative').max(1e9);

/** Money fields of a year (yuan). */
export const yearMoneyFields = ['revenue', 'rd_expense', 'rd_expense_in_china', 'rd_expense_deduction', 'high_tech_revenue', 'total_assets', 'total_liabilities', 'costs'] as const;
/** Count fields of a year. */
export const yearCountFields = ['staff', 'tech_staff', 'ip_class1', 'ip_class2'] as const;
export const yearFields: readonly string[] = [...yearMoneyFields, 'net_assets', ...yearCountFields];

export const profileYearSchema = z.strictObject({
  ...Object.fromEntries(yearMoneyFields.map((name) => [name, money.optional()])),
  /** total_assets − total_liabilities: may be negative. */
  net_assets: signedMoney.optional(),
  ...Object.fromEntries(yearCountFields.map((name) => [name, count.optional()])),
} as Record<(typeof yearMoneyFields)[number], z.ZodOptional<typeof money>> & { net_assets: z.ZodOptional<typeof signedMoney> } & Record<(typeof yearCountFields)[number], z.ZodOptional<typeof count>>);

export const certificationSchema = z.strictObject({
  type: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case certification type'),
  from: isoDate,
  to: isoDate.optional(),
  revoked_on: isoDate.optional(),
  number: z.string().optional(),
});

export const profileEventSchema = z
  .looseObject({
    type: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case event type'),
    year: z.number().int().min(1949).max(2100),
    /** e.g. the national prize of a national_st_award event (yuan). */
    amount: money.optional(),
  });

export const enterpriseProfileSchema = z.strictObject({
  credit_code: z.string().regex(/^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/, 'expected an 18-character unified social credit code'),
  name: z.string().min(1).max(200),
  org: z.string().regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 area code').optional(),
  /** GB/T 4754 industry code, e.g. C3989. */
  industry: z.string().regex(/^[A-T](\d{2,4})?$/, 'expected a GB/T 4754 code such as C3989').optional(),
  founded: isoDate.optional(),
  /** High-tech recognition's application date (default: 1 January of the calculation year). */
  application_date: isoDate.optional(),
  /** The experts' 0–100 innovation-capability score of high-tech enterprise recognition. */
  hte_innovation_score: z.number().int().min(0).max(100).optional(),
  flags: z
    .strictObject({
      deemed_taxation: z.boolean().optional(),
      western_development_encouraged: z.boolean().optional(),
      ic_or_machine_tool_list: z.boolean().optional(),
    })
    .optional(),
  certifications: z.array(certificationSchema).max(100).default([]),
  events: z.array(profileEventSchema).max(500).default([]),
  years: z.record(z.string().regex(/^(19[5-9]\d|20\d\d)$/, 'expected a year such as 2023'), profileYearSchema).default({}),
  /** Marks a synthetic (demo) profile. */
  synthetic: z.boolean().optional(),
});

export type EnterpriseProfile = z.infer<typeof enterpriseProfileSchema>;

const yearKey = z.string().regex(/^(19[5-9]\d|20\d\d)$/, 'expected a year such as 2023');
const name = z.string().min(1).max(200).optional();

/** The platform types the rules of the bundled packs name (国家/自治区级创新平台). */
export const platformTypes = [
  'national_key_lab',
  'national_clinical_research_centre',
  'national_technology_innovation_centre',
  'national_manufacturing_innovation_centre',
  'regional_collaborative_innovation_centre',
  'regional_manufacturing_innovation_centre',
  'regional_key_lab',
  'regional_engineering_technology_research_centre',
  'regional_platform',
] as const;

/**
 * Profiles of the other beneficiaries a rule may read, one strict schema per kind: the fields the
 * rules read, typed (money in yuan, dates ISO, platform types named), so that a misspelt field is
 * refused with its path rather than read as missing.
 */
export const platformProfileSchema = z.strictObject({
  kind: z.literal('platform'),
  name,
  org: z.string().regex(/^\d{6}$/, 'expected a 6-digit area code').optional(),
  platform_type: z.enum(platformTypes).optional(),
  approved_on: isoDate.optional(),
  construction_from: isoDate.optional(),
  construction_to: isoDate.optional(),
});

export const projectProfileSchema = z.strictObject({
  kind: z.literal('project'),
  name,
  /** The project's funding in yuan (横向科研项目经费). */
  funding: money.optional(),
  undertaker: z.enum(['university', 'research_institute', 'enterprise', 'other']).optional(),
  /** A horizontal (commissioned) project rather than a government-funded one. */
  horizontal: z.boolean().optional(),
});

export const areaProfileSchema = z.strictObject({
  kind: z.literal('area'),
  name,
  /** The area's GB/T 2260 code. */
  code: z.string().regex(/^\d{6}$/, 'expected a 6-digit area code').optional(),
  years: z
    .record(yearKey, z.strictObject({ introduced_national_hte_investment: money.optional(), introduced_tech_sme_investment: money.optional(), introduced_provincial_hte_investment: money.optional() }))
    .optional(),
});

export const institutionProfileSchema = z.strictObject({
  kind: z.literal('institution'),
  name,
  years: z.record(yearKey, z.strictObject({ transfer_income_retained: money.optional(), transfer_income_to_offices_and_staff: money.optional() })).optional(),
});

export const otherProfileSchema = z.discriminatedUnion('kind', [platformProfileSchema, projectProfileSchema, areaProfileSchema, institutionProfileSchema]);
export type OtherProfile = z.infer<typeof otherProfileSchema>;
export const profileKinds = ['enterprise', 'platform', 'project', 'area', 'institution'] as const;

/** The first problem of a zod error as `path: message` (the CLI and routes name the field). */
export function describeProfileIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[');
    if (issue.code === 'unrecognized_keys') return `${path ? `${path}.` : ''}${issue.keys.join(', ')}: unknown field`;
    return `${path || '(profile)'}: ${issue.message}`;
  });
}

export type ParsedCalcProfile =
  | { ok: true; kind: 'enterprise'; profile: EnterpriseProfile }
  | { ok: true; kind: OtherProfile['kind']; profile: OtherProfile }
  | { ok: false; issues: string[] };

/**
 * The profile of `kechuang calc` and `POST /api/calc`: an enterprise (contracts §3; `kind` absent
 * or "enterprise") or another beneficiary by its `kind` (platform, project, area, institution),
 * each checked by its strict schema; problems as `path: message`.
 */
export function parseCalcProfile(data: unknown): ParsedCalcProfile {
  const kind = typeof data === 'object' && data !== null && 'kind' in data ? (data as { kind: unknown }).kind : undefined;
  if (kind === undefined || kind === 'enterprise') {
    const { kind: _kind, ...rest } = data as Record<string, unknown>;
    const parsed = enterpriseProfileSchema.safeParse(kind === undefined ? data : rest);
    return parsed.success ? { ok: true, kind: 'enterprise', profile: parsed.data } : { ok: false, issues: describeProfileIssues(parsed.error) };
  }
  const parsed = otherProfileSchema.safeParse(data);
  if (!parsed.success) {
    const kindProblem = parsed.error.issues.some((issue) => issue.path.length === 1 && issue.path[0] === 'kind');
    return { ok: false, issues: kindProblem ? [`kind: expected one of ${profileKinds.join(', ')}, got ${JSON.stringify(kind)}`] : describeProfileIssues(parsed.error) };
  }
  return { ok: true, kind: parsed.data.kind, profile: parsed.data };
}
