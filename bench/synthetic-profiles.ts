/**
 * Deterministic synthetic enterprise profiles for the rule bench: `syntheticProfile(i)` is the same object for the
 * same i in every run (a seeded generator, no Math.random), for the calculation year SYNTHETIC_YEAR.
 *
 * The mix reaches every status of every rule (packs/reference-rules.test.ts checks it): firms in every R&D bracket
 * and near its bounds, tech-staff ratios around 10%, sizes around the tech-SME limits, the super-deduction's excluded
 * industries, deemed taxation, the IC flag, HTE certificates (some revoked), the Ningxia events of the year, and a
 * share of profiles with a missing figure (needs_info). Money has cents now and then, to exercise rounding.
 * Every profile is labelled synthetic: `synthetic: true` and 合成数据 in its name.
 */
import { creditCodeCheckCharacter } from '../src/shared/credit-code.ts';
import type { ReferenceProfile, YearFigures } from './reference-rules.ts';
import { mulberry32 } from '../src/shared/seeded-random.ts';

/** The calculation year the profiles are made for (figures of the three years before it). */
export const SYNTHETIC_YEAR = 2024;

const industries: readonly [string, ...string[]] = ['C3989', 'C2710', 'C3562', 'I6510', 'M7320', 'C3311', 'D4411', 'C16', 'C1610', 'H6110', 'F5123', 'K7010', 'L7211', 'R9011', 'R8710'];
const figureFields: readonly [keyof YearFigures, ...(keyof YearFigures)[]] = ['revenue', 'rd_expense', 'rd_expense_in_china', 'high_tech_revenue', 'total_assets', 'total_liabilities', 'costs', 'staff', 'tech_staff', 'ip_class1', 'ip_class2', 'rd_expense_deduction'];

/** Yuan with cents in one draw of ten. */
function money(random: () => number, yuan: number): number {
  const whole = Math.max(0, Math.round(yuan));
  return random() < 0.1 ? whole + Math.floor(random() * 100) / 100 : whole;
}

const codeCharacters = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid 统一社会信用代码 from the index: 91640100 + 9 characters of i in base 31 + the check character. */
function creditCode(i: number): string {
  let body = '';
  for (let n = i, k = 0; k < 9; k++, n = Math.floor(n / 31)) body = codeCharacters[n % 31] + body;
  const first17 = `91640100${body}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** Shared empty lists (most profiles have none): read-only, never changed. */
const noCertifications: NonNullable<ReferenceProfile['certifications']> = Object.freeze([]) as unknown as NonNullable<ReferenceProfile['certifications']>;
const noEvents: NonNullable<ReferenceProfile['events']> = Object.freeze([]) as unknown as NonNullable<ReferenceProfile['events']>;

export function syntheticProfile(i: number): ReferenceProfile {
  const random = mulberry32(i * 2654435761 + 12345);
  const year = SYNTHETIC_YEAR;
  const pick = <T>(items: readonly [T, ...T[]]): T => items[Math.floor(random() * items.length)] ?? items[0];

  // Size: revenue across the brackets, with a share exactly on or near 50,000,000 and 200,000,000.
  const sizeDraw = random();
  let revenue: number;
  if (sizeDraw < 0.05) revenue = pick([50_000_000, 200_000_000, 50_000_001, 200_000_001, 199_999_999]);
  else if (sizeDraw < 0.5) revenue = 1_000_000 + random() * 49_000_000;
  else if (sizeDraw < 0.85) revenue = 50_000_000 + random() * 150_000_000;
  else revenue = 200_000_000 + random() * 600_000_000;
  const rdRatio = random() < 0.1 ? pick([0.02, 0.03, 0.04, 0.05, 0.06]) : random() * 0.09;
  const staff = 5 + Math.floor(random() * (random() < 0.8 ? 480 : 900));
  const techShare = random() < 0.1 ? 0.1 : random() * 0.4;
  const growth = 0.85 + random() * 0.6;
  const founded = `${2008 + Math.floor(random() * 16)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const foundedYear = Number(founded.slice(0, 4));

  // Which figures the latest year leaves out: the super-deduction figure (the fallback to rd_expense), the costs, and in
  // one profile in eight one more figure (needs_info where it matters). Objects are built without `delete` (which
  // would turn them into slow dictionaries).
  const withoutDeduction = random() < 0.4;
  const withoutCosts = random() < 0.3;
  const dropped = random() < 0.125 ? pick(figureFields) : undefined;
  const withoutLatestYear = random() < 0.02;

  const years: Record<string, YearFigures> = {};
  for (let y = year - 3; y <= year - 1; y++) {
    if (y < foundedYear) continue;
    const latest = y === year - 1;
    if (latest && withoutLatestYear) continue;
    const scale = Math.pow(growth, y - (year - 1));
    const yearRevenue = revenue * scale;
    const rd = yearRevenue * rdRatio;
    const assets = yearRevenue * (0.4 + random() * 0.8);
    const values: Record<keyof YearFigures, number> = {
      revenue: money(random, yearRevenue),
      rd_expense: money(random, rd),
      rd_expense_in_china: money(random, rd * (random() < 0.9 ? 1 : 0.4 + random() * 0.5)),
      high_tech_revenue: money(random, yearRevenue * (0.3 + random() * 0.65)),
      total_assets: money(random, assets),
      total_liabilities: money(random, assets * random() * 0.7),
      costs: money(random, yearRevenue * (0.5 + random() * 0.6)),
      staff,
      tech_staff: Math.round(staff * techShare),
      ip_class1: random() < 0.4 ? Math.floor(random() * 3) : 0,
      ip_class2: Math.floor(random() * 7),
      rd_expense_deduction: money(random, rd * (0.8 + random() * 0.2)),
    };
    // Every field present, null when missing: a row as the registry gives it (one object shape for all profiles).
    const figures: YearFigures = {};
    for (const field of figureFields) {
      const missing = latest && (field === dropped || (field === 'costs' && withoutCosts) || (field === 'rd_expense_deduction' && withoutDeduction));
      figures[field] = missing ? null : values[field];
    }
    years[String(y)] = figures;
  }

  const certifications: NonNullable<ReferenceProfile['certifications']> = [];
  if (random() < 0.3) {
    const from = 2019 + Math.floor(random() * 6);
    const certificate: NonNullable<ReferenceProfile['certifications']>[number] = { type: 'national_hte', from: `${from}-11-15`, to: `${from + 3}-11-14` };
    if (random() < 0.1) certificate.revoked_on = `${from + 1}-06-30`;
    certifications.push(certificate);
  }
  if (random() < 0.3) certifications.push({ type: 'tech_sme', from: `${year}-04-01`, to: `${year}-12-31` });

  const events: NonNullable<ReferenceProfile['events']> = [];
  const eventDraw = random();
  if (eventDraw < 0.15) events.push({ type: 'first_above_scale', year });
  else if (eventDraw < 0.2) events.push({ type: 'first_above_scale', year: year - 1 });
  if (random() < 0.06) events.push({ type: 'first_innovative_demo_enterprise', year });
  if (random() < 0.03) events.push(random() < 0.8 ? { type: 'national_st_award', year, amount: pick([200_000, 500_000, 1_000_000]) } : { type: 'national_st_award', year });

  const industry = random() < 0.02 ? undefined : pick(industries);
  // Every property assigned, `undefined` when absent (what JSON would leave out): one object shape for all profiles,
  // as a registry read gives them.
  const hteInnovationScore = random() < 0.85 ? 55 + Math.floor(random() * 40) : undefined;
  const applicationDate = random() < 0.1 ? `${year}-0${1 + Math.floor(random() * 9)}-15` : undefined;
  let flags: ReferenceProfile['flags'];
  if (random() < 0.6) {
    const deemed = random() < 0.1 ? true : undefined;
    const western = random() < 0.4 ? true : undefined;
    const icList = random() < 0.08 ? true : undefined;
    flags = { deemed_taxation: deemed, western_development_encouraged: western, ic_or_machine_tool_list: icList };
  }
  return {
    credit_code: creditCode(i),
    name: `合成数据企业${i}`,
    org: '640106',
    synthetic: true,
    industry,
    founded,
    certifications: certifications.length > 0 ? certifications : noCertifications,
    events: events.length > 0 ? events : noEvents,
    years,
    hte_innovation_score: hteInnovationScore,
    application_date: applicationDate,
    flags,
  };
}
