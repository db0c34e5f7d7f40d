import { z } from 'zod';

/**
 * The calculation result (contracts §6, extended in rule-format.md): what `kechuang calc --json`
 * prints and `POST /api/calc` answers. `amount`/`cap`/`tax_saving` are JSON numbers rounded to
 * 0.01 yuan (the contract's shape) and each has an exact decimal string beside it (`*_text`).
 */
export const benefitStatusSchema = z.enum(['eligible', 'ineligible', 'needs_info', 'not_computable']);

export const traceStepSchema = z.object({
  /** The name of the let / condition / trigger / amount … */
  step: z.string(),
  /** What it is, in Chinese (the label of the rule). */
  label: z.string(),
  /** Its value: an exact number ("520000", "0.092"), true/false, or "未知（缺 years.2023.rd_expense）". */
  value: z.string(),
  clause: z.number().int().nullable(),
  /** For conditions: met, not_met, unknown; assumption for declarations taken as given. */
  outcome: z.enum(['met', 'not_met', 'unknown', 'assumption']).optional(),
  /** The CEL expression (for those who check the rule). */
  expr: z.string().optional(),
});

export const adviceSchema = z.object({
  condition: z.string(),
  label: z.string(),
  current: z.string(),
  required: z.string(),
  gap: z.string(),
  text: z.string(),
});

export const parameterInForceSchema = z.object({
  name: z.string(),
  label: z.string(),
  /** The value as the pack writes it ("0.2", "2000000", true). */
  value_text: z.string(),
  unit: z.string(),
  clause: z.number().int(),
  clause_label: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  interpretation: z.string().nullable(),
  interpretation_zh: z.string().nullable(),
});

export const benefitSchema = z.object({
  incentive: z.string(),
  pack: z.string(),
  title: z.string(),
  clause: z.number().int(),
  clause_label: z.string(),
  beneficiary: z.string(),
  status: benefitStatusSchema,
  amount: z.number().nullable(),
  amount_text: z.string().nullable(),
  cap: z.number().nullable(),
  cap_text: z.string().nullable(),
  score: z.number().nullable().optional(),
  score_text: z.string().nullable().optional(),
  tax_saving: z.number().nullable().optional(),
  tax_saving_text: z.string().nullable().optional(),
  missing: z.array(z.string()),
  trace: z.array(traceStepSchema),
  advice: z.array(adviceSchema),
  /** Flags not declared in the profile, taken as false ("未声明，按否计"). */
  assumptions: z.array(z.string()),
  /** Where the text is ambiguous, the reading the pack chose (English as written in the pack) … */
  interpretation: z.string().nullable(),
  /** … and in Chinese (null where the pack gives none: show the English). */
  interpretation_zh: z.string().nullable(),
  /** The parameters in force for this calculation, each with its clause and, where the text is ambiguous, the reading chosen. */
  parameters: z.array(parameterInForceSchema),
  /** An evaluation error that is not a missing field (e.g. a division by zero), in words. */
  error: z.string().optional(),
});

/** A pack the calculation considered, and whether it is in force in the calculation year. */
export const calcPackSchema = z.object({
  id: z.string(),
  title: z.string(),
  title_en: z.string().nullable(),
  kind: z.enum(['policy', 'criteria']),
  effective: z.string(),
  expires: z.string().nullable(),
  in_force: z.boolean(),
});

export const calcResultSchema = z.object({
  year: z.number().int(),
  credit_code: z.string().nullable(),
  calculated_on: z.string(),
  benefits: z.array(benefitSchema),
  /** Every pack with incentives; one not in force in the year gives no benefit (the page says so and offers its last year). */
  packs: z.array(calcPackSchema),
});

export const calcRequestSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  /** Calculation date (default 1 January of the year): picks the dated parameters in force. */
  date: z.iso.date().optional(),
  profile: z.record(z.string(), z.unknown()),
});

export type Benefit = z.infer<typeof benefitSchema>;
export type CalcResult = z.infer<typeof calcResultSchema>;
export type TraceStep = z.infer<typeof traceStepSchema>;
export type Advice = z.infer<typeof adviceSchema>;
export type ParameterInForce = z.infer<typeof parameterInForceSchema>;
export type CalcPack = z.infer<typeof calcPackSchema>;
