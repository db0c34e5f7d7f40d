import type { FinancialField } from '../../api/types.ts';
import { beijingYear } from '../language/beijing-time.ts';

/**
 * The yearly financial fields in the order a finance form lists them (the server's contract,
 * src/registry/registry-contract.ts, is the authority: money in yuan as exact decimal strings,
 * counts whole numbers).
 */
export const financialFields: readonly { field: FinancialField; kind: 'money' | 'count' }[] = [
  { field: 'revenue', kind: 'money' },
  { field: 'high_tech_revenue', kind: 'money' },
  { field: 'rd_expense', kind: 'money' },
  { field: 'rd_expense_in_china', kind: 'money' },
  { field: 'total_assets', kind: 'money' },
  { field: 'costs', kind: 'money' },
  { field: 'total_liabilities', kind: 'money' },
  { field: 'rd_expense_deduction', kind: 'money' },
  { field: 'staff', kind: 'count' },
  { field: 'tech_staff', kind: 'count' },
  { field: 'ip_class1', kind: 'count' },
  { field: 'ip_class2', kind: 'count' },
];

export const financialFieldNames: readonly FinancialField[] = financialFields.map(({ field }) => field);
export const moneyFieldNames = financialFields.filter(({ kind }) => kind === 'money').map(({ field }) => field);

/** The first year a registry keeps (as the server checks it) and the last: the current one in Beijing, no forecasts. */
export const firstFinancialYear = 1990;
export const lastFinancialYear = () => beijingYear();
