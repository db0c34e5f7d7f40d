/**
 * Exact numbers of the rule engine's hot path.
 *
 * A number is either a JS `number` holding a *safe integer* (|n| ≤ 2^53 − 1: yuan amounts without
 * 分, counts, years — the common case, added and compared at machine speed), a `Rat`, an exact
 * rational whose numerator and denominator are safe integers (0.2 = 1/5, 1234567.89 =
 * 123456789/100, 9.2%), or a `BigRat` with BigInt numerator and denominator. An operation whose
 * result would leave the safe range (every product is checked against 2^53) is redone in BigInt,
 * so no result is ever rounded by a binary float. Rounding happens once, at the end, with `round2` (0.01 half up, away from zero).
 *
 * Why not decimal.js on the hot path: a decimal.js operation allocates and normalises a decimal
 * object (~0.3–1 µs); most rule arithmetic here is on whole yuan and counts, which a JS integer
 * does exactly in ~1 ns. Rationals (not decimals) also make a ratio (a ÷ b) exact, so a
 * comparison such as "R&D ÷ sales ≥ 5%" never depends on a division's rounding.
 */
import { yuanOfCents } from '../shared/index.ts';

/**
 * A small exact rational: numerator and denominator safe integers, d > 1, not necessarily
 * reduced (a whole number is a plain `number`; shown reduced). Integer arithmetic on them is exact while every product
 * stays below 2^53, which is checked.
 */
export class Rat {
  constructor(
    readonly n: number,
    readonly d: number,
  ) {}
}

/** A rational too large for safe integers (BigInt numerator and denominator, not necessarily reduced). */
export class BigRat {
  /** A double near the value, computed once when first compared (the comparison filter). */
  approximation = Number.NaN;
  constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}
}

export type Num = number | Rat | BigRat;

const MAX = Number.MAX_SAFE_INTEGER;
const MAXB = 9007199254740991n;

function gcdBig(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function gcdNum(a: number, b: number): number {
  if (a < 0) a = -a;
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * n/d of safe integers (d > 0) as a Num: a whole quotient becomes a number; otherwise the fraction
 * is kept unreduced (a gcd per operation costs more than it saves; reduced when shown).
 */
function ratSmall(n: number, d: number): Num {
  if (n === 0) return 0;
  if (n % d === 0) return n / d;
  return new Rat(n, d);
}

/**
 * n/d as a Num (d ≠ 0). A result that fits in safe integers is normalised (gcd); a large one is
 * kept as it is — reducing BigInts by their gcd costs more than it saves in a rule's few further
 * steps — and normalised when shown (toText, toFixedText). Comparisons cross-multiply, so an
 * unreduced fraction compares exactly.
 */
export function ratOf(n: bigint, d: bigint): Num {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (n === 0n) return 0;
  if (n <= MAXB && n >= -MAXB && d <= MAXB) return ratSmall(Number(n), Number(d));
  return new BigRat(n, d);
}

/** n/d reduced by their gcd (for display and rounding). */
function normalised(a: Rat | BigRat): Num {
  if (a instanceof Rat) {
    const g = gcdNum(a.n, a.d);
    return g === 1 ? a : new Rat(a.n / g, a.d / g);
  }
  const n = BigInt(a.n);
  const d = BigInt(a.d);
  const g = gcdBig(n, d);
  if (g === 1n) return a;
  const rn = n / g;
  const rd = d / g;
  if (rn <= MAXB && rn >= -MAXB && rd <= MAXB) return ratSmall(Number(rn), Number(rd));
  return new BigRat(rn, rd);
}

function numOf(x: Num): bigint {
  return typeof x === 'number' ? BigInt(x) : BigInt(x.n);
}

function denOf(x: Num): bigint {
  return typeof x === 'number' ? 1n : BigInt(x.d);
}

/** True for a safe integer or a small rational (number numerator and denominator). */
function small(x: Num): x is number | Rat {
  return typeof x === 'number' || x instanceof Rat;
}
const sn = (x: number | Rat): number => (typeof x === 'number' ? x : x.n);
const sd = (x: number | Rat): number => (typeof x === 'number' ? 1 : x.d);
const safe = (v: number) => v < MAX && v > -MAX;

/**
 * A decimal written in text ("0.2", "1234567.89", "-3", "1e3") as an exact number; undefined if
 * the text is not a finite decimal.
 */
export function parseDecimal(text: string): Num | undefined {
  const match = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole, fraction = '', exponentText] = match;
  const exponent = Number(exponentText ?? 0);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) return undefined;
  let n = BigInt(`${whole}${fraction}`);
  let d = 10n ** BigInt(fraction.length);
  if (exponent > 0) n *= 10n ** BigInt(exponent);
  else if (exponent < 0) d *= 10n ** BigInt(-exponent);
  if (sign === '-') n = -n;
  return ratOf(n, d);
}

/**
 * A JS number read from JSON or YAML as the decimal it was written as: a safe integer stays as it
 * is; anything else is read from its shortest round-trip text (1234567.89 → 123456789/100), which
 * is the decimal in the file for any literal of up to 15 significant digits.
 */
export function fromNumber(value: number): Num {
  if (Number.isSafeInteger(value)) return value === 0 ? 0 : value;
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // Fast path for 分 (and tenths): below 1e13 two decimals are at least 0.01 apart while doubles
  // are far closer, so the one k/100 that reads back as `value` is the decimal written.
  if (value < 1e13 && value > -1e13) {
    const k = Math.round(value * 100);
    if (k / 100 === value) return ratSmall(k, 100);
  }
  const parsed = parseDecimal(String(value));
  if (parsed === undefined) throw new RangeError(`not a decimal: ${value}`);
  return parsed;
}

const shortDecimal = /^-?\d{1,13}(\.\d{1,2})?$/;

/**
 * A decimal string of the profile ("48000000.00", "-2500000.50") as an exact number: up to 13
 * whole digits and 2 decimals read through the fast path, anything else through parseDecimal.
 */
export function fromDecimalText(text: string): Num | undefined {
  if (shortDecimal.test(text)) return fromNumber(Number(text));
  return parseDecimal(text);
}

export function add(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (safe(s)) return s;
  } else if (small(a) && small(b)) {
    const ad = sd(a);
    const bd = sd(b);
    if (ad === bd) {
      const n = sn(a) + sn(b);
      if (safe(n)) return ratSmall(n, ad);
    } else {
      const p = sn(a) * bd;
      const q = sn(b) * ad;
      const d = ad * bd;
      if (safe(p) && safe(q) && safe(d) && safe(p + q)) return ratSmall(p + q, d);
    }
  }
  return ratOf(numOf(a) * denOf(b) + numOf(b) * denOf(a), denOf(a) * denOf(b));
}

export function neg(a: Num): Num {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  return a instanceof Rat ? new Rat(-a.n, a.d) : new BigRat(-a.n, a.d);
}

export function sub(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a - b;
    if (safe(s)) return s;
  }
  return add(a, neg(b));
}

export function mul(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const p = a * b;
    // The true product of two integers, when its magnitude is below 2^53, is computed exactly.
    if (safe(p)) return p === 0 ? 0 : p;
  } else if (small(a) && small(b)) {
    const n = sn(a) * sn(b);
    const d = sd(a) * sd(b);
    if (safe(n) && safe(d)) return ratSmall(n, d);
    // cross-cancel, then try again in safe integers
    let an = sn(a);
    let ad = sd(a);
    let bn = sn(b);
    let bd = sd(b);
    const g1 = gcdNum(an, bd);
    if (g1 > 1) {
      an /= g1;
      bd /= g1;
    }
    const g2 = gcdNum(bn, ad);
    if (g2 > 1) {
      bn /= g2;
      ad /= g2;
    }
    const n2 = an * bn;
    const d2 = ad * bd;
    if (safe(n2) && safe(d2)) return ratSmall(n2, d2);
  }
  return ratOf(numOf(a) * numOf(b), denOf(a) * denOf(b));
}

/** a ÷ b, exact; undefined when b is 0 (the caller turns that into an error naming the field). */
export function div(a: Num, b: Num): Num | undefined {
  if (isZero(b)) return undefined;
  if (typeof a === 'number' && typeof b === 'number') {
    if (a % b === 0) {
      const q = a / b;
      return q === 0 ? 0 : q;
    }
    return b < 0 ? ratSmall(-a, -b) : ratSmall(a, b);
  }
  if (small(a) && small(b)) {
    const n = sn(a) * sd(b);
    const d = sd(a) * sn(b);
    if (safe(n) && safe(d)) return d < 0 ? ratSmall(-n, -d) : ratSmall(n, d);
  }
  return ratOf(numOf(a) * denOf(b), denOf(a) * numOf(b));
}

export function isZero(a: Num): boolean {
  return typeof a === 'number' ? a === 0 : a instanceof Rat ? a.n === 0 : a.n === 0n;
}

/** −1, 0 or 1. */
export function cmp(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (small(a) && small(b)) {
    const left = sn(a) * sd(b);
    const right = sn(b) * sd(a);
    if (safe(left) && safe(right)) return left < right ? -1 : left > right ? 1 : 0;
  }
  // A floating-point filter: each side's double approximation is within 4·2^-53 of it (relative),
  // so a gap wider than 1e-12 of their size decides the sign exactly; only near-ties go to BigInt.
  const x = approx(a);
  const y = approx(b);
  const gap = x - y;
  if (Number.isFinite(gap) && Math.abs(gap) > 1e-12 * (Math.abs(x) + Math.abs(y))) return gap < 0 ? -1 : 1;
  const left = numOf(a) * denOf(b);
  const right = numOf(b) * denOf(a);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A double near the value (for the comparison filter only; never a result). */
function approx(a: Num): number {
  if (typeof a === 'number') return a;
  if (a instanceof Rat) return a.n / a.d;
  if (!Number.isNaN(a.approximation)) return a.approximation;
  const n = Number(a.n);
  const d = Number(a.d);
  const value = Number.isFinite(n) && Number.isFinite(d) ? n / d : Number.NaN;
  a.approximation = value;
  return value;
}

export function min(a: Num, b: Num): Num {
  return cmp(a, b) <= 0 ? a : b;
}

export function max(a: Num, b: Num): Num {
  return cmp(a, b) >= 0 ? a : b;
}

/** Rounded to `places` decimals, half up (half away from zero for negatives). */
export function roundTo(a: Num, places: number): Num {
  if (typeof a === 'number') return a;
  if (a instanceof Rat && places <= 6) {
    const scale = 10 ** places;
    if (scale % a.d === 0) return a; // already on the grid (e.g. 123456789/100)
    const n = a.n < 0 ? -a.n : a.n;
    const x = n * scale * 2 + a.d;
    const y = 2 * a.d;
    if (safe(x) && safe(y)) {
      // floor(x / y) in exact integer arithmetic: x − x mod y is a multiple of y
      const q = (x - (x % y)) / y;
      return ratSmall(a.n < 0 ? -q : q, scale);
    }
  }
  const an = BigInt(a.n);
  const ad = BigInt(a.d);
  const scale = 10n ** BigInt(places);
  if (scale % ad === 0n) return a; // already on the grid (e.g. 123456789/100)
  const negative = an < 0n;
  const n = negative ? -an : an;
  // floor((n·scale·2 + d) / (2d)) = n·scale/d rounded half up.
  const q = (n * scale * 2n + ad) / (2n * ad);
  return ratOf(negative ? -q : q, scale);
}

export function round2(a: Num): Num {
  return roundTo(a, 2);
}

/** Whole part toward −∞. */
export function floor(a: Num): Num {
  if (typeof a === 'number') return a;
  const an = BigInt(a.n);
  const ad = BigInt(a.d);
  const q = an / ad;
  return ratOf(an < 0n && q * ad !== an ? q - 1n : q, 1n);
}

/** Smallest whole number ≥ a. */
export function ceil(a: Num): Num {
  return neg(floor(neg(a)));
}

/** Exact text with `places` decimals (the number must already be rounded to them). */
export function toFixedText(a: Num, places = 2): string {
  const r = roundTo(a, places);
  // Yuan to the fen, the common case (a screening run prints millions): whole numbers, and
  // fractions on the fen grid whose cents are a safe integer, printed without BigInt.
  if (places === 2) {
    if (typeof r === 'number' && Number.isSafeInteger(r)) return `${r === 0 ? 0 : r}.00`;
    if (r instanceof Rat && 100 % r.d === 0) {
      const cents = r.n * (100 / r.d);
      if (Number.isSafeInteger(cents)) return yuanOfCents(cents);
    }
  }
  const scale = 10n ** BigInt(places);
  const scaled = typeof r === 'number' ? BigInt(r) * scale : (BigInt(r.n) * scale) / BigInt(r.d);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const text = places > 0 ? `${whole}.${digits.slice(digits.length - places)}` : whole;
  return negative ? `-${text}` : text;
}

/** Shortest exact text: "520000", "0.2", "246913.578"; a non-terminating fraction as "1/3". */
export function toText(a: Num): string {
  if (typeof a === 'number') return String(a);
  const r = normalised(a);
  if (typeof r === 'number') return String(r);
  a = r;
  let d = BigInt(a.d);
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos += 1;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives += 1;
  }
  if (d !== 1n) return `${String(a.n)}/${String(a.d)}`;
  return toFixedText(a, Math.max(twos, fives)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** A JS number for the contract's numeric fields; only ever from a value already rounded to 0.01. */
export function toJsonNumber(a: Num, places = 2): number {
  return Number(toFixedText(a, places));
}

export function isNum(value: unknown): value is Num {
  return typeof value === 'number' || value instanceof Rat || value instanceof BigRat;
}
