import type { CountField, EnterpriseChanges, EnterpriseDetail, EnterpriseEditableField, EnterpriseEventInput, EnterpriseEventType, EnterpriseFlag, FinancialYear, FinancialYearInput, MoneyField } from '../../api/types.ts';
import { financialFields } from './financial-fields.ts';
import { sameAmount } from './registry-money.ts';

/**
 * One row of the financials table of the edit form: a year and its figures (null: not known);
 * amounts as the text typed (yuan, exact), counts as numbers.
 */
export type FinancialYearRow = { year: number | null } & Partial<Record<MoneyField, string | null> & Record<CountField, number | null>>;

/** What the edit form holds: text fields as typed ('' is empty), years as table rows. */
export interface EnterpriseFormValues {
  name?: string;
  org?: string;
  industry?: string;
  founded?: string;
  above_scale?: boolean;
  contact_name?: string;
  contact_phone?: string;
  years?: FinancialYearRow[];
  /** The experts' innovation score; null: not known. */
  hte_innovation_score?: number | null;
  /** Each declaration: yes, no, or not declared. */
  flags?: Partial<Record<EnterpriseFlag, FlagChoice>>;
  events?: EventRow[];
}

/** A declaration as the form's select holds it. */
export type FlagChoice = 'yes' | 'no' | 'unset';
/** One row of the events table of the form; the amount as typed (yuan, exact). */
export interface EventRow {
  type?: EnterpriseEventType | null;
  year?: number | null;
  amount?: string | null;
}

const flagNames: readonly EnterpriseFlag[] = ['deemed_taxation', 'western_development_encouraged', 'ic_or_machine_tool_list'];
const choiceOf = (value: boolean | null | undefined): FlagChoice => (value === true ? 'yes' : value === false ? 'no' : 'unset');
const valueOf = (choice: FlagChoice | undefined): boolean | null => (choice === 'yes' ? true : choice === 'no' ? false : null);

/** The events a form's rows give (rows without a type or year left out), in the server's order, amounts without separators. */
function eventsOf(rows: readonly EventRow[]): EnterpriseEventInput[] {
  return rows
    .filter((row): row is EventRow & { type: EnterpriseEventType; year: number } => Boolean(row.type) && typeof row.year === 'number')
    .map((row) => {
      // Only an award carries an amount (the server's vocabulary): one typed before the type changed is dropped.
      const amount = row.type === 'national_st_award' && typeof row.amount === 'string' ? row.amount.replace(/,/g, '').trim() : '';
      return { type: row.type, year: row.year, ...(amount !== '' ? { amount } : {}) };
    });
}

/** The same events, whatever their order; amounts compared as amounts. */
function sameEvents(a: readonly EnterpriseEventInput[], b: readonly EnterpriseEventInput[]): boolean {
  const key = (event: EnterpriseEventInput) => `${event.type}|${event.year}`;
  if (a.length !== b.length) return false;
  const byKey = new Map(b.map((event) => [key(event), event]));
  return a.every((event) => {
    const other = byKey.get(key(event));
    return other !== undefined && sameAmount(event.amount ?? undefined, other.amount ?? undefined);
  });
}

type Enterprise = EnterpriseDetail['enterprise'];

const textFields = ['name', 'org', 'industry', 'founded', 'contact_name', 'contact_phone'] as const;
/** Fields the registry requires: they can be changed, never emptied. */
const requiredFields = new Set<string>(['name', 'org']);

const isMoney = (field: string): field is MoneyField => financialFields.some((entry) => entry.field === field && entry.kind === 'money');

/** A year's known figures with keys in one order: what the form sends (amounts without thousands separators). */
function knownFigures(figures: FinancialYear | FinancialYearRow | null | undefined): FinancialYearInput {
  const record: FinancialYearInput = {};
  for (const { field } of financialFields) {
    const value = figures?.[field];
    if (isMoney(field)) {
      if (typeof value === 'string' && value.trim() !== '') record[field] = value.replace(/,/g, '').trim();
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      record[field as CountField] = value;
    }
  }
  return record;
}

/** The same figures, amounts compared as amounts ("1234.5" is "1234.50"). */
function sameFigures(a: FinancialYearInput, b: FinancialYearInput): boolean {
  return financialFields.every(({ field }) => (isMoney(field) ? sameAmount(a[field], b[field]) : a[field] === b[field]));
}

/**
 * The form's starting values. Masked contacts start empty (a masked value must never be saved
 * back); left empty they are not sent, so they stay as they are.
 */
export function enterpriseFormValues(enterprise: Enterprise): EnterpriseFormValues {
  const masked = enterprise.contacts_masked;
  return {
    name: enterprise.name,
    org: enterprise.org,
    industry: enterprise.industry ?? '',
    founded: enterprise.founded ?? '',
    above_scale: enterprise.above_scale,
    contact_name: masked ? '' : (enterprise.contact_name ?? ''),
    contact_phone: masked ? '' : (enterprise.contact_phone ?? ''),
    years: Object.entries(enterprise.years ?? {})
      .sort(([a], [b]) => b.localeCompare(a))
      .map(([year, figures]) => ({ year: Number(year), ...knownFigures(figures) })),
    hte_innovation_score: enterprise.hte_innovation_score ?? null,
    flags: Object.fromEntries(flagNames.map((flag) => [flag, choiceOf(enterprise.flags?.[flag])])),
    events: [...(enterprise.events ?? [])].reverse().map((event) => ({ type: event.type, year: event.year, amount: event.amount ?? null })),
  };
}

/**
 * The PATCH body for what the form changed, and only that (the server refuses a field the caller
 * may not change, even unchanged). `undefined` when nothing changed.
 */
export function enterpriseChanges(enterprise: Enterprise, values: EnterpriseFormValues, editable: readonly EnterpriseEditableField[]): EnterpriseChanges | undefined {
  const changes: EnterpriseChanges = { expected_updated_at: enterprise.updated_at };
  const initial = enterpriseFormValues(enterprise);
  let changed = false;
  for (const field of textFields) {
    if (!editable.includes(field)) continue;
    const before = (initial[field] ?? '').trim();
    const after = (values[field] ?? '').trim();
    if (before === after) continue;
    // A masked contact left empty stays as it is; there is no way to tell "cleared" from "untouched".
    if (enterprise.contacts_masked && (field === 'contact_name' || field === 'contact_phone') && after === '') continue;
    if (requiredFields.has(field)) {
      if (after === '') continue;
      changes[field as 'name' | 'org'] = after;
    } else {
      changes[field as 'industry' | 'founded' | 'contact_name' | 'contact_phone'] = after === '' ? null : after;
    }
    changed = true;
  }
  if (editable.includes('above_scale') && values.above_scale !== undefined && values.above_scale !== enterprise.above_scale) {
    changes.above_scale = values.above_scale;
    changed = true;
  }
  if (editable.includes('years')) {
    const stored = enterprise.years ?? {};
    const years: NonNullable<EnterpriseChanges['years']> = {};
    const kept = new Set<string>();
    for (const row of values.years ?? []) {
      if (row.year === null || row.year === undefined) continue;
      const year = String(row.year);
      kept.add(year);
      const after = knownFigures(row);
      if (!(year in stored) || !sameFigures(knownFigures(stored[year]), after)) years[year] = after;
    }
    for (const year of Object.keys(stored)) if (!kept.has(year)) years[year] = null;
    if (Object.keys(years).length > 0) {
      changes.years = years;
      changed = true;
    }
  }
  if (editable.includes('hte_innovation_score')) {
    const after = typeof values.hte_innovation_score === 'number' ? values.hte_innovation_score : null;
    if (after !== (enterprise.hte_innovation_score ?? null)) {
      changes.hte_innovation_score = after;
      changed = true;
    }
  }
  if (editable.includes('flags')) {
    const flags: NonNullable<EnterpriseChanges['flags']> = {};
    for (const flag of flagNames) {
      const after = valueOf(values.flags?.[flag]);
      if (after !== (enterprise.flags?.[flag] ?? null)) flags[flag] = after;
    }
    if (Object.keys(flags).length > 0) {
      changes.flags = flags;
      changed = true;
    }
  }
  if (editable.includes('events')) {
    const after = eventsOf(values.events ?? []);
    const before = (enterprise.events ?? []).map((event) => ({ type: event.type, year: event.year, ...(event.amount ? { amount: event.amount } : {}) }));
    if (!sameEvents(before, after)) {
      changes.events = after;
      changed = true;
    }
  }
  return changed ? changes : undefined;
}

/**
 * Where a problem of a 400 answer belongs in the form: `years.2023.rd_expense` is the cell of the
 * 2023 row; `contact_phone` its field. `undefined` when the form has no such field.
 */
export function formFieldOf(problemField: string, values: EnterpriseFormValues): (string | number)[] | undefined {
  const [head, year, figure] = problemField.split('.');
  if (head === 'years') {
    const index = (values.years ?? []).findIndex((row) => String(row.year) === year);
    if (index < 0) return ['years'];
    return figure && financialFields.some((entry) => entry.field === figure) ? ['years', index, figure] : ['years', index, 'year'];
  }
  if (head === 'events') {
    // events.1.year: the row of the list the form sent (rows without a type or year are not sent).
    const sent = (values.events ?? []).map((row, index) => ({ row, index })).filter(({ row }) => Boolean(row.type) && typeof row.year === 'number');
    const index = sent[Number(year)]?.index;
    if (index === undefined) return ['events'];
    return figure === 'type' || figure === 'amount' || figure === 'year' ? ['events', index, figure] : ['events', index, 'amount'];
  }
  if (head === 'flags') return year && (flagNames as readonly string[]).includes(year) ? ['flags', year] : undefined;
  return head && (textFields as readonly string[]).concat('above_scale', 'hte_innovation_score').includes(head) ? [head] : undefined;
}
