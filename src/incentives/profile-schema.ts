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

/**
 * Profiles of the other beneficiaries a rule may read (a platform, a project, an award, an area, an
 * institution): `kind` plus the fields the rule reads; numbers finite and non-negative.
 */
export const otherProfileSchema = z.looseObject({
  kind: z.enum(['platform', 'project', 'award', 'area', 'institution']),
  years: z.record(z.string().regex(/^\d{4}$/), z.record(z.string(), z.number().finite().min(0))).optional(),
  events: z.array(profileEventSchema).optional(),
  certifications: z.array(certificationSchema).optional(),
});

/** The first problem of a zod error as `path: message` (the CLI and routes name the field). */
export function describeProfileIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[');
    if (issue.code === 'unrecognized_keys') return `${path ? `${path}.` : ''}${issue.keys.join(', ')}: unknown field`;
    return `${path || '(profile)'}: ${issue.message}`;
  });
}
