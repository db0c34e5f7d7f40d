/**
 * The policy-pack file format: one zod schema per YAML file of a pack folder.
 *
 * A pack is the policy text turned into data. Everything that acts on the policy (targets,
 * measures, incentives) cites the clause it comes from by the clause's global number
 * (1 for (一) … 22 for (二十二) in the Ningxia 2022 opinions). Where the text is ambiguous the
 * encoder writes an `interpretation:` note (and `interpretation_zh:`, its Chinese) next to the data and, where it matters for a
 * computation, exposes the choice as a parameter.
 *
 * Cross-references (unit ids, indicator codes, clause numbers, formula names) are checked by
 * `validate-pack-references.ts`; this file checks shape and types only.
 */
import { z } from 'zod';

const isoDate = z.iso.date({ message: 'expected an ISO date (YYYY-MM-DD)' });
const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected lower-case letters, digits, ".", "_" or "-"');
const clauseNumber = z.number().int().positive();
const interpretation = z.string().min(1).optional();
/** The interpretation in Chinese, shown on Chinese pages and in Chinese documents (the English one beside it in English). */
const interpretationZh = z.string().min(1).optional();
/** A text in Chinese (required) with an optional English rendering. */
const nameEn = z.string().min(1).optional();

export const packMetadataSchema = z.strictObject({
  id: slug,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a semantic version such as 1.0.0'),
  title: z.string().min(1),
  title_en: nameEn,
  doc_number: z.string().min(1).optional(),
  issuers: z.array(z.string().min(1)).min(1),
  issued: isoDate,
  published: isoDate.optional(),
  effective: isoDate,
  expires: isoDate.optional(),
  /** The area the policy governs (GB/T 2260), e.g. 640000. */
  region: z.string().regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 area code'),
  /** Path of the policy's official text, relative to the pack folder. */
  source_file: z.string().min(1).optional(),
  source_url: z.url().optional(),
  description: z.string().optional(),
  /**
   * policy: a policy document that sets targets, tasks and incentives (宁党发〔2022〕4号); criteria:
   * rules others refer to (national recognition criteria, a tax deduction). Policies are listed
   * first, so that the home page and the menus open on the policy people come for.
   */
  kind: z.enum(['policy', 'criteria']).default('policy'),
});

export const sectionSchema = z.strictObject({
  number: z.number().int().positive(),
  /** The section's numeral as printed, e.g. 一. */
  label: z.string().min(1),
  title: z.string().min(1),
  title_en: nameEn,
});

export const clauseSchema = z.strictObject({
  /** Global number, running through all sections: 1 for (一) … 22 for (二十二). */
  number: clauseNumber,
  section: z.number().int().positive(),
  /** The clause's label as printed, e.g. (七). */
  label: z.string().min(1),
  title: z.string().min(1),
  title_en: nameEn,
  /** The clause text exactly as published, without its title and responsibility list. */
  text: z.string().min(1),
  /** The responsibility list exactly as printed, without the brackets and "责任单位：". */
  responsibility_text: z.string().min(1).optional(),
  interpretation,
  interpretation_zh: interpretationZh,
});

export const clausesFileSchema = z.strictObject({
  preamble: z.string().optional(),
  closing: z.string().optional(),
  sections: z.array(sectionSchema).min(1),
  clauses: z.array(clauseSchema).min(1),
});

export const unitKindSchema = z.enum([
  'party_organ', // 党委部门 (组织部, 宣传部, 政法委, 督查室)
  'government_department', // 政府组成部门和直属机构 (厅, 委, 局)
  'government_office', // 政府督查室 etc.
  'area_government', // a city or county government (市、县（区）人民政府)
  'university',
  'research_institute',
  'judicial', // 法院, 检察院
  'regulator', // central regulators' local offices (宁夏银保监局)
  'state_enterprise',
  'people_organisation', // 科协 etc.
  'management_committee', // 园区管委会
  'group', // a collective named in the text: 各市、县（区）, 自治区相关部门（单位）, 联席会议成员单位
]);

export const unitSchema = z.strictObject({
  id: slug,
  /** Full official name, e.g. 宁夏回族自治区发展和改革委员会. */
  name: z.string().min(1),
  /** The name exactly as the policy text writes it in a responsibility list, e.g. 发展改革委. */
  short_name: z.string().min(1),
  name_en: nameEn,
  kind: unitKindSchema,
  /** For an area government: the GB/T 2260 code of its area. */
  area: z.string().regex(/^\d{6}$/).optional(),
  /** For a group: the unit ids it stands for (may be empty when the text does not enumerate it). */
  members: z.array(slug).optional(),
  /** For a group that means every area government of some levels (各市、县（区）). */
  member_area_levels: z.array(z.enum(['prefecture', 'county'])).optional(),
  interpretation,
  interpretation_zh: interpretationZh,
});

export const unitsFileSchema = z.strictObject({ units: z.array(unitSchema).min(1) });

export const periodTypeSchema = z.enum(['year', 'quarter', 'month']);
export const aggregationSchema = z.enum(['sum', 'last', 'none', 'formula']);

/**
 * Data-quality bounds of one indicator's values (DHIS2's "value type" and min/max), in the
 * indicator's canonical unit. Every field is optional: what is left out takes the default of the
 * unit (docs/indicators.md, "Data-quality rules"): counts whole and 0…1,000,000; money ≥ 0, at most
 * 1e15 元 and 0.01 元 precision; percentages 0…100; anything else ≥ 0 and below 1e15.
 */
export const indicatorQualitySchema = z.strictObject({
  /** count (whole things), money, percentage or quantity (anything else, e.g. 件/万人); defaults from the unit. */
  value_type: z.enum(['count', 'money', 'percentage', 'quantity']).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Most decimal places of the value in the canonical unit (0: whole numbers). */
  decimals: z.number().int().min(0).max(12).optional(),
  /** A value more than this many times (or less than 1/this of) the same period a year earlier is a warning that needs a comment; default 3. */
  max_jump: z.number().gt(1).optional(),
  interpretation,
  interpretation_zh: interpretationZh,
}).refine((q) => q.min === undefined || q.max === undefined || q.min <= q.max, { message: 'min must not exceed max', path: ['max'] });

export const indicatorSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case code'),
  name: z.string().min(1),
  name_en: nameEn,
  /** Canonical unit of measure: 亿元, 家, 个, %, 件, 万人, 件/万人 … */
  unit: z.string().min(1),
  period_type: periodTypeSchema.default('year'),
  /**
   * How values combine up the area tree: `sum` (counts, money), `last`, `none` (only
   * published as ratios; never rolled up) or `formula` (derived: the formula is applied to the
   * rolled-up components — a ratio of sums, never an average of ratios).
   */
  aggregation: aggregationSchema,
  /** A CEL expression over other indicator codes, e.g. `rd_expenditure / gdp * 100.0`. */
  formula: z.string().min(1).optional(),
  /** The clause that defines or first uses the indicator. */
  clause: clauseNumber.optional(),
  description: z.string().optional(),
  /** Bounds of a plausible value (data-quality rules); defaults from the unit. */
  quality: indicatorQualitySchema.optional(),
  /**
   * Reporting calendar: a period's value is due by the last day of this many months after the
   * period ends (Beijing time). Default 3 for yearly indicators (2024's value by 2025-03-31), 1 for
   * quarterly and monthly ones (docs/indicators.md, "Reporting calendar").
   */
  due_months_after: z.number().int().min(0).max(24).optional(),
  /**
   * The unit (a unit id of units.yaml) that supplies the indicator's figure, when the text names
   * none through a task or measure; an empty target names it, with a link to data entry.
   */
  supplier: slug.optional(),
  interpretation,
  interpretation_zh: interpretationZh,
}).refine((i) => (i.formula !== undefined) === (i.aggregation === 'formula'), {
  message: 'a derived indicator has both a formula and aggregation: formula; any other has neither',
  path: ['aggregation'],
});

const indicatorCode = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case code');

/**
 * A cross-indicator data-quality rule (DHIS2's validation rules, kept declarative): `left op
 * right` over values of the same period in the indicators' canonical units (which must be the
 * same). `same_area` compares both of one area (R&D expenditure ≤ GDP); `children_sum` compares
 * the sum of an area's child areas' `left` with the area's own `right` (the counties' sum ≤ the
 * city's published total). A rule is checked when both sides have a value.
 */
export const qualityRuleSchema = z.strictObject({
  id: slug,
  left: indicatorCode,
  op: z.enum(['<=', '<', '>=', '>']),
  right: indicatorCode,
  scope: z.enum(['same_area', 'children_sum']).default('same_area'),
  /** What the rule means, in Chinese, shown with every value that breaks it. */
  message: z.string().min(1),
  message_en: nameEn,
  interpretation,
  interpretation_zh: interpretationZh,
});

export const indicatorsFileSchema = z.strictObject({
  indicators: z.array(indicatorSchema).min(1),
  /** Cross-indicator data-quality rules. */
  quality_rules: z.array(qualityRuleSchema).default([]),
});

/**
 * `>=` / `>` / `<=` / `<` compare with `value`; `about` is a soft target ("100家左右") met within
 * `tolerance` (a fraction of `value`). A benchmark target compares with the same indicator of
 * another area (e.g. 100000, the national average) in the same year, and has no `value`.
 */
export const comparatorSchema = z.enum(['>=', '>', '<=', '<', 'about']);

/**
 * One area's own share of a target (目标分解): the value the area must reach, with the clause or
 * document that sets it. Only what a published text sets belongs here; a coordinator's breakdown is
 * stored in the database (area targets) instead.
 */
export const targetBreakdownSchema = z.strictObject({
  /** The area (GB/T 2260) the value applies to: a city or county of the pack's region. */
  org: z.string().regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 area code'),
  value: z.number().nonnegative(),
  /** The clause of this pack that sets it, when it is this pack's text. */
  clause: clauseNumber.optional(),
  /** Where the value is written: the document, its issuer and date (e.g. 银川市科技创新“十四五”规划). */
  source: z.string().min(1),
  interpretation,
  interpretation_zh: interpretationZh,
});

export const targetSchema = z
  .strictObject({
    id: slug,
    indicator: z.string().min(1),
    comparator: comparatorSchema,
    value: z.number().optional(),
    /** Area whose value of the same indicator and year is the target (e.g. 100000). */
    benchmark_org: z.string().regex(/^\d{6}$/).optional(),
    tolerance: z.number().positive().max(1).optional(),
    year: z.number().int().min(1949).max(2100),
    /** The area the target applies to; defaults to the pack's region. */
    org: z.string().regex(/^\d{6}$/).optional(),
    baseline: z.strictObject({ year: z.number().int(), value: z.number().optional() }).optional(),
    clause: clauseNumber,
    /** The words of the text that set the target, e.g. 国家高新技术企业达到500家. */
    text: z.string().min(1),
    /** Areas' own values of the target (目标分解), each with its source; areas not listed have none. */
    breakdown: z.array(targetBreakdownSchema).optional(),
    interpretation,
    interpretation_zh: interpretationZh,
  })
  .refine((t) => t.value !== undefined || t.benchmark_org !== undefined, {
    message: 'a target needs a value or a benchmark_org',
    path: ['value'],
  })
  .refine((t) => t.comparator !== 'about' || t.tolerance !== undefined, {
    message: 'an "about" target needs a tolerance',
    path: ['tolerance'],
  })
  .refine((t) => t.breakdown === undefined || t.benchmark_org === undefined, {
    message: 'a benchmark target has no breakdown by area (each area is compared with the benchmark itself)',
    path: ['breakdown'],
  });

export const targetsFileSchema = z.strictObject({ targets: z.array(targetSchema).min(1) });

export const measureSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  title_en: nameEn,
  /** The sentence(s) of the clause that make this commitment, verbatim. */
  text: z.string().min(1),
  lead_units: z.array(slug).min(1),
  co_units: z.array(slug).default([]),
  /** Optional quantified commitment, e.g. { indicator: transfer_bases, value: 30 }. */
  target: z.string().optional(),
  interpretation,
  interpretation_zh: interpretationZh,
});

export const taskSchema = z.strictObject({
  id: slug,
  clause: clauseNumber,
  title: z.string().min(1),
  title_en: nameEn,
  /** Units in the order the responsibility list names them; the first listed is the lead. */
  lead_units: z.array(slug).min(1),
  co_units: z.array(slug).default([]),
  measures: z.array(measureSchema).min(1),
  interpretation,
  interpretation_zh: interpretationZh,
});

export const tasksFileSchema = z.strictObject({ tasks: z.array(taskSchema).min(1) });

export const parameterSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case name'),
  label: z.string().min(1),
  value: z.union([z.number(), z.string(), z.boolean()]),
  /** 元, ratio, multiplier, year, % … */
  unit: z.string().min(1),
  /** Dated parameters: the value applies from this date (inclusive) … */
  from: isoDate.optional(),
  /** … until this date (inclusive). */
  to: isoDate.optional(),
  /** The clause (or, in a national pack, the article) that sets the value; default: the incentive's clause. */
  clause: clauseNumber.optional(),
  interpretation,
  interpretation_zh: interpretationZh,
});

/** A CEL expression of a rule (see docs/incentives.md for the environment). */
const celExpression = z.string().min(1);

/** A named value of a rule, computed in order and traced with its label. */
export const ruleLetSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case name'),
  label: z.string().min(1),
  expr: celExpression,
  clause: clauseNumber.optional(),
});

/** A condition of a rule: all must hold (AND). */
export const ruleConditionSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case name'),
  label: z.string().min(1),
  expr: celExpression,
  clause: clauseNumber.optional(),
  /** A declaration the engine cannot check: traced as an assumption, never blocking. */
  assumption: z.boolean().optional(),
  /** Near-miss advice: a text template; {current}, {required} and {gap} are filled in. */
  advice: z.string().min(1).optional(),
});

/**
 * The computable part of an incentive: what it reads, when it is triggered, its named values,
 * its conditions (all must hold), its amount, cap, score and extra outputs — CEL expressions
 * compiled once per pack version (src/incentives).
 */
export const ruleSchema = z
  .strictObject({
    profile: z.enum(['enterprise', 'platform', 'project', 'award', 'area', 'institution']),
    trigger: z.strictObject({
      event: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
      certification: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
      yearly: z.literal(true).optional(),
    }).refine((t) => [t.event, t.certification, t.yearly].filter((x) => x !== undefined).length === 1, { message: 'a trigger has exactly one of event, certification, yearly' }),
    let: z.array(ruleLetSchema).default([]),
    conditions: z.array(ruleConditionSchema).default([]),
    score: celExpression.optional(),
    amount: celExpression.nullable().optional(),
    cap: celExpression.optional(),
    outputs: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), celExpression).optional(),
    stacks_with: z.array(slug).optional(),
    excludes: z.array(slug).optional(),
  });

export type Rule = z.infer<typeof ruleSchema>;

export const beneficiarySchema = z.enum([
  'enterprise',
  'university',
  'research_institute',
  'platform',
  'new_rd_institution',
  'carrier',
  'area_government',
  'individual',
  'team',
  'financial_institution',
  'organisation',
]);

export const incentiveSchema = z.strictObject({
  /** Namespaced id, e.g. ningxia-2022.first-above-scale-rd-award. */
  id: slug,
  clause: clauseNumber,
  title: z.string().min(1),
  title_en: nameEn,
  beneficiary: beneficiarySchema,
  /** once (一次性), yearly (每年 …), per_event, or unspecified where the text does not say. */
  frequency: z.enum(['once', 'yearly', 'per_event', 'unspecified']),
  /** award (奖补, 资金支持), subsidy (补助), tax (税收优惠), quota (credit toward a quota), rule (a non-monetary entitlement). */
  kind: z.enum(['award', 'subsidy', 'tax', 'quota', 'rule']),
  /** The words of the text that grant it, verbatim. */
  text: z.string().min(1),
  parameters: z.array(parameterSchema).default([]),
  /** CEL expressions, reserved (superseded by `rule`). */
  eligibility: z.string().optional(),
  amount: z.string().optional(),
  /** The computable rule; an incentive without one is listed as not computable, its interpretation saying why. */
  rule: ruleSchema.optional(),
  interpretation,
  interpretation_zh: interpretationZh,
});

export const incentivesFileSchema = z.strictObject({ incentives: z.array(incentiveSchema).default([]) });

export const ruleCaseSchema = z.strictObject({
  name: z.string().min(1),
  incentive: slug,
  year: z.number().int(),
  /** Calculation date (default: 1 January of the year); picks the dated parameters in force. */
  date: isoDate.optional(),
  profile: z.record(z.string(), z.unknown()),
  expect: z.strictObject({
    status: z.enum(['eligible', 'ineligible', 'needs_info']),
    /** Yuan; a number or an exact decimal string ("246913.58"); null when not computable. */
    amount: z.union([z.number(), z.string()]).nullable().optional(),
    cap: z.union([z.number(), z.string()]).nullable().optional(),
    score: z.union([z.number(), z.string()]).nullable().optional(),
    tax_saving: z.union([z.number(), z.string()]).nullable().optional(),
    missing: z.array(z.string()).optional(),
  }),
});

export const ruleCasesFileSchema = z.strictObject({ cases: z.array(ruleCaseSchema).min(1) });

export type PackMetadata = z.infer<typeof packMetadataSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type Clause = z.infer<typeof clauseSchema>;
export type ClausesFile = z.infer<typeof clausesFileSchema>;
export type Unit = z.infer<typeof unitSchema>;
export type Indicator = z.infer<typeof indicatorSchema>;
export type IndicatorQuality = z.infer<typeof indicatorQualitySchema>;
export type QualityRule = z.infer<typeof qualityRuleSchema>;
export type Target = z.infer<typeof targetSchema>;
export type TargetBreakdown = z.infer<typeof targetBreakdownSchema>;
export type Measure = z.infer<typeof measureSchema>;
export type Task = z.infer<typeof taskSchema>;
export type Parameter = z.infer<typeof parameterSchema>;
export type Incentive = z.infer<typeof incentiveSchema>;
export type RuleCase = z.infer<typeof ruleCaseSchema>;

/** The pack as the engine uses it: every file merged, normalised and checked. */
export interface PolicyPack {
  metadata: PackMetadata;
  preamble?: string;
  closing?: string;
  sections: Section[];
  clauses: Clause[];
  units: Unit[];
  indicators: Indicator[];
  /** Cross-indicator data-quality rules (absent in packs stored before they existed). */
  qualityRules?: QualityRule[];
  targets: Target[];
  tasks: Task[];
  incentives: Incentive[];
  ruleCases: RuleCase[];
}

/** The files of a pack folder and the schema of each. `tests/*.yaml` are rule cases. */
export const packFiles = {
  'pack.yaml': packMetadataSchema,
  'clauses.yaml': clausesFileSchema,
  'units.yaml': unitsFileSchema,
  'indicators.yaml': indicatorsFileSchema,
  'targets.yaml': targetsFileSchema,
  'tasks.yaml': tasksFileSchema,
  'incentives.yaml': incentivesFileSchema,
} as const;
