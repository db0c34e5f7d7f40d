import { z } from 'zod';
import { awardActions, awardStates } from './award-states.ts';

/** Money over the wire: an exact decimal string in yuan, at most 2 decimals. */
const money = z.string().regex(/^\d{1,16}(\.\d{1,2})?$/, 'an amount in yuan, e.g. "200000" or "1234.56"');
const isoDate = z.iso.date();
const uuid = z.uuid();

export const awardStateSchema = z.enum(awardStates);
export const awardActionSchema = z.enum(awardActions);
export const awardFrequencySchema = z.enum(['one_time', 'yearly', 'per_construction_year']);
const label = z.object({ zh: z.string(), en: z.string() });

/** One award of the ledger, as the coordinator, an area leader or the enterprise sees it. */
export const awardSchema = z.object({
  id: z.string(),
  enterprise_id: z.string(),
  credit_code: z.string(),
  enterprise_name: z.string(),
  area_code: z.string(),
  area_name: z.string(),
  incentive_id: z.string(),
  incentive_title: z.string(),
  pack_id: z.string(),
  year: z.number().int(),
  frequency: awardFrequencySchema,
  amount: z.string(),
  cap: z.string().nullable(),
  state: awardStateSchema,
  state_label: label,
  notice_id: z.string().nullable(),
  /** The last day of the award's 公示 (Beijing date), when announced. */
  notice_ends_on: z.string().nullable(),
  /** Announced and its notice's last day has passed: it may be approved for payment. */
  eligible_for_approval: z.boolean(),
  run_id: z.string().nullable(),
  withdrawn_reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const awardTransitionSchema = z.object({
  from_state: awardStateSchema.nullable(),
  to_state: awardStateSchema,
  action: z.string(),
  actor: z.string(),
  at: z.string(),
  note: z.string().nullable(),
});

export const awardObjectionSchema = z.object({
  id: z.string(),
  raised_on: z.string(),
  text: z.string(),
  raised_by: z.string(),
  outcome: z.enum(['dismissed', 'corrected', 'upheld']).nullable(),
  resolution: z.string().nullable(),
  resolved_on: z.string().nullable(),
});

export const awardPaymentSchema = z.object({ amount: z.string(), paid_on: z.string(), reference: z.string(), payment_key: z.string(), recorded_by: z.string() });

export const awardDetailSchema = awardSchema.extend({
  history: z.array(awardTransitionSchema),
  objections: z.array(awardObjectionSchema),
  payment: awardPaymentSchema.nullable(),
});

export const awardPageSchema = z.object({
  awards: z.array(awardSchema),
  total: z.number().int(),
  /** How many awards (within the caller's scope and the filters other than state) are in each state: the tabs' counts. */
  counts: z.record(z.string(), z.number().int()),
  page: z.number().int(),
  page_size: z.number().int(),
});

export const awardQuerySchema = z.object({
  state: awardStateSchema.optional(),
  incentive: z.string().max(200).optional(),
  area: z.string().regex(/^\d{6}$/).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  enterprise: z.string().max(30).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
});

export const awardCandidateSchema = z.object({
  enterprise_id: z.string().min(1).max(60),
  credit_code: z.string().min(1).max(30),
  name: z.string().min(1).max(200),
  area_code: z.string().regex(/^\d{6}$/),
  incentive_id: z.string().min(1).max(200),
  pack_id: z.string().min(1).max(200),
  year: z.number().int().min(2000).max(2100),
  amount: money,
  cap: money.nullable().optional(),
  run_id: z.string().max(100).nullable().optional(),
});

export const proposeBodySchema = z.object({ candidates: z.array(awardCandidateSchema).min(1).max(10000) });
export const proposeResultSchema = z.object({
  created: z.array(z.string()),
  existing: z.number().int(),
  refused: z.array(z.object({ credit_code: z.string(), incentive_id: z.string(), year: z.number().int(), reason: z.string(), reason_en: z.string() })),
});

/** Candidates proposed from a screening run, and how many eligible results have an amount left to review (a cap only). */
export const proposeFromRunResultSchema = proposeResultSchema.extend({ amount_for_review: z.number().int() });

export const awardIdsBodySchema = z.object({ ids: z.array(uuid).min(1).max(1000) });
export const awardBulkResultSchema = z.object({ changed: z.array(z.object({ id: z.string(), state: awardStateSchema })) });

export const publishNoticeBodySchema = z.object({
  title: z.string().trim().min(1).max(200),
  ids: z.array(uuid).min(1).max(5000),
  /** Working days (Monday–Friday, Beijing time; statutory holidays are not modelled). Default 5. */
  notice_days: z.number().int().min(1).max(60).optional(),
});

export const objectionBodySchema = z.object({ text: z.string().trim().min(1).max(2000) });
export const resolveObjectionBodySchema = z.object({ outcome: z.enum(['dismissed', 'corrected', 'upheld']), resolution: z.string().trim().min(1).max(2000) });
export const withdrawBodySchema = z.object({ reason: z.string().trim().min(1).max(2000) });
export const paymentBodySchema = z.object({ amount: money, paid_on: isoDate, reference: z.string().trim().min(1).max(200) });

export const noticeSchema = z.object({
  id: z.string(),
  title: z.string(),
  published_on: z.string(),
  notice_days: z.number().int(),
  ends_on: z.string(),
  state: z.enum(['open', 'closed']),
  award_count: z.number().int(),
});
export const noticeListSchema = z.object({ notices: z.array(noticeSchema) });

/**
 * The public 公示: what anybody may read without signing in. Enterprise names, incentive titles
 * and amounts only — never contacts, credit codes, figures or who entered what.
 */
export const publicNoticeItemSchema = z.object({ enterprise_name: z.string(), area_name: z.string(), incentive_title: z.string(), year: z.number().int(), amount: z.string() });
export const publicNoticeSchema = z.object({
  id: z.string(),
  title: z.string(),
  published_on: z.string(),
  ends_on: z.string(),
  open: z.boolean(),
  items: z.array(publicNoticeItemSchema),
});
export const publicNoticeListSchema = z.object({ notices: z.array(publicNoticeSchema), note: z.string() });

export const endPeriodResultSchema = awardBulkResultSchema;

export type Award = z.infer<typeof awardSchema>;
export type AwardDetail = z.infer<typeof awardDetailSchema>;
export type AwardPage = z.infer<typeof awardPageSchema>;
export type AwardQuery = z.infer<typeof awardQuerySchema>;
export type AwardCandidate = z.infer<typeof awardCandidateSchema>;
export type ProposeResult = z.infer<typeof proposeResultSchema>;
export type AwardBulkResult = z.infer<typeof awardBulkResultSchema>;
export type Notice = z.infer<typeof noticeSchema>;
export type PublicNotice = z.infer<typeof publicNoticeSchema>;
export type PublicNoticeList = z.infer<typeof publicNoticeListSchema>;
export type ProposeFromRunResult = z.infer<typeof proposeFromRunResultSchema>;
