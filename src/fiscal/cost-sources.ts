import type { DatabaseOrTransaction } from '../db/index.ts';

/** Paid and approved amounts of one incentive in one area (county code) in a year, in yuan as exact decimal strings. */
export interface LedgerCost {
  incentive_id: string;
  area_code: string;
  paid: string;
  approved: string;
}

/**
 * Where paid and approved amounts come from: the award ledger (src/awards), wired by the
 * platform. The fiscal module does not read the ledger's tables itself.
 */
export interface CostSources {
  paidAndApproved(db: DatabaseOrTransaction, year: number): Promise<LedgerCost[]>;
}

/** No ledger yet: nothing paid, nothing approved (the overview says the ledger is not connected). */
export const noLedgerCostSources: CostSources = {
  paidAndApproved: async () => [],
};
