import type { DatabaseOrTransaction } from '../db/index.ts';
import { findEligibleRows } from './screening-repository.ts';

/** A candidate for the award ledger: an eligible result of a run. */
export interface EligibleResult {
  enterprise_id: string;
  credit_code: string;
  name: string;
  area_code: string;
  incentive_id: string;
  pack_id: string;
  year: number;
  /** Yuan, exact decimal string; null when the rule gives only a cap. */
  amount: string | null;
}

/** The eligible results of a run: what the award ledger takes as candidates (proposeAwardCandidates). */
export async function findEligibleResults(db: DatabaseOrTransaction, runId: string): Promise<EligibleResult[]> {
  return findEligibleRows(db, runId);
}
