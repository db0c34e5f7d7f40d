/**
 * The fiscal view's HTTP contract: cost by incentive, area and year (paid, approved, forecast),
 * the what-if over parameters and the saved scenarios. Money travels as exact decimal strings in
 * yuan ("1234.56"), counts as whole numbers. Only zod is imported here: the web type-checks it.
 */
import { z } from 'zod';

const areaCode = z.string().regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 code');
const yearNumber = z.coerce.number().int().min(2000).max(2100);
/** Money in yuan, exact: "1234.56" (negative for a decrease). */
const money = z.string();

/**
 * Overrides of the parameters in force: `{ [incentive id]: { [parameter name]: decimal } }`, e.g.
 * `{ "ningxia-2022.first-above-scale-rd-award": { "rate": "0.25", "cap": "3000000" } }`. A rule's
 * threshold is a parameter too (national.hte-recognition's rd_ratio_small).
 */
export const parameterOverridesSchema = z
  .record(z.string().min(1).max(200), z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a parameter name such as rate'), z.string().trim().regex(/^-?\d{1,15}(\.\d{1,12})?$/, 'expected a decimal number such as 0.25 or 3000000')))
  .refine((overrides) => Object.keys(overrides).length <= 50, 'at most 50 incentives');
export type ParameterOverridesInput = z.infer<typeof parameterOverridesSchema>;

export const whatIfBodySchema = z.object({ year: yearNumber, overrides: parameterOverridesSchema, org: areaCode.optional() });
export type WhatIfInput = z.infer<typeof whatIfBodySchema>;

export const overviewQuerySchema = z.object({ year: yearNumber, org: areaCode.optional() });
export type OverviewInput = z.infer<typeof overviewQuerySchema>;

const area = { area_code: z.string(), city_name: z.string(), county_name: z.string() };
const incentive = { incentive_id: z.string(), incentive_title: z.string(), pack_id: z.string() };

/** A rule's numeric parameter in force (what a what-if may override). */
export const overridableParameterSchema = z.object({ name: z.string(), label: z.string(), unit: z.string(), value: z.string() });
export const overridableIncentiveSchema = z.object({ ...incentive, parameters: z.array(overridableParameterSchema) });
export type OverridableIncentive = z.infer<typeof overridableIncentiveSchema>;

const statusSchema = z.enum(['eligible', 'ineligible', 'needs_info']);

/** One incentive's cost in the what-if: the parameters in force (baseline) against the overrides. */
export const whatIfIncentiveLineSchema = z.object({
  ...incentive,
  baseline: money,
  what_if: money,
  difference: money,
  baseline_eligible: z.number().int(),
  what_if_eligible: z.number().int(),
});
export const whatIfAreaLineSchema = z.object({ ...area, baseline: money, what_if: money, difference: money });
export const whatIfChangeSchema = z.object({
  credit_code: z.string(),
  name: z.string(),
  synthetic: z.boolean(),
  ...area,
  ...incentive,
  before_status: statusSchema,
  after_status: statusSchema,
  before_amount: money.nullable(),
  after_amount: money.nullable(),
});
export type WhatIfChange = z.infer<typeof whatIfChangeSchema>;

export const whatIfResultSchema = z.object({
  year: z.number().int(),
  org: z.string().nullable(),
  org_name: z.string().nullable(),
  overrides: z.record(z.string(), z.record(z.string(), z.string())),
  /** Each overridden parameter: its value in force and the what-if's. */
  overridden: z.array(z.object({ ...incentive, name: z.string(), label: z.string(), unit: z.string(), in_force: z.string().nullable(), what_if: z.string() })),
  enterprises: z.number().int(),
  baseline_total: money,
  what_if_total: money,
  difference_total: money,
  by_incentive: z.array(whatIfIncentiveLineSchema),
  by_area: z.array(whatIfAreaLineSchema),
  /** Firms whose status or amount changes (at most `changes_limit`; `changes_total` counts them all). */
  changes: z.array(whatIfChangeSchema),
  changes_total: z.number().int(),
  changes_limit: z.number().int(),
});
export type WhatIfResult = z.infer<typeof whatIfResultSchema>;

/** One cell of the overview: an incentive in an area, paid and approved in the year, forecast for the next. */
export const overviewRowSchema = z.object({ ...incentive, ...area, paid: money, approved: money, forecast: money, forecast_eligible: z.number().int() });
export const overviewIncentiveSchema = z.object({ ...incentive, paid: money, approved: money, forecast: money, forecast_eligible: z.number().int(), forecast_cap_only: z.number().int(), forecast_needs_info: z.number().int() });
export const overviewAreaSchema = z.object({ ...area, paid: money, approved: money, forecast: money });
export const fiscalOverviewSchema = z.object({
  year: z.number().int(),
  forecast_year: z.number().int(),
  org: z.string().nullable(),
  org_name: z.string().nullable(),
  enterprises: z.number().int(),
  totals: z.object({ paid: money, approved: money, forecast: money }),
  rows: z.array(overviewRowSchema),
  by_incentive: z.array(overviewIncentiveSchema),
  by_area: z.array(overviewAreaSchema),
  /** Whether paid and approved amounts come from the award ledger yet (false: not wired, shown as 0). */
  ledger_connected: z.boolean(),
  /** The incentives and parameters in force in the forecast year (or, for a pack ending with the year, in the year): what the what-if form offers. */
  parameters: z.array(overridableIncentiveSchema),
});
export type FiscalOverview = z.infer<typeof fiscalOverviewSchema>;

export const scenarioNameSchema = z.string().trim().min(1, 'a name is required').max(100);
export const saveScenarioBodySchema = whatIfBodySchema.extend({ name: scenarioNameSchema });
export type SaveScenarioInput = z.infer<typeof saveScenarioBodySchema>;

export const scenarioSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  year: z.number().int(),
  org: z.string().nullable(),
  overrides: z.record(z.string(), z.record(z.string(), z.string())),
  created_by: z.string(),
  created_at: z.string(),
  baseline_total: money,
  what_if_total: money,
  difference_total: money,
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;
export const scenarioListSchema = z.object({ scenarios: z.array(scenarioSummarySchema) });
export type ScenarioList = z.infer<typeof scenarioListSchema>;
export const scenarioSchema = scenarioSummarySchema.extend({ result: whatIfResultSchema });
export type Scenario = z.infer<typeof scenarioSchema>;
export const scenarioParamsSchema = z.object({ id: z.uuid() });
