import type { ASTNode } from '@marcbachmann/cel-js';
import { certValidIn, firstDayText, wholeYearsBetween } from './cel-environment.ts';
import * as X from './exact.ts';

/**
 * The checked CEL AST of a rule expression compiled into a JavaScript closure — once per pack
 * version — with exact numbers (exact.ts) and three-valued logic: a missing input is an
 * `Unknown` carrying the paths of the missing fields, `false && unknown` is false, `true ||
 * unknown` is true, and anything else that touches an unknown is unknown.
 */
export class Unknown {
  constructor(readonly paths: readonly string[]) {}
}

export type Value = X.Num | boolean | string | null | Unknown | Value[] | { readonly [key: string]: unknown };

/** A profile as the closures read it (validated by the caller; plain JSON). */
export interface RuleProfile {
  years?: Record<string, Record<string, unknown> | undefined>;
  events?: readonly { type: string; year: number; [key: string]: unknown }[];
  certifications?: readonly { type: string; from: string; to?: string; revoked_on?: string }[];
  founded?: string;
  industry?: string;
  application_date?: string;
  flags?: Record<string, boolean | undefined>;
  [key: string]: unknown;
}

/** A `let` whose evaluation failed (e.g. a division by zero): reading it fails the reader. */
export class LetFailure {
  constructor(readonly message: string) {}
}

/**
 * Evaluates a `let` on first use (the lean path leaves the slots empty: a rule decided by its
 * first false condition never computes the values only its trace would show).
 */
function forceSlot(s: Scope, slot: number): Value {
  const fn = s.lazy?.[slot];
  if (!fn) throw new RuleEvaluationError(`value ${slot} read before it was computed`);
  const value = fn(s);
  s.slots[slot] = value;
  return value;
}

export interface Scope {
  /** The `let` closures by slot, for lazy evaluation (lean path only). */
  lazy?: readonly Compiled[];
  year: number;
  params: Record<string, X.Num | boolean | string>;
  profile: RuleProfile;
  /** Values of the rule's `let` names (and `amount` for outputs), by slot; empty = not computed yet. */
  slots: (Value | LetFailure | undefined)[];
  /** Flags read as "not declared, taken as false" (traced as assumptions). */
  assumed: string[];
}

export type Compiled = (scope: Scope) => Value;

/** An error in a rule's evaluation that is not a missing input (a division by zero). */
export class RuleEvaluationError extends Error {}

export function mergeUnknown(a: Value, b: Value): Unknown {
  // Unknowns are never changed: one that already holds every path is returned as it is.
  if (a instanceof Unknown) {
    if (!(b instanceof Unknown) || b === a) return a;
  } else if (b instanceof Unknown) return b;
  const paths = new Set<string>();
  if (a instanceof Unknown) for (const p of a.paths) paths.add(p);
  if (b instanceof Unknown) for (const p of b.paths) paths.add(p);
  return new Unknown([...paths]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof X.Rat) && !(value instanceof X.BigRat) && !(value instanceof Unknown);
}

/** A JSON value of the profile as a rule value: numbers exact, absent → Unknown(path). */
function read(value: unknown, path: string): Value {
  if (value === undefined || value === null) return new Unknown([path]);
  if (typeof value === 'number') return X.fromNumber(value);
  return value as Value;
}

/** A numeric field of the profile: a JSON number or an exact decimal string ("48000000.00"). */
function readNumber(value: unknown, path: string): Value {
  if (value === undefined || value === null) return new Unknown([path]);
  if (typeof value === 'number') return X.fromNumber(value);
  if (typeof value === 'string') {
    const parsed = X.fromDecimalText(value);
    if (parsed !== undefined) return parsed;
  }
  throw new RuleEvaluationError(`${path}: expected a number, got ${JSON.stringify(value)}`);
}

function num(value: Value, what: string): X.Num {
  if (X.isNum(value)) return value;
  throw new RuleEvaluationError(`${what}: expected a number, got ${describe(value)}`);
}

function bool(value: Value, what: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new RuleEvaluationError(`${what}: expected true or false, got ${describe(value)}`);
}

function str(value: Value, what: string): string {
  if (typeof value === 'string') return value;
  throw new RuleEvaluationError(`${what}: expected a string, got ${describe(value)}`);
}

function describe(value: Value): string {
  if (X.isNum(value)) return X.toText(value);
  if (value instanceof Unknown) return `unknown (${value.paths.join(', ')})`;
  return JSON.stringify(value);
}

/** The static path of a profile access (`profile.flags.x` → "flags.x"), for missing-field reports. */
export function staticPath(node: ASTNode): string | undefined {
  if (node.op === 'id') return node.args === 'profile' ? '' : undefined;
  if (node.op === '.') {
    const [target, key] = node.args;
    const base = staticPath(target);
    return base === undefined ? undefined : base ? `${base}.${key}` : key;
  }
  return undefined;
}

/**
 * The value-level operations behind every operator: what a closure does once its operands are
 * computed, and what the generated code (generate-rule.ts) calls when its inline fast path (two
 * safe integers) does not apply. One implementation, so both paths agree by construction.
 */
/** The Unknown of a missing figure, made once per (year, field) and shared (an Unknown is never changed). */
const missingFigures = new Map<string, Unknown[]>();
function missingFigure(year: number, field: string): Unknown {
  let byYear = missingFigures.get(field);
  if (byYear === undefined) missingFigures.set(field, (byYear = []));
  const index = year - 1900;
  if (index < 0 || index >= 300) return new Unknown([`years.${yearKey(year)}.${field}`]);
  return (byYear[index] ??= new Unknown([`years.${yearKey(year)}.${field}`]));
}

export const ops = {
  add(a: Value, b: Value): Value {
    if (typeof a === 'number' && typeof b === 'number') return X.add(a, b);
    if (a instanceof Unknown || b instanceof Unknown) return mergeUnknown(a, b);
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    return X.add(num(a, '+'), num(b, '+'));
  },
  sub(a: Value, b: Value): Value {
    if (a instanceof Unknown || b instanceof Unknown) return mergeUnknown(a, b);
    return X.sub(num(a, '-'), num(b, '-'));
  },
  mul(a: Value, b: Value): Value {
    if (a instanceof Unknown || b instanceof Unknown) return mergeUnknown(a, b);
    return X.mul(num(a, '*'), num(b, '*'));
  },
  div(a: Value, b: Value): Value {
    if (a instanceof Unknown || b instanceof Unknown) return mergeUnknown(a, b);
    const q = X.div(num(a, '/'), num(b, '/'));
    if (q === undefined) throw new RuleEvaluationError('division by zero (the divisor is 0)');
    return q;
  },
  mod(a: Value, b: Value): Value {
    if (a instanceof Unknown || b instanceof Unknown) return mergeUnknown(a, b);
    num(a, '%');
    num(b, '%');
    if (typeof a !== 'number' || typeof b !== 'number' || b === 0) throw new RuleEvaluationError('% needs whole numbers and a non-zero divisor');
    return a % b;
  },
  lt(a: Value, b: Value): Value {
    const k = compareSlow(a, b);
    return typeof k === 'number' ? k < 0 : k;
  },
  le(a: Value, b: Value): Value {
    const k = compareSlow(a, b);
    return typeof k === 'number' ? k <= 0 : k;
  },
  gt(a: Value, b: Value): Value {
    const k = compareSlow(a, b);
    return typeof k === 'number' ? k > 0 : k;
  },
  ge(a: Value, b: Value): Value {
    const k = compareSlow(a, b);
    return typeof k === 'number' ? k >= 0 : k;
  },
  eq(a: Value, b: Value): Value {
    if (a instanceof Unknown || b instanceof Unknown) return mergeUnknown(a, b);
    return same(a, b);
  },
  ne(a: Value, b: Value): Value {
    if (a instanceof Unknown || b instanceof Unknown) return mergeUnknown(a, b);
    return !same(a, b);
  },
  in(a: Value, b: Value): Value {
    if (a instanceof Unknown || b instanceof Unknown) return mergeUnknown(a, b);
    if (Array.isArray(b)) {
      let unknown: Unknown | undefined;
      for (const item of b) {
        if (item instanceof Unknown) unknown = mergeUnknown(unknown ?? null, item);
        else if (same(a, item)) return true;
      }
      return unknown ?? false;
    }
    if (isObject(b)) return Object.hasOwn(b, String(a as string));
    throw new RuleEvaluationError('in: expected a list or a map');
  },
  /** `a && b` once neither is false. */
  and(a: Value, b: Value): Value {
    if (a === true && b === true) return true;
    if (!(a instanceof Unknown) && a !== true) bool(a, '&&');
    if (!(b instanceof Unknown) && b !== true) bool(b, '&&');
    return mergeUnknown(a, b);
  },
  /** `a || b` once neither is true. */
  or(a: Value, b: Value): Value {
    if (a === false && b === false) return false;
    if (!(a instanceof Unknown) && a !== false) bool(a, '||');
    if (!(b instanceof Unknown) && b !== false) bool(b, '||');
    return mergeUnknown(a, b);
  },
  not(v: Value): Value {
    return v instanceof Unknown ? v : !bool(v, '!');
  },
  neg(v: Value): Value {
    return v instanceof Unknown ? v : X.neg(num(v, '-'));
  },
  /** The condition of `c ? a : b` that is neither true, false nor unknown: an error. */
  notCondition(v: Value): never {
    bool(v, 'condition');
    throw new RuleEvaluationError('condition: expected true or false');
  },
  param(params: Scope['params'], key: string): Value {
    const value = params[key];
    if (value === undefined) throw new RuleEvaluationError(`no parameter ${key} in force`);
    return value;
  },
  member(t: Value, key: string, path: string): Value {
    if (t instanceof Unknown) return t;
    if (!isObject(t)) throw new RuleEvaluationError(`.${key}: not an object`);
    return read(t[key], path);
  },
  index(t: Value, k: Value, base: string | undefined): Value {
    if (t instanceof Unknown || k instanceof Unknown) return mergeUnknown(t, k);
    const keyText = X.isNum(k) ? X.toText(k) : String(k as string);
    if (Array.isArray(t)) return read(t[Number(keyText)], `${base ?? ''}[${keyText}]`);
    if (!isObject(t)) throw new RuleEvaluationError(`[${keyText}]: not a map`);
    return read(t[keyText], base ? `${base}.${keyText}` : keyText);
  },
  /** fin(y, field) of a value that is not a safe integer: missing → Unknown, a decimal text read exactly. */
  fin(value: unknown, year: number, field: string): Value {
    if (value === undefined || value === null) return missingFigure(year, field);
    return readNumber(value, `years.${yearKey(year)}.${field}`);
  },
  /** field("a.b") / num("a.b") with the path split once. */
  path(profile: RuleProfile, parts: readonly string[], path: string, numeric: boolean): Value {
    let value: unknown = profile;
    for (let i = 0; i < parts.length && value !== undefined && value !== null; i += 1) value = isObject(value) ? value[parts[i]!] : undefined;
    if (numeric) return typeof value === 'number' && Number.isSafeInteger(value) ? value : readNumber(value, path);
    return read(value, path);
  },
  call1(builtin: Builtin, s: Scope, v: Value): Value {
    if (v instanceof Unknown) return v;
    if (Array.isArray(v)) {
      const unknown = firstUnknown(v);
      if (unknown) return unknown;
    }
    return builtin(s, v);
  },
  call2(builtin: Builtin, s: Scope, x: Value, y: Value): Value {
    if (x instanceof Unknown || y instanceof Unknown) return mergeUnknown(x, y);
    return builtin(s, x, y);
  },
  callN(builtin: Builtin, s: Scope, values: Value[]): Value {
    const unknown = firstUnknown(values);
    if (unknown) return unknown;
    return builtin(s, ...values);
  },
};

export interface CompileNames {
  /** let names (and `amount` in outputs) → slot */
  slots: ReadonlyMap<string, number>;
}

export function compileExpression(node: ASTNode, names: CompileNames): Compiled {
  const c = (n: ASTNode) => compileExpression(n, names);
  switch (node.op) {
    case 'value': {
      const v = node.args;
      let constant: Value;
      if (typeof v === 'bigint') constant = X.ratOf(v, 1n);
      else if (typeof v === 'number') constant = X.fromNumber(v);
      else if (typeof v === 'string' || typeof v === 'boolean' || v === null) constant = v;
      else throw new RuleEvaluationError(`unsupported literal ${String(v)}`);
      return () => constant;
    }
    case 'id': {
      const name = node.args;
      if (name === 'year') return (s) => s.year;
      if (name === 'params') return (s) => s.params as Value;
      if (name === 'profile') return (s) => s.profile as Value;
      const slot = names.slots.get(name);
      if (slot === undefined) throw new RuleEvaluationError(`unknown name ${name}`);
      return (s) => {
        const value = s.slots[slot];
        if (value === undefined) return forceSlot(s, slot);
        if (value instanceof LetFailure) throw new RuleEvaluationError(value.message);
        return value;
      };
    }
    case '.':
    case '.?': {
      const [targetNode, key] = node.args;
      if (targetNode.op === 'id' && targetNode.args === 'params') {
        return (s) => ops.param(s.params, key);
      }
      const target = c(targetNode);
      const path = staticPath(node) ?? key;
      return (s) => ops.member(target(s), key, path);
    }
    case '[]':
    case '[?]': {
      const [targetNode, keyNode] = node.args;
      const target = c(targetNode);
      const keyOf = c(keyNode);
      const base = staticPath(targetNode);
      return (s) => ops.index(target(s), keyOf(s), base);
    }
    case 'list': {
      // A list of literals (band thresholds and points) is built once, at compile time.
      if (node.args.every((item) => item.op === 'value')) {
        const dummy: Scope = { year: 0, params: {}, profile: {}, slots: [], assumed: [] };
        const constant = Object.freeze(node.args.map((item) => c(item)(dummy))) as Value[];
        return () => constant;
      }
      const items = node.args.map(c);
      return (s) => items.map((item) => item(s));
    }
    case '?:': {
      const [condNode, thenNode, elseNode] = node.args;
      const cond = c(condNode);
      const yes = c(thenNode);
      const no = c(elseNode);
      return (s) => {
        const v = cond(s);
        if (v === true) return yes(s);
        if (v === false) return no(s);
        return v instanceof Unknown ? v : ops.notCondition(v);
      };
    }
    case '&&': {
      const [l, r] = node.args.map(c) as [Compiled, Compiled];
      return (s) => {
        const a = l(s);
        if (a === false) return false;
        const b = r(s);
        return b === false ? false : ops.and(a, b);
      };
    }
    case '||': {
      const [l, r] = node.args.map(c) as [Compiled, Compiled];
      return (s) => {
        const a = l(s);
        if (a === true) return true;
        const b = r(s);
        return b === true ? true : ops.or(a, b);
      };
    }
    case '!_': {
      const operand = c(node.args);
      return (s) => ops.not(operand(s));
    }
    case '-_': {
      const operand = c(node.args);
      return (s) => ops.neg(operand(s));
    }
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '==':
    case '!=':
    case 'in': {
      const offset = yearOffset(node);
      if (offset !== undefined) return (s) => s.year + offset;
      return compileBinary(node.op, c(node.args[0]), c(node.args[1]));
    }
    case 'call':
      return compileCall(node.args[0], node.args[1].map(c), node.args[1], c);
    default:
      throw new RuleEvaluationError(`unsupported CEL construct "${node.op}"`);
  }
}

/** `year + k` / `year - k` with an integer literal k: the offset, else undefined. */
export function yearOffset(node: ASTNode): number | undefined {
  if (node.op === 'id' && node.args === 'year') return 0;
  if (node.op !== '+' && node.op !== '-') return undefined;
  const [left, right] = node.args;
  if (left.op !== 'id' || left.args !== 'year' || right.op !== 'value' || typeof right.args !== 'bigint') return undefined;
  const k = Number(right.args);
  return node.op === '+' ? k : -k;
}

function compileBinary(op: string, l: Compiled, r: Compiled): Compiled {
  switch (op) {
    case '+':
      return (s) => {
        const a = l(s);
        const b = r(s);
        return typeof a === 'number' && typeof b === 'number' ? X.add(a, b) : ops.add(a, b);
      };
    case '-':
      return (s) => {
        const a = l(s);
        const b = r(s);
        if (typeof a === 'number' && typeof b === 'number') {
          const d = a - b;
          if (d < SAFE && d > -SAFE) return d;
        }
        return ops.sub(a, b);
      };
    case '*':
      return (s) => {
        const a = l(s);
        const b = r(s);
        if (typeof a === 'number' && typeof b === 'number') {
          const p = a * b;
          if (p < SAFE && p > -SAFE) return p === 0 ? 0 : p;
        }
        return ops.mul(a, b);
      };
    case '<':
      return (s) => {
        const a = l(s);
        const b = r(s);
        return typeof a === 'number' && typeof b === 'number' ? a < b : ops.lt(a, b);
      };
    case '<=':
      return (s) => {
        const a = l(s);
        const b = r(s);
        return typeof a === 'number' && typeof b === 'number' ? a <= b : ops.le(a, b);
      };
    case '>':
      return (s) => {
        const a = l(s);
        const b = r(s);
        return typeof a === 'number' && typeof b === 'number' ? a > b : ops.gt(a, b);
      };
    case '>=':
      return (s) => {
        const a = l(s);
        const b = r(s);
        return typeof a === 'number' && typeof b === 'number' ? a >= b : ops.ge(a, b);
      };
    default: {
      const fn = binaryOps[op];
      if (!fn) throw new RuleEvaluationError(`unsupported operator ${op}`);
      return (s) => fn(l(s), r(s));
    }
  }
}

/** The operators by CEL name, over computed operands (the generated code's slow paths too). */
export const binaryOps: Readonly<Record<string, (a: Value, b: Value) => Value>> = {
  '+': ops.add,
  '-': ops.sub,
  '*': ops.mul,
  '/': ops.div,
  '%': ops.mod,
  '<': ops.lt,
  '<=': ops.le,
  '>': ops.gt,
  '>=': ops.ge,
  '==': ops.eq,
  '!=': ops.ne,
  in: ops.in,
};

/** The sign of a comparison that is not of two JS numbers (an Unknown passes through). */
function compareSlow(a: Value, b: Value): number | Unknown {
  if (a instanceof Unknown || b instanceof Unknown) return mergeUnknown(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return X.cmp(num(a, 'comparison'), num(b, 'comparison'));
}

function same(a: Value, b: Value): boolean {
  if (X.isNum(a) && X.isNum(b)) return X.cmp(a, b) === 0;
  return a === b;
}

export type Builtin = (scope: Scope, a?: Value, b?: Value, c?: Value, d?: Value) => Value;

const yearKeys: string[] = [];
export function yearKey(year: number): string {
  if (year >= 1900 && year < 2200) {
    const index = year - 1900;
    return (yearKeys[index] ??= String(year));
  }
  return String(year);
}

function firstUnknown(args: readonly Value[]): Unknown | undefined {
  let unknown: Unknown | undefined;
  for (const arg of args) if (arg instanceof Unknown) unknown = mergeUnknown(unknown ?? null, arg);
  return unknown;
}

/** "YYYY-01-01", made once per year. */
export const firstDayOf = firstDayText;

const missingFounded = new Unknown(['founded']);
const foundedOf = (s: Scope): string | Unknown => s.profile.founded ?? missingFounded;

export const builtins: Readonly<Record<string, Builtin>> = {
  fin: (s, y, f) => {
    const year = X.toText(num(y as Value, 'fin year'));
    const field = str(f as Value, 'fin field');
    return readNumber(s.profile.years?.[year]?.[field], `years.${year}.${field}`);
  },
  has_fin: (s, y, f) => {
    const value = s.profile.years?.[X.toText(num(y as Value, 'has_fin year'))]?.[str(f as Value, 'has_fin field')];
    return value !== undefined && value !== null;
  },
  event_year: (s, t) => {
    const type = str(t as Value, 'event_year');
    const event = s.profile.events?.find((e) => e.type === type);
    return event ? event.year : new Unknown([`events.${type}`]);
  },
  has_event: (s, t) => {
    const events = s.profile.events;
    if (events) for (const e of events) if (e.type === t) return true;
    return false;
  },
  event_in: (s, t, y) => {
    const events = s.profile.events;
    if (events) for (const e of events) if (e.type === t && e.year === y) return true;
    return false;
  },
  event_sum: (s, t, y, k) => {
    let sum: X.Num = 0;
    const key = str(k as Value, 'event_sum key');
    for (const e of s.profile.events ?? []) {
      if (e.type !== t || e.year !== y) continue;
      const value = readNumber(e[key], `events.${String(t)}.${key}`);
      if (value instanceof Unknown) return value;
      sum = X.add(sum, num(value, 'event_sum'));
    }
    return sum;
  },
  cert_in_year: (s, t, y) => {
    const certifications = s.profile.certifications;
    if (certifications) for (const cert of certifications) if (cert.type === t && certValidIn(cert, y as number)) return true;
    return false;
  },
  cert_started_in: (s, t, y) => (s.profile.certifications ?? []).some((cert) => cert.type === t && cert.from.startsWith(`${String(y)}-`)),
  field: (s, p) => {
    const path = str(p as Value, 'field');
    let value: unknown = s.profile;
    for (const part of path.split('.')) value = isObject(value) ? value[part] : undefined;
    return read(value, path);
  },
  num: (s, p) => {
    const path = str(p as Value, 'num');
    let value: unknown = s.profile;
    for (const part of path.split('.')) value = isObject(value) ? value[part] : undefined;
    return readNumber(value, path);
  },
  flag: (s, n) => {
    const name = str(n as Value, 'flag');
    const value = s.profile.flags?.[name];
    if (value === undefined) {
      if (!s.assumed.includes(name)) s.assumed.push(name);
      return false;
    }
    return value;
  },
  founded_before: (s, d) => {
    const founded = foundedOf(s);
    return founded instanceof Unknown ? founded : founded < str(d as Value, 'founded_before');
  },
  founded_year: (s) => {
    const founded = foundedOf(s);
    return founded instanceof Unknown ? founded : Number(founded.slice(0, 4));
  },
  registered_years_on: (s, d) => {
    const founded = foundedOf(s);
    return founded instanceof Unknown ? founded : wholeYearsBetween(founded, str(d as Value, 'registered_years_on'));
  },
  application_date: (s) => s.profile.application_date ?? firstDayOf(s.year),
  industry_in: (s, list) => {
    const industry = s.profile.industry;
    if (!industry) return new Unknown(['industry']);
    for (const code of list as Value[]) if (typeof code === 'string' && industry.startsWith(code)) return true;
    return false;
  },
  band: (_s, x, ts, ps, p0) => {
    const value = num(x as Value, 'band');
    const thresholds = ts as Value[];
    const points = ps as Value[];
    for (let i = 0; i < thresholds.length; i += 1) {
      if (X.cmp(value, num(thresholds[i] as Value, 'band threshold')) >= 0) return num(points[i] as Value, 'band points');
    }
    return num(p0 as Value, 'band default');
  },
  min: (_s, a, b) => X.min(num(a as Value, 'min'), num(b as Value, 'min')),
  max: (_s, a, b) => X.max(num(a as Value, 'max'), num(b as Value, 'max')),
  round2: (_s, a) => X.round2(num(a as Value, 'round2')),
  ceil: (_s, a) => X.ceil(num(a as Value, 'ceil')),
  floor: (_s, a) => X.floor(num(a as Value, 'floor')),
  ratio: (_s, a, b) => {
    const q = X.div(num(a as Value, 'ratio'), num(b as Value, 'ratio'));
    if (q === undefined) throw new RuleEvaluationError('ratio: division by zero (the divisor is 0)');
    return q;
  },
  dec: (_s, a) => {
    if (typeof a === 'string') {
      const parsed = X.parseDecimal(a);
      if (parsed === undefined) throw new RuleEvaluationError(`dec("${a}"): not a decimal`);
      return parsed;
    }
    return num(a as Value, 'dec');
  },
  string: (_s, a) => (X.isNum(a as Value) ? X.toText(a as X.Num) : String(a as string)),
};

/** Functions whose result is defined even when an argument is unknown (none yet: all are strict). */
function compileCall(name: string, args: Compiled[], argNodes: readonly ASTNode[], c: (n: ASTNode) => Compiled): Compiled {
  const builtin = builtins[name];
  if (!builtin) throw new RuleEvaluationError(`unknown function ${name}()`);
  if (name === 'band' && argNodes.length === 4) {
    const specialised = compileBand(args, argNodes, c);
    if (specialised) return specialised;
  }
  // fin(y, "field") is the hot path: the field is a literal, the year's key text cached.
  if (name === 'fin' && argNodes.length === 2 && argNodes[1]?.op === 'value' && typeof argNodes[1].args === 'string') {
    const field = argNodes[1].args;
    const yearOf = args[0]!;
    const offset = yearOffset(argNodes[0]!);
    if (offset !== undefined) {
      return (s) => {
        // The year as a number key: years["2023"] and years[2023] are the same property, and an
        // integer key skips the string-to-index conversion on every read.
        const year = s.year + offset;
        const value = (s.profile.years as Record<number, Record<string, unknown> | undefined> | undefined)?.[year]?.[field];
        if (typeof value === 'number' && value <= SAFE && value >= -SAFE && Math.floor(value) === value) return value === 0 ? 0 : value;
        return ops.fin(value, year, field);
      };
    }
    return (s) => {
      const y = yearOf(s);
      if (y instanceof Unknown) return y;
      const key = typeof y === 'number' ? yearKey(y) : X.toText(num(y, 'fin year'));
      const value = s.profile.years?.[key]?.[field];
      if (value === undefined || value === null) return new Unknown([`years.${key}.${field}`]);
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : readNumber(value, `years.${key}.${field}`);
    };
  }
  if (name === 'has_fin' && argNodes.length === 2 && argNodes[1]?.op === 'value' && typeof argNodes[1].args === 'string') {
    const field = argNodes[1].args;
    const yearOf = args[0]!;
    return (s) => {
      const y = yearOf(s);
      if (y instanceof Unknown) return y;
      const value = s.profile.years?.[typeof y === 'number' ? yearKey(y) : X.toText(num(y, 'has_fin year'))]?.[field];
      return value !== undefined && value !== null;
    };
  }
  // field("a.b") and num("a.b") with a literal path: the path is split once, here.
  if ((name === 'field' || name === 'num') && argNodes.length === 1 && argNodes[0]?.op === 'value' && typeof argNodes[0].args === 'string') {
    const path = argNodes[0].args;
    const parts = path.split('.');
    const numeric = name === 'num';
    return (s) => ops.path(s.profile, parts, path, numeric);
  }
  // Constant folding of dec("0.2") and friends: literals are read once, at compile time.
  if (name === 'dec' && argNodes.length === 1 && argNodes[0]?.op === 'value') {
    const value = builtin(dummyScope(), args[0]!(dummyScope()));
    return () => value;
  }
  if (args.length === 1) {
    const [a] = args as [Compiled];
    return (s) => ops.call1(builtin, s, a(s));
  }
  if (args.length === 2) {
    const [a, b] = args as [Compiled, Compiled];
    return (s) => ops.call2(builtin, s, a(s), b(s));
  }
  return (s) => ops.callN(builtin, s, args.map((arg) => arg(s)));
}

const SAFE = Number.MAX_SAFE_INTEGER;
export const dummyScope = (): Scope => ({ year: 0, params: {}, profile: {}, slots: [], assumed: [] });

/** A literal, or `dec(literal)`: its value is known at compile time. */
export function isConstant(node: ASTNode): boolean {
  if (node.op === 'value') return true;
  if (node.op === 'list') return node.args.every(isConstant);
  return node.op === 'call' && node.args[0] === 'dec' && node.args[1].length === 1 && node.args[1][0]?.op === 'value';
}

/**
 * `band(x, [t…], [p…], p0)` with literal thresholds, points and default (every band of the
 * packs): thresholds are split into safe-integer numerator and denominator once, here, and
 * `band(ratio(a, b), …)` compares `a · d ≥ n · b` in integers when a, b are safe integers and
 * b > 0 — no rational is formed. A product past 2^53 (or any other case) takes the exact general
 * path, the builtin's own.
 */
export class BandTable {
  private readonly tn: number[];
  private readonly td: number[];
  private constructor(
    private readonly thresholds: readonly (number | X.Rat)[],
    private readonly points: readonly X.Num[],
    private readonly p0: X.Num,
  ) {
    this.tn = thresholds.map((t) => (typeof t === 'number' ? t : t.n));
    this.td = thresholds.map((t) => (typeof t === 'number' ? 1 : t.d));
  }

  /** The table of a band whose thresholds, points and default are literals; undefined otherwise. */
  static of(argNodes: readonly ASTNode[], args: readonly Compiled[]): BandTable | undefined {
    const [, tNode, pNode, p0Node] = argNodes as [ASTNode, ASTNode, ASTNode, ASTNode];
    if (tNode.op !== 'list' || pNode.op !== 'list' || !isConstant(tNode) || !isConstant(pNode) || !isConstant(p0Node)) return undefined;
    const thresholds = args[1]!(dummyScope()) as Value[];
    const points = args[2]!(dummyScope()) as Value[];
    const p0 = args[3]!(dummyScope());
    if (thresholds.length > points.length || !thresholds.every((t) => typeof t === 'number' || t instanceof X.Rat) || !points.every(X.isNum) || !X.isNum(p0)) return undefined;
    if (!thresholds.every((t) => typeof t === 'number' || t.d > 0)) return undefined;
    return new BandTable(thresholds as (number | X.Rat)[], points as X.Num[], p0);
  }

  private general(value: X.Num): X.Num {
    for (let i = 0; i < this.thresholds.length; i += 1) if (X.cmp(value, this.thresholds[i]!) >= 0) return this.points[i]!;
    return this.p0;
  }

  /** band of a / b for safe integers a, b with b > 0. */
  ofQuotient(a: number, b: number): X.Num {
    const { tn, td } = this;
    for (let i = 0; i < tn.length; i += 1) {
      const left = a * td[i]!;
      const right = tn[i]! * b;
      if (left < SAFE && left > -SAFE && right < SAFE && right > -SAFE) {
        if (left >= right) return this.points[i]!;
      } else if (X.cmp(X.div(a, b)!, this.thresholds[i]!) >= 0) return this.points[i]!;
    }
    return this.p0;
  }

  /** band(ratio(a, b), …) of computed operands. */
  ofRatio(a: Value, b: Value): Value {
    if (typeof a === 'number' && typeof b === 'number' && b > 0) return this.ofQuotient(a, b);
    if (a instanceof Unknown || b instanceof Unknown) return mergeUnknown(a, b);
    const q = X.div(num(a, 'ratio'), num(b, 'ratio'));
    if (q === undefined) throw new RuleEvaluationError('ratio: division by zero (the divisor is 0)');
    return this.general(q);
  }

  /** band(x, …) of a computed operand. */
  ofValue(v: Value): Value {
    if (typeof v === 'number') return this.ofQuotient(v, 1);
    if (v instanceof Unknown) return v;
    return this.general(num(v, 'band'));
  }
}

/** `band(ratio(a, b), …)` with its ratio's operands, when the band is literal (the fast path). */
export function isBandOfRatio(xNode: ASTNode): xNode is ASTNode & { op: 'call'; args: [string, ASTNode[]] } {
  return xNode.op === 'call' && xNode.args[0] === 'ratio' && xNode.args[1].length === 2;
}

function compileBand(args: Compiled[], argNodes: readonly ASTNode[], c: (n: ASTNode) => Compiled): Compiled | undefined {
  const table = BandTable.of(argNodes, args);
  if (!table) return undefined;
  const xNode = argNodes[0]!;
  if (isBandOfRatio(xNode)) {
    const na = c(xNode.args[1][0]!);
    const nb = c(xNode.args[1][1]!);
    return (s) => table.ofRatio(na(s), nb(s));
  }
  const x = args[0]!;
  return (s) => table.ofValue(x(s));
}
