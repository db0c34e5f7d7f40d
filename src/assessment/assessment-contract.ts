/**
 * The assessment's HTTP contract (考核): the yearly scores of the responsible units and of the
 * areas, each criterion's points with its basis (the counts and the formula in words), the ranks,
 * and the scoring scheme as presented. Points travel as exact decimal strings with two decimals
 * ("27.50"), counts as whole numbers. Only zod is imported here: the web type-checks it.
 */
import { z } from 'zod';

/** Points, exact, two decimals: "27.50". */
const points = z.string();

export const assesseeKinds = ['unit', 'area'] as const;
export type AssesseeKind = (typeof assesseeKinds)[number];

/** Who is assessed: a responsible unit (units.yaml id) or an area (GB/T 2260 code). */
export const assigneeSchema = z.object({ kind: z.enum(assesseeKinds), id: z.string() });
export type Assignee = z.infer<typeof assigneeSchema>;

/** The kinds of criterion a scheme may use; each has its own formula (docs/assessment.md). */
export const criterionKinds = ['on_time_reporting', 'milestone_progress', 'notice_responses', 'indicator_targets'] as const;
export type CriterionKind = (typeof criterionKinds)[number];

const text = z.object({ zh: z.string(), en: z.string() });

/** Why a part has the points it has: the counts it was computed from and the formula in words. */
export const scoreBasisSchema = z.object({
  /** The counts the part was computed from, by name (due, on_time, late, missing, met, issued, …). */
  counts: z.record(z.string(), z.number()),
  /** The formula with the numbers put in, e.g. 得分 = (3 + 1 × 0.5) ÷ 4 × 30 = 26.25. */
  zh: z.string(),
  en: z.string(),
});
export type ScoreBasis = z.infer<typeof scoreBasisSchema>;

/** One criterion's points for one assessee. */
export const scorePartSchema = z.object({
  criterion: z.string(),
  kind: z.enum(criterionKinds),
  label: text,
  /** The points given, two decimals (rounded for display; the total is rounded once from the exact parts). */
  score: points,
  /** The points this assessee could get on it, after redistribution (two decimals). */
  max: points,
  /** The scheme's points for the criterion, before redistribution. */
  scheme_max: points,
  /**
   * How the criterion counted: `scored` (the formula), `full` (nothing due, full points by the
   * scheme), `redistributed` (not applicable, or nothing due: its points went pro rata to the
   * other criteria), `dropped` (not applicable and its points not given elsewhere).
   */
  treatment: z.enum(['scored', 'full', 'redistributed', 'dropped']),
  /** The attainment the points come from, 0–1, four decimals; null where nothing was scored. */
  ratio: z.string().nullable(),
  basis: scoreBasisSchema,
});
export type ScorePart = z.infer<typeof scorePartSchema>;

/** One assessee's yearly score. */
export const assessmentScoreSchema = z.object({
  assignee: assigneeSchema,
  /** The Chinese name (unit short name or area name), never a code. */
  name: z.string(),
  year: z.number().int(),
  /** The total, two decimals, rounded once from the exact parts. */
  total: points,
  /** The most this assessee could get (the scheme's total unless points were dropped). */
  max_total: points,
  /** False when nothing at all was due (every criterion redistributed): no total, no rank. */
  scored: z.boolean(),
  /** Among assessees of the same kind; equal totals share a rank (1, 1, 3); null when not scored. */
  rank: z.number().int().nullable(),
  parts: z.array(scorePartSchema),
});
export type AssessmentScore = z.infer<typeof assessmentScoreSchema>;

/** A criterion of the scheme, as presented. */
export const schemeCriterionSchema = z.object({
  id: z.string(),
  kind: z.enum(criterionKinds),
  label: text,
  max: points,
  /** Reports or answers that came late count at this fraction (e.g. "0.5"); null where not used. */
  late_fraction: z.string().nullable(),
  /** What happens when nothing was due (no report, milestone or notice; no target with data). */
  when_none_due: z.enum(['full', 'redistribute', 'zero']),
  /** Who is assessed on it. */
  applies_to: z.array(z.enum(assesseeKinds)),
  /** The formula in words. */
  formula: text,
});
export type SchemeCriterion = z.infer<typeof schemeCriterionSchema>;

export const assessmentSchemeSchema = z.object({
  id: z.string(),
  title: text,
  version: z.number().int(),
  /** The scheme's total points (the sum of the criteria's points). */
  total: points,
  criteria: z.array(schemeCriterionSchema),
  /** How a criterion that does not apply (units have no indicator targets) gives its points away. */
  not_applicable: z.enum(['pro_rata', 'drop']),
  /** The scheme's reading of its rules, in words, shown beside the scores. */
  notes: z.array(text),
  /** Where the scheme was read from (the bundled file). */
  source: z.string(),
});
export type AssessmentScheme = z.infer<typeof assessmentSchemeSchema>;

export const assessmentYearParamsSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/** GET /api/assessment/:year — the scores and ranks of one year, units and areas apart. */
export const assessmentResultSchema = z.object({
  year: z.number().int(),
  scheme: z.object({ id: z.string(), title: text, version: z.number().int() }),
  /** Responsible units, by total then name; ranks among units. */
  units: z.array(assessmentScoreSchema),
  /** Cities and counties, by total then name; ranks among areas. */
  areas: z.array(assessmentScoreSchema),
});
export type AssessmentResult = z.infer<typeof assessmentResultSchema>;

/** GET /api/assessment/:year/report.docx — the 督查通报's options. */
export const bulletinQuerySchema = z.object({
  /** The document number (发文字号), e.g. 宁科督〔2026〕3号; blank to fill in by hand. */
  doc_number: z.string().trim().max(40).optional(),
  /** Who issues it (发文机关); 宁夏回族自治区科学技术厅 by default. */
  issuer: z.string().trim().min(1).max(60).optional(),
  /** The addressees (主送机关); 各市、县（区）人民政府，自治区各有关部门 by default. */
  recipients: z.string().trim().min(1).max(200).optional(),
  /** 1: the red masthead (版头) with the issuer and the red rule. */
  red_header: z.enum(['0', '1', 'true', 'false']).optional(),
});
export type BulletinQuery = z.infer<typeof bulletinQuerySchema>;
