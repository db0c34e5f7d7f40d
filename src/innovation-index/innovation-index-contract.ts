import { z } from 'zod';

/**
 * The innovation index over HTTP (issue 15): the bundled specs, a spec's result for one year
 * (ranking, pillar scores, trend, notes and the steps used), one unit's inputs (raw value with its
 * source, each stage, which step changed it and why, the normalised score, weight and pillar),
 * sensitivity (rank ranges), and the Word and Excel exports. Scores are plain numbers: an index
 * is a derived, dimensionless figure, never money or a sum of measured values.
 */

export const indexTextSchema = z.object({ zh: z.string(), en: z.string() });
export type IndexTextDto = z.infer<typeof indexTextSchema>;

const specId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a spec id (letters, digits, . _ -)');

export const indexSpecParamsSchema = z.object({ id: specId });
export const indexUnitParamsSchema = z.object({ id: specId, unit: z.string().min(1).max(60).regex(/^[A-Za-z0-9._-]+$/, 'expected a unit code') });
export const indexYearQuerySchema = z.object({ year: z.coerce.number().int().min(1900).max(2200).optional() });

export const indexSpecSummarySchema = z.object({
  id: z.string(),
  version: z.number(),
  title: indexTextSchema,
  description: indexTextSchema.nullable(),
  input: z.enum(['store', 'csv']),
  levels: z.array(z.enum(['region', 'city', 'county'])),
  indicators: z.number().int(),
  normalise: z.enum(['minmax', 'zscore', 'goalpost']),
});
export type IndexSpecSummary = z.infer<typeof indexSpecSummarySchema>;

export const indexSpecListSchema = z.object({ specs: z.array(indexSpecSummarySchema) });
export type IndexSpecList = z.infer<typeof indexSpecListSchema>;

export const indexStepSchema = z.object({
  step: z.enum(['input', 'denominate', 'impute', 'outliers', 'normalise', 'aggregate', 'rank', 'relative', 'groups']),
  name: indexTextSchema,
  detail: indexTextSchema,
});
export type IndexStepDto = z.infer<typeof indexStepSchema>;

export const indexNodeSchema = z.object({
  id: z.string(),
  name: indexTextSchema,
  parent: z.string().nullable(),
  depth: z.number().int(),
  weight: z.number(),
  /** The indicator codes it aggregates. */
  indicators: z.array(z.string()),
});
export type IndexNodeDto = z.infer<typeof indexNodeSchema>;

export const indexIndicatorInfoSchema = z.object({
  code: z.string(),
  name: indexTextSchema,
  direction: z.union([z.literal(1), z.literal(-1)]),
  weight: z.number(),
  /** The node the indicator sits in directly (its pillar); null when it hangs from the root. */
  pillar: z.string().nullable(),
  denominator: z.object({ code: z.string(), name: indexTextSchema, scale: z.number() }).nullable(),
  goalpost: z.object({ value: z.number(), clause: z.number().nullable(), note: indexTextSchema.nullable() }).nullable(),
});
export type IndexIndicatorInfo = z.infer<typeof indexIndicatorInfoSchema>;

export const indexGroupInfoSchema = z.object({ id: z.string(), name: indexTextSchema, above: z.number().nullable() });

export const indexRankingRowSchema = z.object({
  unit: z.string(),
  name: indexTextSchema,
  /** The unit's group for imputation (a county's city); null when none. */
  parent: z.string().nullable(),
  score: z.number().nullable(),
  relative: z.number().nullable(),
  rank: z.number().int().nullable(),
  group: z.string().nullable(),
  /** Every node's score, in the order of `nodes` (root first); null: no value. */
  nodes: z.array(z.number().nullable()),
  /** Some of its inputs are demo values (演示数据), not published figures. */
  demo: z.boolean(),
});
export type IndexRankingRow = z.infer<typeof indexRankingRowSchema>;

export const indexTrendSchema = z.object({
  unit: z.string(),
  name: indexTextSchema,
  points: z.array(z.object({ year: z.number().int(), score: z.number().nullable(), relative: z.number().nullable(), rank: z.number().int().nullable() })),
});

export const indexTreatmentSchema = z.object({
  indicator: z.string(),
  skewness_before: z.number().nullable(),
  kurtosis_before: z.number().nullable(),
  winsorised: z.number().int(),
  log_transformed: z.boolean(),
  skewness_after: z.number().nullable(),
  kurtosis_after: z.number().nullable(),
});

export const indexResultSchema = z.object({
  spec: indexSpecSummarySchema.extend({
    notes: z.array(indexTextSchema),
    steps: z.array(indexStepSchema),
    groups: z.array(indexGroupInfoSchema).nullable(),
    relative: z.object({ unit: z.string(), year: z.number().int().nullable() }).nullable(),
  }),
  year: z.number().int().nullable(),
  years: z.array(z.number().int()),
  nodes: z.array(indexNodeSchema),
  indicators: z.array(indexIndicatorInfoSchema),
  /** The year's units, best rank first; units without any value last. */
  ranking: z.array(indexRankingRowSchema),
  trend: z.array(indexTrendSchema),
  treatments: z.array(indexTreatmentSchema),
  /** Some inputs are demo values (演示数据): the page and the exports say so. */
  has_demo: z.boolean(),
});
export type IndexResultDto = z.infer<typeof indexResultSchema>;

export const indexStageNameSchema = z.enum(['raw', 'denominated', 'imputed', 'treated', 'normalised']);

export const indexUnitInputsSchema = z.object({
  spec: z.object({ id: z.string(), title: indexTextSchema }),
  unit: z.string(),
  name: indexTextSchema,
  year: z.number().int(),
  years: z.array(z.number().int()),
  score: z.number().nullable(),
  relative: z.number().nullable(),
  rank: z.number().int().nullable(),
  rank_of: z.number().int(),
  group: z.string().nullable(),
  group_name: indexTextSchema.nullable(),
  nodes: z.array(z.object({ id: z.string(), name: indexTextSchema, depth: z.number().int(), score: z.number().nullable() })),
  indicators: z.array(
    z.object({
      code: z.string(),
      name: indexTextSchema,
      pillar: z.object({ id: z.string(), name: indexTextSchema }).nullable(),
      weight: z.number(),
      direction: z.union([z.literal(1), z.literal(-1)]),
      raw: z.number().nullable(),
      source: z.string().nullable(),
      demo: z.boolean(),
      denominator: z.object({ code: z.string(), name: indexTextSchema, value: z.number().nullable(), scale: z.number(), source: z.string().nullable() }).nullable(),
      /** The value after each kept stage (raw first, normalised last). */
      stages: z.array(z.object({ stage: indexStageNameSchema, value: z.number().nullable() })),
      /** The steps that changed the value, and why. */
      changes: z.array(z.object({ stage: indexStageNameSchema, from: z.number().nullable(), to: z.number().nullable(), reason: indexTextSchema })),
      normalised: z.number().nullable(),
    }),
  ),
  has_demo: z.boolean(),
});
export type IndexUnitInputs = z.infer<typeof indexUnitInputsSchema>;

export const indexSensitivitySchema = z.object({
  spec: z.object({ id: z.string(), title: indexTextSchema }),
  year: z.number().int().nullable(),
  runs: z.number().int(),
  weight_spread: z.number(),
  indicators: z.array(z.object({ code: z.string(), name: indexTextSchema })),
  units: z.array(
    z.object({
      unit: z.string(),
      name: indexTextSchema,
      rank: z.number().int().nullable(),
      /** Ranks over the weight perturbations. */
      min: z.number().nullable(),
      max: z.number().nullable(),
      median: z.number().nullable(),
      /** The rank with each indicator dropped, in the order of `indicators`. */
      dropped: z.array(z.number().int().nullable()),
      /** The best and worst rank over every indicator dropped. */
      dropped_min: z.number().int().nullable(),
      dropped_max: z.number().int().nullable(),
    }),
  ),
});
export type IndexSensitivity = z.infer<typeof indexSensitivitySchema>;
