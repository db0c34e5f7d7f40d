import type { CalcProfile } from '../../api/types.ts';

/**
 * The what-if form's model: a registry profile's figures as the text a person edits (money exact,
 * as typed), turned back into a profile for POST /api/calc. Nothing here is saved anywhere.
 */

export const moneyFields = ['revenue', 'high_tech_revenue', 'rd_expense', 'rd_expense_in_china', 'rd_expense_deduction', 'costs', 'total_assets', 'total_liabilities'] as const;
export const countFields = ['staff', 'tech_staff', 'ip_class1', 'ip_class2'] as const;
export const whatIfFields = [...moneyFields, ...countFields] as const;
export type WhatIfField = (typeof whatIfFields)[number];
export const flagNames = ['deemed_taxation', 'western_development_encouraged', 'ic_or_machine_tool_list'] as const;
export type FlagName = (typeof flagNames)[number];
export type FlagChoice = 'yes' | 'no' | 'unset';

export interface WhatIfEvent {
  type: string;
  year: string;
  amount: string;
}

export interface WhatIfDraft {
  years: Record<string, Partial<Record<WhatIfField, string>>>;
  flags: Record<FlagName, FlagChoice>;
  score: string;
  events: WhatIfEvent[];
}

/** The years a calculation for `year` reads (the three before it), plus every year the profile has. */
export function draftYears(profile: CalcProfile, year: number): string[] {
  const years = new Set(Object.keys(profile.years));
  for (let back = 1; back <= 3; back += 1) years.add(String(year - back));
  return [...years].sort((a, b) => b.localeCompare(a));
}

export function draftOf(profile: CalcProfile): WhatIfDraft {
  const years: WhatIfDraft['years'] = {};
  for (const [year, figures] of Object.entries(profile.years)) {
    const row: Partial<Record<WhatIfField, string>> = {};
    for (const field of whatIfFields) {
      const value = figures[field];
      if (value !== undefined) row[field] = String(value);
    }
    years[year] = row;
  }
  const flag = (name: FlagName): FlagChoice => {
    const value = profile.flags?.[name];
    return value === undefined ? 'unset' : value ? 'yes' : 'no';
  };
  return {
    years,
    flags: { deemed_taxation: flag('deemed_taxation'), western_development_encouraged: flag('western_development_encouraged'), ic_or_machine_tool_list: flag('ic_or_machine_tool_list') },
    score: profile.hte_innovation_score === undefined ? '' : String(profile.hte_innovation_score),
    events: profile.events.map((event) => ({ type: event.type, year: String(event.year), amount: event.amount === undefined ? '' : String(event.amount) })),
  };
}

const moneyPattern = /^\d{1,15}(\.\d{1,2})?$/;
const countPattern = /^\d{1,9}$/;

/** Exact 分 of a money text ("12.3" → 1230n). */
function cents(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

function centsText(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export type DraftProblem = { kind: 'money' | 'count'; year: string; field: WhatIfField } | { kind: 'score' } | { kind: 'eventYear'; index: number } | { kind: 'eventAmount'; index: number };

/**
 * The edited profile, or the first problem (a field named by year and field). 净资产 is derived
 * again from the edited assets and liabilities, exactly, as the registry derives it.
 */
export function profileOfDraft(base: CalcProfile, draft: WhatIfDraft): { profile: CalcProfile } | { problem: DraftProblem } {
  const years: CalcProfile['years'] = {};
  for (const [year, row] of Object.entries(draft.years)) {
    const figures: CalcProfile['years'][string] = {};
    for (const field of whatIfFields) {
      const text = (row[field] ?? '').trim().replace(/,/g, '');
      if (text === '') continue;
      if ((countFields as readonly string[]).includes(field)) {
        if (!countPattern.test(text)) return { problem: { kind: 'count', year, field } };
        (figures as Record<string, number>)[field] = Number(text);
      } else {
        if (!moneyPattern.test(text)) return { problem: { kind: 'money', year, field } };
        (figures as Record<string, string>)[field] = text;
      }
    }
    const assets = figures.total_assets;
    const liabilities = figures.total_liabilities;
    if (assets !== undefined && liabilities !== undefined) figures.net_assets = centsText(cents(String(assets)) - cents(String(liabilities)));
    if (Object.keys(figures).length > 0) years[year] = figures;
  }
  const score = draft.score.trim();
  if (score !== '' && (!countPattern.test(score) || Number(score) > 100)) return { problem: { kind: 'score' } };
  const events: CalcProfile['events'] = [];
  for (const [index, event] of draft.events.entries()) {
    if (!/^\d{4}$/.test(event.year.trim()) || Number(event.year) < 1990 || Number(event.year) > 2100) return { problem: { kind: 'eventYear', index } };
    const amount = event.amount.trim().replace(/,/g, '');
    if (amount !== '' && !moneyPattern.test(amount)) return { problem: { kind: 'eventAmount', index } };
    events.push({ type: event.type, year: Number(event.year), ...(amount === '' ? {} : { amount }) });
  }
  const flags: NonNullable<CalcProfile['flags']> = {};
  for (const name of flagNames) if (draft.flags[name] !== 'unset') flags[name] = draft.flags[name] === 'yes';
  const { hte_innovation_score: _score, ...rest } = base;
  return { profile: { ...rest, years, flags, events, ...(score === '' ? {} : { hte_innovation_score: Number(score) }) } };
}
