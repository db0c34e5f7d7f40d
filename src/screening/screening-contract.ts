import { z } from 'zod';

/** The screening routes' contract (免申即享): bodies, queries and answers. */

export const screeningRunStates = ['queued', 'running', 'cancelled', 'done', 'failed'] as const;
export const screeningStatuses = ['eligible', 'ineligible', 'needs_info'] as const;

const year = z.coerce.number().int().min(2000).max(2100);
const areaCode = z.string().regex(/^\d{6}$/);
const packId = z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9-]*$/);
const money = z.string().nullable();

export const startScreeningBodySchema = z.object({ year, pack: packId.optional(), org: areaCode.optional() });
export type StartScreeningBody = z.infer<typeof startScreeningBodySchema>;

export const screeningRunParamsSchema = z.object({ id: z.uuid() });

export const screeningTotalSchema = z.object({
  incentive_id: z.string(),
  incentive_title: z.string(),
  pack_id: z.string(),
  status: z.enum(screeningStatuses),
  count: z.number().int(),
  /** Sum of the computed amounts (yuan, exact decimal). */
  amount: z.string(),
});

export const screeningRunSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  org: z.string().nullable(),
  org_name: z.string().nullable(),
  packs: z.array(z.object({ id: z.string(), version: z.string(), content_hash: z.string(), title: z.string(), incentives: z.array(z.object({ id: z.string(), title: z.string(), title_en: z.string().optional(), parameter_labels: z.record(z.string(), z.string()).optional() })) })),
  parameters: z.record(z.string(), z.record(z.string(), z.unknown())),
  started_by: z.string().nullable(),
  started_at: z.string(),
  /** Beijing time, labelled. */
  started_at_text: z.string(),
  state: z.enum(screeningRunStates),
  enterprises_total: z.number().int(),
  enterprises_done: z.number().int(),
  shards_total: z.number().int(),
  shards_done: z.number().int(),
  finished_at: z.string().nullable(),
  error: z.string().nullable(),
  /** By incentive and status, within the reader's areas (empty while the run is going). */
  totals: z.array(screeningTotalSchema),
});
export type ScreeningRun = z.infer<typeof screeningRunSchema>;

export const screeningRunListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), offset: z.coerce.number().int().min(0).default(0) });
export const screeningRunListSchema = z.object({ total: z.number().int(), runs: z.array(screeningRunSchema) });
export type ScreeningRunList = z.infer<typeof screeningRunListSchema>;

export const screeningResultQuerySchema = z.object({
  incentive: z.string().min(1).max(200).optional(),
  status: z.enum(screeningStatuses).optional(),
  org: areaCode.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ScreeningResultQuery = z.infer<typeof screeningResultQuerySchema>;

export const screeningResultSchema = z.object({
  enterprise_id: z.string(),
  credit_code: z.string(),
  name: z.string(),
  area_code: z.string(),
  area_name: z.string(),
  incentive_id: z.string(),
  incentive_title: z.string(),
  pack_id: z.string(),
  status: z.enum(screeningStatuses),
  amount: money,
  cap: money,
  score: z.string().nullable(),
  /** Profile paths the rule found missing (years.2023.rd_expense) … */
  missing: z.array(z.string()),
  /** … and the same in Chinese (2023年研发费用), what staff ask the firm for. */
  missing_labels: z.array(z.string()),
  outputs: z.record(z.string(), z.string().nullable()),
  synthetic: z.boolean(),
});
export type ScreeningResult = z.infer<typeof screeningResultSchema>;

export const screeningResultPageSchema = z.object({ total: z.number().int(), results: z.array(screeningResultSchema) });
export type ScreeningResultPage = z.infer<typeof screeningResultPageSchema>;

export const screeningCompareQuerySchema = z.object({
  a: z.uuid(),
  b: z.uuid(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const screeningChangeReasons = ['data', 'rules'] as const;

export const screeningComparisonSchema = z.object({
  a: screeningRunSchema.pick({ id: true, year: true, started_at: true, started_at_text: true, packs: true, parameters: true }),
  b: screeningRunSchema.pick({ id: true, year: true, started_at: true, started_at_text: true, packs: true, parameters: true }),
  /** The two runs evaluated different rules (year, pack versions or parameter values). */
  rules_changed: z.boolean(),
  total: z.number().int(),
  changes: z.array(
    z.object({
      enterprise_id: z.string(),
      credit_code: z.string(),
      name: z.string(),
      area_code: z.string(),
      area_name: z.string(),
      incentive_id: z.string(),
      incentive_title: z.string(),
      before: z.object({ status: z.enum(screeningStatuses), amount: money }).nullable(),
      after: z.object({ status: z.enum(screeningStatuses), amount: money }).nullable(),
      /** data: the enterprise's profile differs between the runs; rules: the rules differ. Both may hold. */
      reasons: z.array(z.enum(screeningChangeReasons)),
      synthetic: z.boolean(),
    }),
  ),
});
export type ScreeningComparison = z.infer<typeof screeningComparisonSchema>;
