import { Environment } from '@marcbachmann/cel-js';
import * as X from './exact.ts';

/**
 * The CEL environment of incentive rules, for @marcbachmann/cel-js's parser and type checker
 * (and for its interpreter, used only as the naive baseline of the bench).
 *
 * CEL has int and double but no decimal; the rules get a `decimal` type. At run time in cel-js a
 * decimal is a `Dec` (an exact `Num` in a box); the compiled closures (compile-rule.ts) use the
 * bare `Num`. Every arithmetic and comparison operator is declared for decimal with decimal, int
 * and double (a double literal such as `0.2` is read as the decimal it is written as).
 */
export class Dec {
  constructor(readonly v: X.Num) {}
}

/** A missing input, thrown in the interpreter (the compiled rules use three-valued logic instead). */
export class MissingInput extends Error {
  constructor(readonly paths: string[]) {
    super(`missing ${paths.join(', ')}`);
  }
}

const toNum = (value: unknown): X.Num => {
  if (value instanceof Dec) return value.v;
  if (typeof value === 'string') {
    const parsed = X.fromDecimalText(value);
    if (parsed !== undefined) return parsed;
  }
  if (typeof value === 'bigint') return X.ratOf(value, 1n);
  if (typeof value === 'number') return X.fromNumber(value);
  throw new TypeError(`not a number: ${String(value)}`);
};

/** Names of the built-in functions (docs/incentives.md lists their meaning). */
export const ruleFunctionSignatures = [
  'fin(int, string): decimal',
  'has_fin(int, string): bool',
  'event_year(string): int',
  'has_event(string): bool',
  'event_in(string, int): bool',
  'event_sum(string, int, string): decimal',
  'cert_in_year(string, int): bool',
  'cert_started_in(string, int): bool',
  'field(string): dyn',
  'num(string): decimal',
  'flag(string): bool',
  'founded_before(string): bool',
  'founded_year(): int',
  'registered_years_on(string): int',
  'application_date(): string',
  'industry_in(list<string>): bool',
  'band(decimal, list, list, dyn): decimal',
  'band(int, list, list, dyn): decimal',
  'min(decimal, decimal): decimal',
  'min(decimal, int): decimal',
  'min(int, decimal): decimal',
  'min(int, int): int',
  'max(decimal, decimal): decimal',
  'max(decimal, int): decimal',
  'max(int, decimal): decimal',
  'max(int, int): int',
  'round2(decimal): decimal',
  'round2(int): decimal',
  'ceil(decimal): decimal',
  'floor(decimal): decimal',
  'ratio(decimal, decimal): decimal',
  'ratio(decimal, int): decimal',
  'ratio(int, decimal): decimal',
  'ratio(int, int): decimal',
  'dec(string): decimal',
  'dec(int): decimal',
  'dec(double): decimal',
] as const;

export const ruleFunctionNames = new Set(ruleFunctionSignatures.map((signature) => signature.slice(0, signature.indexOf('('))));

const numericTypes = ['decimal', 'int', 'double'] as const;

/** Handlers for the interpreter baseline: the same semantics, with missing inputs thrown. */
export type InterpreterProfile = {
  years?: Record<string, Record<string, unknown> | undefined>;
  events?: { type: string; year: number; [key: string]: unknown }[];
  certifications?: { type: string; from: string; to?: string; revoked_on?: string }[];
  founded?: string;
  industry?: string;
  application_date?: string;
  flags?: Record<string, boolean | undefined>;
  [key: string]: unknown;
};

let interpreterProfile: InterpreterProfile = {};
let interpreterYear = 0;
/** The profile the interpreter's functions read (the baseline sets it before each evaluation). */
export function setInterpreterProfile(profile: InterpreterProfile, year: number): void {
  interpreterProfile = profile;
  interpreterYear = year;
}

function certValidIn(cert: { from: string; to?: string; revoked_on?: string }, year: number): boolean {
  const end = cert.revoked_on && (!cert.to || cert.revoked_on < cert.to) ? cert.revoked_on : cert.to;
  return cert.from <= lastDayText(year) && (!end || end >= firstDayText(year));
}

const firstDays: string[] = [];
const lastDays: string[] = [];
/** "YYYY-01-01" and "YYYY-12-31", made once per year. */
function firstDayText(year: number): string {
  return year >= 1900 && year < 2200 ? (firstDays[year - 1900] ??= `${year}-01-01`) : `${year}-01-01`;
}
function lastDayText(year: number): string {
  return year >= 1900 && year < 2200 ? (lastDays[year - 1900] ??= `${year}-12-31`) : `${year}-12-31`;
}

export { certValidIn, firstDayText };

function buildBaseEnvironment(): Environment {
  const env = new Environment().registerType('decimal', Dec);
  const arithmetic: Record<string, (a: X.Num, b: X.Num) => X.Num> = {
    '+': X.add,
    '-': X.sub,
    '*': X.mul,
    '/': (a, b) => {
      const q = X.div(a, b);
      if (q === undefined) throw new RangeError('division by zero');
      return q;
    },
  };
  for (const left of numericTypes) {
    for (const right of numericTypes) {
      if (left !== 'decimal' && right !== 'decimal') continue;
      for (const [op, fn] of Object.entries(arithmetic)) env.registerOperator(`${left} ${op} ${right}: decimal`, (a, b) => new Dec(fn(toNum(a), toNum(b))));
      env.registerOperator(`${left} < ${right}`, (a, b) => X.cmp(toNum(a), toNum(b)) < 0);
      env.registerOperator(`${left} <= ${right}`, (a, b) => X.cmp(toNum(a), toNum(b)) <= 0);
      env.registerOperator(`${left} > ${right}`, (a, b) => X.cmp(toNum(a), toNum(b)) > 0);
      env.registerOperator(`${left} >= ${right}`, (a, b) => X.cmp(toNum(a), toNum(b)) >= 0);
      if (left === 'decimal') env.registerOperator(`${left} == ${right}`, (a, b) => X.cmp(toNum(a), toNum(b)) === 0);
    }
  }
  env.registerOperator('-decimal', (a) => new Dec(X.neg(toNum(a))));
  const p = () => interpreterProfile;
  const num = (value: unknown, path: string): Dec => {
    if (value === undefined || value === null) throw new MissingInput([path]);
    return new Dec(toNum(value));
  };
  const handlers: Record<string, (...args: never[]) => unknown> = {
    fin: (y: bigint, f: string) => num(p().years?.[String(y)]?.[f], `years.${y}.${f}`),
    has_fin: (y: bigint, f: string) => p().years?.[String(y)]?.[f] !== undefined && p().years?.[String(y)]?.[f] !== null,
    event_year: (type: string) => {
      const event = p().events?.find((e) => e.type === type);
      if (!event) throw new MissingInput([`events.${type}`]);
      return BigInt(event.year);
    },
    has_event: (type: string) => (p().events ?? []).some((e) => e.type === type),
    event_in: (type: string, y: bigint) => (p().events ?? []).some((e) => e.type === type && e.year === Number(y)),
    event_sum: (type: string, y: bigint, key: string) => {
      let sum: X.Num = 0;
      for (const e of p().events ?? []) if (e.type === type && e.year === Number(y)) sum = X.add(sum, num(e[key], `events.${type}.${key}`).v);
      return new Dec(sum);
    },
    cert_in_year: (type: string, y: bigint) => (p().certifications ?? []).some((c) => c.type === type && certValidIn(c, Number(y))),
    cert_started_in: (type: string, y: bigint) => (p().certifications ?? []).some((c) => c.type === type && c.from.startsWith(`${y}-`)),
    field: (path: string) => {
      let value: unknown = p();
      for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
      if (value === undefined || value === null) throw new MissingInput([path]);
      return typeof value === 'number' ? new Dec(X.fromNumber(value)) : value;
    },
    num: (path: string) => {
      let value: unknown = p();
      for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
      return num(value, path);
    },
    flag: (name: string) => p().flags?.[name] === true,
    founded_before: (date: string) => {
      const founded = p().founded;
      if (!founded) throw new MissingInput(['founded']);
      return founded < date;
    },
    founded_year: () => {
      const founded = p().founded;
      if (!founded) throw new MissingInput(['founded']);
      return BigInt(founded.slice(0, 4));
    },
    registered_years_on: (date: string) => {
      const founded = p().founded;
      if (!founded) throw new MissingInput(['founded']);
      return BigInt(wholeYearsBetween(founded, date));
    },
    application_date: () => p().application_date ?? `${interpreterYear}-01-01`,
    industry_in: (codes: string[]) => {
      const industry = p().industry;
      if (!industry) throw new MissingInput(['industry']);
      return codes.some((code) => industry.startsWith(code));
    },
    band: (x: unknown, thresholds: unknown[], points: unknown[], otherwise: unknown) => {
      const value = toNum(x);
      for (let i = 0; i < thresholds.length; i += 1) if (X.cmp(value, toNum(thresholds[i])) >= 0) return new Dec(toNum(points[i]));
      return new Dec(toNum(otherwise));
    },
    min: (a: unknown, b: unknown) => (typeof a === 'bigint' && typeof b === 'bigint' ? (a < b ? a : b) : new Dec(X.min(toNum(a), toNum(b)))),
    max: (a: unknown, b: unknown) => (typeof a === 'bigint' && typeof b === 'bigint' ? (a > b ? a : b) : new Dec(X.max(toNum(a), toNum(b)))),
    round2: (a: unknown) => new Dec(X.round2(toNum(a))),
    ceil: (a: unknown) => new Dec(X.ceil(toNum(a))),
    floor: (a: unknown) => new Dec(X.floor(toNum(a))),
    ratio: (a: unknown, b: unknown) => {
      const q = X.div(toNum(a), toNum(b));
      if (q === undefined) throw new RangeError('division by zero');
      return new Dec(q);
    },
    dec: (a: unknown) => new Dec(typeof a === 'string' ? (X.parseDecimal(a) ?? 0) : toNum(a)),
  };
  for (const signature of ruleFunctionSignatures) {
    const name = signature.slice(0, signature.indexOf('('));
    const handler = handlers[name];
    if (!handler) throw new Error(`no handler for ${name}`);
    env.registerFunction(signature, handler);
  }
  env.registerVariable('year', 'int');
  env.registerVariable('profile', 'dyn');
  return env;
}

/** Full years from `from` to `to` (ISO dates): 2015-06-01 → 2016-06-01 is 1, → 2016-05-31 is 0. */
export function wholeYearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) >= from.slice(5) ? years : years - 1;
}

let base: Environment | undefined;

/** The shared base environment (frozen once cloned); a rule's environment is a clone of it. */
export function baseEnvironment(): Environment {
  base ??= buildBaseEnvironment();
  return base;
}

export type ParamValue = X.Num | boolean | string;

/** The CEL type of a parameter value. */
export function celTypeOf(value: ParamValue): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return 'decimal';
}
