import type { DatabaseOrTransaction } from '../db/index.ts';
import { sumAwardCosts } from './award-repository.ts';

/**
 * The ledger's cost of a year for the fiscal view, by incentive and area (county): what was paid
 * (the payments recorded) and what is approved for payment but not yet paid — exact decimal strings.
 */
export async function findAwardCosts(db: DatabaseOrTransaction, year: number): Promise<{ incentive_id: string; area_code: string; paid: string; approved: string }[]> {
  return sumAwardCosts(db, year);
}
