/**
 * The calculator's HTTP contract for an enterprise of the registry (issue 12, Build 6): the
 * result of contracts §6 and the profile it was computed from, so that the page can show the
 * figures and offer them for a what-if (POST /api/calc; nothing is saved). Imports only zod and
 * this module's contract files, so that the web type-checks it.
 */
import { z } from 'zod';
import { calcResultSchema } from './incentives-contract.ts';
import { enterpriseProfileSchema } from './profile-schema.ts';

/** `?year=2024`: the calculation year (default: the current year in Beijing). */
export const enterpriseCalcQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

/** The benefits of a registry enterprise, with the profile read from the registry. */
export const enterpriseCalcSchema = calcResultSchema.extend({ profile: enterpriseProfileSchema });

export type EnterpriseCalc = z.infer<typeof enterpriseCalcSchema>;
export type { EnterpriseProfile } from './profile-schema.ts';
