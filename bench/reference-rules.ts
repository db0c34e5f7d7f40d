/**
 * The rules of every pack written by hand in TypeScript: the bench's baseline (b) and an independent oracle
 * for the rule engine. `packs/reference-rules.test.ts` runs it against every rule case (`packs/<pack>/tests/*.yaml`).
 *
 * It follows the shared design (/work/briefs/rule-format.md) to the letter, without CEL:
 * - money in integer 分 (fen), ratios compared by cross-multiplication, so nothing is a binary fraction; products
 *   are checked against Number.MAX_SAFE_INTEGER and fall back to BigInt beyond it;
 * - three-valued logic: a missing input makes a value unknown with the paths it depends on (`years.2023.staff`);
 *   `false && unknown = false`, `true || unknown = true`, a ternary whose condition is unknown is unknown with the
 *   condition's paths; status = ineligible if any condition is false, else needs_info with the union of the paths of
 *   the unknown conditions (and of the amount when all hold), else eligible;
 * - `amount` only for an eligible result (a string with two decimals), `score` whenever it is computable,
 *   `tax_saving` with the amount; each rounded once, to 0.01 yuan, half up, from the exact value.
 *
 * Parameters are those of the packs (in force on 1 January of the calculation year); they are written here again on
 * purpose, so that a wrong value in a pack shows up as a failing rule case.
 */

export type ReferenceStatus = 'eligible' | 'ineligible' | 'needs_info';

export interface ReferenceResult {
  incentive: string;
  status: ReferenceStatus;
  amount: string | null;
  score?: string;
  tax_saving?: string;
  missing: string[];
}

type Figure = number | string | null | undefined;

/** One year's figures (profile.years["2023"]): money in yuan, counts whole. */
export interface YearFigures {
  revenue?: Figure;
  rd_expense?: Figure;
  rd_expense_in_china?: Figure;
  rd_expense_deduction?: Figure;
  high_tech_revenue?: Figure;
  total_assets?: Figure;
  total_liabilities?: Figure;
  costs?: Figure;
  staff?: Figure;
  tech_staff?: Figure;
  ip_class1?: Figure;
  ip_class2?: Figure;
}

export interface ReferenceProfile {
  credit_code?: string;
  name?: string;
  org?: string;
  industry?: string;
  founded?: string;
  application_date?: string;
  hte_innovation_score?: number;
  flags?: { deemed_taxation?: boolean; western_development_encouraged?: boolean; ic_or_machine_tool_list?: boolean };
  certifications?: { type: string; from: string; to?: string | null; revoked_on?: string | null }[];
  events?: { type: string; year: number; amount?: number | string | null }[];
  years?: Record<string, YearFigures | undefined>;
  synthetic?: boolean;
}

/** The profile of another beneficiary (contract: otherProfileSchema): an area, a project, an institution, a platform. */
export interface OtherReferenceProfile {
  kind: 'area' | 'project' | 'institution' | 'platform' | 'award';
  years?: Record<string, Record<string, Figure> | undefined>;
  [field: string]: unknown;
}

/** An unknown value: the sorted-later list of the profile paths it depends on. */
type Unknown = { readonly paths: readonly string[] };
/** A three-valued boolean: true, false or the paths that would decide it. */
type Truth = boolean | Unknown;
/** A number (fen, a count or points) or the paths it depends on. */
type Num = number | Unknown;

const unknown = (...paths: string[]): Unknown => ({ paths });
const hteScoreMissing = unknown('hte_innovation_score');
const foundedMissing = unknown('founded');
const industryMissing = unknown('industry');
const isUnknown = (value: unknown): value is Unknown => typeof value === 'object' && value !== null;

function join(...values: (Num | Truth)[]): Unknown {
  const paths: string[] = [];
  for (const value of values) if (isUnknown(value)) for (const path of value.paths) if (!paths.includes(path)) paths.push(path);
  return { paths };
}

/** Kleene or over already evaluated operands (every operand here is cheap and pure). */
function or(...values: Truth[]): Truth {
  if (values.includes(true)) return true;
  return values.some(isUnknown) ? join(...values) : false;
}

// ---------------------------------------------------------------------------------------------------------------
// Exact integer helpers

const SAFE = Number.MAX_SAFE_INTEGER;

/** a·k ≥ b·m for integers, exact (BigInt when a product leaves the safe range). */
function geq(a: number, k: number, b: number, m: number): boolean {
  const left = a * k;
  const right = b * m;
  if (Math.abs(left) < SAFE && Math.abs(right) < SAFE) return left >= right;
  return BigInt(a) * BigInt(k) >= BigInt(b) * BigInt(m);
}

/** n ÷ d rounded half up (away from zero for negatives), integers, d > 0. */
function divRoundHalfUp(n: number, d: number): number {
  if (Math.abs(n) < SAFE / 2) {
    const q = Math.floor((Math.abs(n) * 2 + d) / (2 * d));
    return n < 0 ? -q : q;
  }
  const big = BigInt(Math.abs(n));
  const q = Number((big * 2n + BigInt(d)) / (2n * BigInt(d)));
  return n < 0 ? -q : q;
}

/** Integer fen as yuan with two decimals: 52000000 → "520000.00". */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `${sign}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

const moneyPattern = /^-?\d+(\.\d+)?$/;

/** Yuan (a JSON number or a decimal string with at most two significant decimals) as integer fen. */
export function toFen(value: number | string): number {
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < SAFE / 100) return value * 100;
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!moneyPattern.test(text)) throw new Error(`reference rules: not a money amount in yuan: ${text}`);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  if (/[1-9]/.test(fraction.slice(2))) throw new Error(`reference rules: more than two decimals of yuan: ${text}`);
  const fen = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
  if (!Number.isSafeInteger(fen)) throw new Error(`reference rules: amount out of range: ${text}`);
  return negative ? -fen : fen;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the profile (the CEL environment's fin, has_fin, flag, cert_in_year, … written out)

/** Per-year strings, made once: the first day of the year. */
const firstDays: string[] = [];
const lastDays: string[] = [];
const firstDay = (year: number): string => (firstDays[year] ??= `${year}-01-01`);
const lastDay = (year: number): string => (lastDays[year] ??= `${year}-12-31`);

/** profile.years[y] (the key read as the integer index it is: faster than building the string). */
function figuresOf(profile: ReferenceProfile, year: number): YearFigures | undefined {
  return profile.years?.[year];
}

/** The unknown of a missing figure, made once per (field, year) and shared (unknowns are never changed). */
const missingFigures = new Map<string, Unknown[]>();
function missingFigure(year: number, field: keyof YearFigures): Unknown {
  let byYear = missingFigures.get(field);
  if (byYear === undefined) missingFigures.set(field, (byYear = []));
  return (byYear[year] ??= unknown(`years.${year}.${field}`));
}

/** fin(y, field) of a money field: integer fen; missing → unknown with the path. */
function money(value: Figure, year: number, field: keyof YearFigures): Num {
  if (value === undefined || value === null) return missingFigure(year, field);
  if (typeof value === 'number') {
    // Fast path: a number of yuan with at most two decimals is within a rounding error of a whole number of fen.
    const fen = Math.round(value * 100);
    if (Math.abs(value * 100 - fen) < 1e-6 && Math.abs(fen) < SAFE / 16) return fen;
  }
  return toFen(value);
}

/** fin(y, field) of a count; missing → unknown with the path. */
function count(value: Figure, year: number, field: keyof YearFigures): Num {
  if (value === undefined || value === null) return missingFigure(year, field);
  return typeof value === 'number' ? value : Number(value);
}

/** flag(name): absent = not declared = false (an assumption the engine traces). */
function flag(profile: ReferenceProfile, name: keyof NonNullable<ReferenceProfile['flags']>): boolean {
  return profile.flags?.[name] === true;
}

/** founded_before(date): founded strictly before the ISO date. */
function foundedBefore(profile: ReferenceProfile, date: string): Truth {
  return profile.founded === undefined ? foundedMissing : profile.founded < date;
}

/** registered_years(date): whole years from the founding date to the date (the anniversary counts). */
function registeredYears(profile: ReferenceProfile, date: string): Num {
  const founded = profile.founded;
  if (founded === undefined) return foundedMissing;
  const years = Number(date.slice(0, 4)) - Number(founded.slice(0, 4));
  return date.slice(5) >= founded.slice(5) ? years : years - 1;
}

/** cert_in_year(type, y): a certification of the type valid on some day of year y (revoked_on: invalid from that day). */
function certInYear(profile: ReferenceProfile, type: string, year: number): boolean {
  const first = firstDay(year);
  const last = lastDay(year);
  const certifications = profile.certifications;
  if (certifications === undefined) return false;
  for (const certification of certifications) {
    if (certification.type !== type) continue;
    const start = certification.from > first ? certification.from : first;
    const to = certification.to ?? '9999-12-31';
    const end = to < last ? to : last;
    if (start > end) continue;
    if (certification.revoked_on != null && certification.revoked_on <= start) continue;
    return true;
  }
  return false;
}

function eventInYear(profile: ReferenceProfile, type: string, year: number): boolean {
  const events = profile.events;
  if (events === undefined) return false;
  for (const event of events) if (event.type === type && event.year === year) return true;
  return false;
}

/** industry_in(codes): GB/T 4754 code prefix match; missing industry → unknown. */
function industryIn(profile: ReferenceProfile, codes: readonly string[]): Truth {
  const industry = profile.industry;
  if (industry === undefined || industry === '') return industryMissing;
  for (const code of codes) if (industry.startsWith(code)) return true;
  return false;
}

/** band(a ÷ b, …): the points of the first band with a ÷ b ≥ num ÷ den (bands descending, inclusive lower bounds), else p0. */
type RatioBand = readonly [num: number, den: number, points: number];
function bandRatio(a: number, b: number, bands: readonly RatioBand[], p0: number): number {
  for (const [num, den, points] of bands) if (geq(a, den, b, num)) return points;
  return p0;
}

/** band(x, …) over whole numbers: the points of the first band with x ≥ threshold, else p0. */
function band(x: number, bands: readonly (readonly [threshold: number, points: number])[], p0: number): number {
  for (const [threshold, points] of bands) if (x >= threshold) return points;
  return p0;
}

function sum(a: Num, b: Num, c: Num = 0): Num {
  if (isUnknown(a) || isUnknown(b) || isUnknown(c)) return join(a, b, c);
  return a + b + c;
}

/** The result of a rule from its conditions (in order): ineligible if one is false, else needs_info with the paths of the unknown ones, else eligible (amount null: the caller sets it). */
function result(incentive: string, conditions: readonly Truth[]): ReferenceResult {
  let unknownSeen = false;
  for (const condition of conditions) {
    if (condition === false) return { incentive, status: 'ineligible', amount: null, missing: [] };
    if (condition !== true) unknownSeen = true;
  }
  if (unknownSeen) return { incentive, status: 'needs_info', amount: null, missing: [...join(...conditions).paths] };
  return { incentive, status: 'eligible', amount: null, missing: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Ningxia 2022 (宁党发〔2022〕4号 (七))

/** 首次达到规上: 20% of the R&D of the year before the event year, at most 2,000,000 yuan. */
function ningxiaFirstAboveScale(profile: ReferenceProfile, year: number): ReferenceResult {
  const id = 'ningxia-2022.first-above-scale-rd-award';
  if (!eventInYear(profile, 'first_above_scale', year)) return { incentive: id, status: 'ineligible', amount: null, missing: [] };
  const base = money(figuresOf(profile, year - 1)?.rd_expense, year - 1, 'rd_expense');
  if (isUnknown(base)) return { incentive: id, status: 'needs_info', amount: null, missing: [...base.paths] };
  // 20% in tenths of a fen: base × 2; the cap 2,000,000 yuan = 2,000,000,000 tenths of a fen.
  const tenths = Math.min(base * 2, 2_000_000_000);
  return { incentive: id, status: 'eligible', amount: formatFen(divRoundHalfUp(tenths, 10)), missing: [] };
}

/** 首次认定创新型示范企业: up to 5,000,000 yuan, amount not computable (null), eligible in the event year. */
function ningxiaInnovativeDemo(profile: ReferenceProfile, year: number): ReferenceResult {
  const id = 'ningxia-2022.innovative-demo-enterprise-award';
  const status: ReferenceStatus = eventInYear(profile, 'first_innovative_demo_enterprise', year) ? 'eligible' : 'ineligible';
  return { incentive: id, status, amount: null, missing: [] };
}

/** 国家高新技术企业科技创新后补助 20%: base = R&D (super-deduction collection) of Y−1, for a firm with a valid certificate in Y−1. */
function ningxiaHtePostSubsidy(profile: ReferenceProfile, year: number): ReferenceResult {
  const id = 'ningxia-2022.hte-post-subsidy';
  const baseYear = year - 1;
  if (!certInYear(profile, 'national_hte', baseYear)) return { incentive: id, status: 'ineligible', amount: null, missing: [] };
  const base = money(figuresOf(profile, baseYear)?.rd_expense_deduction, baseYear, 'rd_expense_deduction');
  if (isUnknown(base)) return { incentive: id, status: 'needs_info', amount: null, missing: [...base.paths] };
  return { incentive: id, status: 'eligible', amount: formatFen(divRoundHalfUp(base * 2, 10)), missing: [] };
}

/** (十五) 国家科学技术奖同等额度配套: the national prizes of the year's national_st_award events, × 1. */
function ningxiaNationalStAward(profile: ReferenceProfile, year: number): ReferenceResult {
  const id = 'ningxia-2022.national-st-award-matching';
  if (!eventInYear(profile, 'national_st_award', year)) return { incentive: id, status: 'ineligible', amount: null, missing: [] };
  let prize = 0;
  for (const event of profile.events ?? []) {
    if (event.type !== 'national_st_award' || event.year !== year) continue;
    if (event.amount === undefined || event.amount === null) return { incentive: id, status: 'needs_info', amount: null, missing: ['events.national_st_award.amount'] };
    prize += toFen(event.amount);
  }
  return { incentive: id, status: 'eligible', amount: formatFen(prize), missing: [] };
}

// Non-enterprise rules of the Ningxia pack (field(...) reads a top-level field of the profile; absent → unknown).

function other(profile: OtherReferenceProfile, path: string): unknown {
  const value = profile[path];
  return value === undefined || value === null ? unknown(path) : value;
}

function otherFigure(profile: OtherReferenceProfile, year: number, field: string): Num {
  const value = profile.years?.[String(year)]?.[field];
  return value === undefined || value === null ? unknown(`years.${year}.${field}`) : toFen(value);
}

/** a ≥ b, a ≤ b on ISO date strings (or unknowns). */
function dateAtLeast(value: unknown, bound: string): Truth {
  return isUnknown(value) ? value : String(value) >= bound;
}
function dateAtMost(value: unknown, bound: string): Truth {
  return isUnknown(value) ? value : String(value) <= bound;
}
/** Kleene and of two. */
function both(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  if (a === true && b === true) return true;
  return join(a, b);
}
function isOneOf(value: unknown, options: readonly string[]): Truth {
  return isUnknown(value) ? value : options.includes(String(value));
}

/** (七) 招商引资 4/3/2 倍计算: the year's introduced investment, weighted. */
function ningxiaInvestmentQuota(profile: OtherReferenceProfile, year: number): ReferenceResult {
  const amount = sum(
    multiply(otherFigure(profile, year, 'introduced_national_hte_investment'), 4),
    multiply(otherFigure(profile, year, 'introduced_tech_sme_investment'), 3),
    multiply(otherFigure(profile, year, 'introduced_provincial_hte_investment'), 2),
  );
  return amountResult('ningxia-2022.investment-quota-multiplier', [], amount);
}

function multiply(value: Num, factor: number): Num {
  return isUnknown(value) ? value : value * factor;
}

/** Eligible with an amount in fen (or needs_info on its paths), when the conditions allow. */
function amountResult(incentive: string, conditions: readonly Truth[], amount: Num | null): ReferenceResult {
  const outcome = result(incentive, conditions);
  if (outcome.status !== 'eligible' || amount === null) return outcome;
  if (isUnknown(amount)) return { incentive, status: 'needs_info', amount: null, missing: [...amount.paths] };
  outcome.amount = formatFen(amount);
  return outcome;
}

/** (六) 留成收入不低于80%用于技术转移机构和人员: a compliance check, no amount. */
function ningxiaRetainedIncomeShare(profile: OtherReferenceProfile, year: number): ReferenceResult {
  const retained = otherFigure(profile, year, 'transfer_income_retained');
  const setAside = otherFigure(profile, year, 'transfer_income_to_offices_and_staff');
  const met: Truth = isUnknown(retained) || isUnknown(setAside) ? join(setAside, retained) : geq(setAside, 10, retained, 8);
  return result('ningxia-2022.tech-transfer-retained-income-share', [met]);
}

/** (八) 横向项目单项经费超过50万元视同自治区级项目. */
function ningxiaHorizontalProject(profile: OtherReferenceProfile): ReferenceResult {
  const fundingValue = other(profile, 'funding');
  const funding: Num = isUnknown(fundingValue) ? fundingValue : toFen(fundingValue as number | string);
  const horizontal = other(profile, 'horizontal');
  return result('ningxia-2022.horizontal-project-equivalence', [
    isOneOf(other(profile, 'undertaker'), ['university', 'research_institute']),
    isUnknown(horizontal) ? horizontal : horizontal === true,
    isUnknown(funding) ? funding : funding > 50_000_000,
  ]);
}

const windowStart = '2022-02-27';
const windowEnd = '2025-12-31';

/** (十四) platforms: the type, approval in the policy's window, and (per rule) the year of approval or construction. */
function ningxiaPlatforms(profile: OtherReferenceProfile, year: number): ReferenceResult[] {
  const type = other(profile, 'platform_type');
  const approved = other(profile, 'approved_on');
  const inWindow = both(dateAtLeast(approved, windowStart), dateAtMost(approved, windowEnd));
  const approvedThisYear = both(dateAtLeast(approved, firstDay(year)), dateAtMost(approved, lastDay(year)));
  const inConstruction = both(dateAtMost(other(profile, 'construction_from'), lastDay(year)), dateAtLeast(other(profile, 'construction_to'), firstDay(year)));
  return [
    amountResult('ningxia-2022.national-key-lab-support', [isOneOf(type, ['national_key_lab']), inWindow, inConstruction], 1_000_000_000),
    result('ningxia-2022.national-innovation-centre-award', [
      isOneOf(type, ['national_clinical_research_centre', 'national_technology_innovation_centre', 'national_manufacturing_innovation_centre']),
      approvedThisYear,
      inWindow,
    ]),
    amountResult('ningxia-2022.regional-collaborative-innovation-centre-support', [isOneOf(type, ['regional_collaborative_innovation_centre', 'regional_manufacturing_innovation_centre']), approvedThisYear, inWindow], 500_000_000),
    result('ningxia-2022.regional-key-lab-support', [isOneOf(type, ['regional_key_lab', 'regional_engineering_technology_research_centre', 'regional_platform']), approvedThisYear, inWindow]),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// National: high-tech enterprise recognition (国科发火〔2016〕32号 第十一条)

/** fin(Y−1) + (n ≥ 2 ? fin(Y−2) : 0) + (n ≥ 3 ? fin(Y−3) : 0), with the years of the profile. */
function fiscalTotal(profile: ReferenceProfile, year: number, fiscalYears: Num, field: 'rd_expense' | 'revenue' | 'rd_expense_in_china'): Num {
  if (isUnknown(fiscalYears)) return fiscalYears;
  const latest = money(figuresOf(profile, year - 1)?.[field], year - 1, field);
  const second = fiscalYears >= 2 ? money(figuresOf(profile, year - 2)?.[field], year - 2, field) : 0;
  const third = fiscalYears >= 3 ? money(figuresOf(profile, year - 3)?.[field], year - 3, field) : 0;
  return sum(latest, second, third);
}

function hteRecognition(profile: ReferenceProfile, year: number): ReferenceResult {
  const id = 'national.hte-recognition';
  const latest = year - 1;
  const applicationDate = profile.application_date ?? firstDay(year);

  // fiscal_years: 3 if founded before Y−2-01-01, 2 if before Y−1-01-01, else 1 (a ternary on founded_before).
  const threeYears = foundedBefore(profile, firstDay(year - 2));
  let fiscalYears: Num;
  if (isUnknown(threeYears)) fiscalYears = threeYears;
  else if (threeYears) fiscalYears = 3;
  else {
    const twoYears = foundedBefore(profile, firstDay(year - 1));
    fiscalYears = isUnknown(twoYears) ? twoYears : twoYears ? 2 : 1;
  }
  const f1 = figuresOf(profile, latest);
  const latestRevenue = money(f1?.revenue, latest, 'revenue');
  const rdTotal = fiscalTotal(profile, year, fiscalYears, 'rd_expense');
  const revenueTotal = fiscalTotal(profile, year, fiscalYears, 'revenue');
  const rdInChinaTotal = fiscalTotal(profile, year, fiscalYears, 'rd_expense_in_china');

  // required ratio in percent: ≤ 50,000,000 yuan → 5; ≤ 200,000,000 → 4; else 3.
  const requiredPercent: Num = isUnknown(latestRevenue) ? latestRevenue : latestRevenue <= 5_000_000_000 ? 5 : latestRevenue <= 20_000_000_000 ? 4 : 3;

  const registered = registeredYears(profile, applicationDate);
  const ip1 = count(f1?.ip_class1, latest, 'ip_class1');
  const ip2 = count(f1?.ip_class2, latest, 'ip_class2');
  const techStaff = count(f1?.tech_staff, latest, 'tech_staff');
  const staff = count(f1?.staff, latest, 'staff');
  const highTech = money(f1?.high_tech_revenue, latest, 'high_tech_revenue');
  const score = profile.hte_innovation_score;

  const conditions: Truth[] = [
    isUnknown(registered) ? registered : registered >= 1,
    isUnknown(ip1) || isUnknown(ip2) ? join(ip1, ip2) : ip1 + ip2 >= 1,
    isUnknown(techStaff) || isUnknown(staff) ? join(techStaff, staff) : geq(techStaff, 10, staff, 1),
    isUnknown(rdTotal) || isUnknown(requiredPercent) || isUnknown(revenueTotal)
      ? join(rdTotal, requiredPercent, revenueTotal)
      : geq(rdTotal, 100, revenueTotal, requiredPercent),
    isUnknown(rdInChinaTotal) || isUnknown(rdTotal) ? join(rdInChinaTotal, rdTotal) : geq(rdInChinaTotal, 10, rdTotal, 6),
    isUnknown(highTech) || isUnknown(latestRevenue) ? join(highTech, latestRevenue) : geq(highTech, 10, latestRevenue, 6),
    score === undefined || score === null ? hteScoreMissing : score > 70,
  ];
  const outcome = result(id, conditions);
  if (score !== undefined && score !== null) outcome.score = String(score);
  return outcome;
}

// ---------------------------------------------------------------------------------------------------------------
// National: tech-based SME evaluation (国科发政〔2017〕115号 第六条–第八条)

// 第七条: tech staff ÷ staff 30/25/20/15/10% → 20/16/12/8/4; R&D ÷ sales 6/5/4/3/2% and R&D ÷ costs
// 30/25/20/15/10% → 50/40/30/20/10; class-II IP 4/3/2/1 → 24/18/12/6.
const techStaffBands: readonly RatioBand[] = [[30, 100, 20], [25, 100, 16], [20, 100, 12], [15, 100, 8], [10, 100, 4]];
const rdSalesBands: readonly RatioBand[] = [[6, 100, 50], [5, 100, 40], [4, 100, 30], [3, 100, 20], [2, 100, 10]];
const rdCostBands: readonly RatioBand[] = [[30, 100, 50], [25, 100, 40], [20, 100, 30], [15, 100, 20], [10, 100, 10]];
const ipClass2Bands = [[4, 24], [3, 18], [2, 12], [1, 6]] as const;

/** `denominator > 0 ? band(ratio(numerator, denominator), …) : 0` with the ternary's three-valued reading. */
function ratioPoints(numerator: Num, denominator: Num, bands: readonly RatioBand[]): Num {
  if (isUnknown(denominator)) return denominator;
  if (!(denominator > 0)) return 0;
  if (isUnknown(numerator)) return numerator;
  return bandRatio(numerator, denominator, bands, 0);
}

/** tech + rd + ip ≥ 60. */
function passes(techPoints: Num, rdMeasure: Num, ipPoints: Num): Truth {
  const total = sum(techPoints, rdMeasure, ipPoints);
  return isUnknown(total) ? total : total >= 60;
}

function techSmeEvaluation(profile: ReferenceProfile, year: number): ReferenceResult {
  const id = 'national.tech-sme-evaluation';
  const latest = year - 1;
  const f1 = figuresOf(profile, latest);
  const staff = count(f1?.staff, latest, 'staff');
  const revenue = money(f1?.revenue, latest, 'revenue');
  const assets = money(f1?.total_assets, latest, 'total_assets');
  const rd = money(f1?.rd_expense, latest, 'rd_expense');

  const techPoints = ratioPoints(count(f1?.tech_staff, latest, 'tech_staff'), staff, techStaffBands);
  const salesPoints = ratioPoints(rd, revenue, rdSalesBands);
  const costPoints = ratioPoints(rd, money(f1?.costs, latest, 'costs'), rdCostBands);
  const ip1 = count(f1?.ip_class1, latest, 'ip_class1');
  let ipPoints: Num;
  if (isUnknown(ip1)) ipPoints = ip1;
  else if (ip1 >= 1) ipPoints = 30;
  else {
    const ip2 = count(f1?.ip_class2, latest, 'ip_class2');
    ipPoints = isUnknown(ip2) ? ip2 : band(ip2, ipClass2Bands, 0);
  }
  const hte = certInYear(profile, 'national_hte', year);

  const conditions: Truth[] = [
    isUnknown(staff) ? staff : staff <= 500,
    isUnknown(revenue) ? revenue : revenue <= 20_000_000_000,
    isUnknown(assets) ? assets : assets <= 20_000_000_000,
    or(hte, passes(techPoints, salesPoints, ipPoints), passes(techPoints, costPoints, ipPoints)),
    or(hte, isUnknown(techPoints) ? techPoints : techPoints > 0),
  ];
  const outcome = result(id, conditions);

  // score: tech + (sales == 50 ? sales : max(sales, costs)) + ip, when computable.
  let bestRd: Num;
  if (isUnknown(salesPoints)) bestRd = salesPoints;
  else if (salesPoints === 50) bestRd = 50;
  else bestRd = isUnknown(costPoints) ? costPoints : Math.max(salesPoints, costPoints);
  const score = sum(techPoints, bestRd, ipPoints);
  if (!isUnknown(score)) outcome.score = String(score);
  return outcome;
}

// ---------------------------------------------------------------------------------------------------------------
// National: R&D super-deduction (财政部 税务总局公告2023年第7号, 2023年第44号, 财税〔2015〕119号)

const excludedIndustries = ['C16', 'H', 'F', 'K', 'L', 'R90'] as const;

function rdSuperDeduction(profile: ReferenceProfile, year: number): ReferenceResult {
  const id = 'national.rd-super-deduction';
  const taxYear = year - 1;
  const figures = figuresOf(profile, taxYear);
  const deduction = figures?.rd_expense_deduction;
  // has_fin(Y−1, "rd_expense_deduction") || !fallback ? that : rd_expense
  const base = deduction !== undefined && deduction !== null ? money(deduction, taxYear, 'rd_expense_deduction') : money(figures?.rd_expense, taxYear, 'rd_expense');
  const excluded = industryIn(profile, excludedIndustries);
  const conditions: Truth[] = [
    taxYear >= 2023,
    isUnknown(excluded) ? excluded : !excluded,
    !flag(profile, 'deemed_taxation'),
    isUnknown(base) ? base : base > 0,
  ];
  const outcome = result(id, conditions);
  if (outcome.status !== 'eligible' || isUnknown(base)) return outcome;

  // Rate in tenths (calculation date 1 January of Y): 12 for the IC / machine-tool lists in calculation years
  // 2024–2028 (tax years 2023–2027), else 10. Tax rate in percent: 15 with a high-tech certificate valid in Y−1 or
  // 西部大开发, never both (a single 15), else 25.
  const rateTenths = flag(profile, 'ic_or_machine_tool_list') && year >= 2024 && year <= 2028 ? 12 : 10;
  const taxPercent = certInYear(profile, 'national_hte', taxYear) || flag(profile, 'western_development_encouraged') ? 15 : 25;
  // extra deduction in thousandths of a fen: base × rateTenths × 100 / 1000 fen … kept as integers:
  // amount (fen) = base × rateTenths / 10; saving (fen) = base × rateTenths × taxPercent / 1000.
  if (Math.abs(base) * 12 * 25 < SAFE) {
    outcome.amount = formatFen(divRoundHalfUp(base * rateTenths, 10));
    outcome.tax_saving = formatFen(divRoundHalfUp(base * rateTenths * taxPercent, 1000));
  } else {
    const big = BigInt(base) * BigInt(rateTenths);
    outcome.amount = formatFen(Number((big * 2n + 10n) / 20n));
    outcome.tax_saving = formatFen(Number((big * BigInt(taxPercent) * 2n + 1000n) / 2000n));
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Every computable rule of every pack that reads this kind of profile, for one calculation year: an enterprise
 * profile (no `kind`) gets the enterprise rules; an area, project, institution or platform profile the rules that
 * read it. Ningxia's parameters are in force from 2022-02-27: use calculation years from 2023.
 */
export function evaluateReference(profile: ReferenceProfile | OtherReferenceProfile, year: number): ReferenceResult[] {
  if ('kind' in profile && typeof profile.kind === 'string') {
    const otherProfile = profile as OtherReferenceProfile;
    switch (otherProfile.kind) {
      case 'area':
        return [ningxiaInvestmentQuota(otherProfile, year)];
      case 'institution':
        return [ningxiaRetainedIncomeShare(otherProfile, year)];
      case 'project':
        return [ningxiaHorizontalProject(otherProfile)];
      case 'platform':
        return ningxiaPlatforms(otherProfile, year);
      default:
        return [];
    }
  }
  const enterprise = profile as ReferenceProfile;
  return [
    ningxiaFirstAboveScale(enterprise, year),
    ningxiaInnovativeDemo(enterprise, year),
    ningxiaHtePostSubsidy(enterprise, year),
    ningxiaNationalStAward(enterprise, year),
    hteRecognition(enterprise, year),
    techSmeEvaluation(enterprise, year),
    rdSuperDeduction(enterprise, year),
  ];
}

/** The incentive ids evaluateReference answers for an enterprise profile, in its order. */
export const referenceIncentives = [
  'ningxia-2022.first-above-scale-rd-award',
  'ningxia-2022.innovative-demo-enterprise-award',
  'ningxia-2022.hte-post-subsidy',
  'ningxia-2022.national-st-award-matching',
  'national.hte-recognition',
  'national.tech-sme-evaluation',
  'national.rd-super-deduction',
] as const;
