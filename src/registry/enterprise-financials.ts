import type { FinancialYear, FinancialYearInput } from './registry-contract.ts';
import { yuanText } from './registry-money.ts';
import { countFieldNames, moneyFieldNames } from './registry-vocabulary.ts';

/**
 * The yearly financials of an enterprise as the `years` json column keeps them (contracts §3): money in
 * yuan as exact decimal strings with two decimals, counts as whole numbers; a figure left out is
 * unknown, never zero. Records written before amounts were kept exact may hold money as JSON
 * numbers: they are read as the decimal they print as.
 */
export type StoredFinancialYear = Partial<Record<(typeof moneyFieldNames)[number], string | number> & Record<(typeof countFieldNames)[number], number>>;

/** A checked year's figures as stored: amounts with two decimals, counts as given. */
export function storedFinancialYear(input: FinancialYearInput): FinancialYear {
  const record: FinancialYear = {};
  for (const field of moneyFieldNames) {
    const value = input[field];
    if (value !== undefined) record[field] = yuanText(value);
  }
  for (const field of countFieldNames) {
    const value = input[field];
    if (value !== undefined) record[field] = value;
  }
  return record;
}

/** A stored year in its canonical form (what the wire carries), whatever form it was stored in. */
export function canonicalFinancialYear(stored: StoredFinancialYear | null | undefined): FinancialYear {
  const record: FinancialYear = {};
  for (const field of moneyFieldNames) {
    const value = stored?.[field];
    if (value !== undefined && value !== null) record[field] = yuanText(value);
  }
  for (const field of countFieldNames) {
    const value = stored?.[field];
    if (typeof value === 'number') record[field] = value;
  }
  return record;
}

/** The same figures regardless of key order or stored form, for telling a real change from a repeat. */
export function sameFinancialYear(a: StoredFinancialYear | undefined, b: StoredFinancialYear | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(canonicalFinancialYear(a)) === JSON.stringify(canonicalFinancialYear(b));
}
