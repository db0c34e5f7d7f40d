import type { ASTNode } from '@marcbachmann/cel-js';
import {
  BandTable,
  binaryOps,
  builtins,
  firstDayOf,
  isBandOfRatio,
  ops,
  RuleEvaluationError,
  staticPath,
  Unknown,
  yearOffset,
  type Compiled,
  type RuleProfile,
  type Scope,
  type Value,
} from './compile-expression.ts';
import type { CompiledRule, CompiledStep } from './compile-rule.ts';
import * as X from './exact.ts';

/**
 * The lean path of a rule (status, amount, cap, score, outputs and missing fields, without the
 * trace) generated as one JavaScript function per rule, from the checked CEL AST, once per pack
 * version — the closures of compile-expression.ts remain the explained path (trace, advice).
 *
 * Why generated code: a tree of closures costs a call and a megamorphic dispatch per AST node;
 * one straight function per rule lets V8 inline the fast paths (safe integers compared and
 * added in registers) and keep the values in locals. Semantics are the closures' by
 * construction: every operation whose operands are not two safe integers calls the same
 * value-level function the closures call (`ops`, the builtins, BandTable), and a test checks
 * that both paths agree on every rule for thousands of profiles.
 *
 * - `let` values are computed lazily, where the closures would first read them (a guarded block
 *   at the read site; no guard once a value is certainly computed on that path), and a failure
 *   is kept as a LetFailure that fails whoever reads it — as in the closures.
 * - Subexpressions that depend only on the year and the parameters (`string(year - 2) +
 *   "-01-01"`, a cap of `params.cap`) are computed once per (year, parameters) by a prelude.
 * - No text of the pack reaches the code: names, paths and literals are passed as constants
 *   (`K[i]`) or JSON string literals, so a pack cannot inject code.
 */

/** The generated lean evaluation of one rule. */
export type GeneratedOutcome = (profile: RuleProfile, year: number, params: Scope['params'], invariants: Invariants, figures: PreparedFigures) => GeneratedResult;
export type GeneratedPrelude = (year: number, params: Scope['params']) => Invariants;

/** The values of a rule's year-and-parameter invariants (a failure as FAILED with its message). */
export interface Invariants {
  values: unknown[];
  messages: string[];
}

/** The first year offset of PreparedFigures: the figures of years y − 3 … y − 1. */
const FIRST_PREPARED_OFFSET = -3;

/**
 * A profile's figures of the three years before the calculation year (what the national criteria
 * read), looked up once for all rules: `years` is keyed by year, and each lookup in it costs
 * tens of nanoseconds.
 */
export type PreparedFigures = readonly unknown[];

/** profile.years[year − 3 … year − 1], for every rule evaluated on this profile and year. */
export function prepareFigures(profile: RuleProfile, year: number): PreparedFigures {
  const years = profile.years;
  if (years == null) return noFigures;
  return [years[year - 3], years[year - 2], years[year - 1]];
}
const noFigures: PreparedFigures = Object.freeze([undefined, undefined, undefined]);

export interface GeneratedResult {
  status: 'eligible' | 'ineligible' | 'needs_info';
  amount: X.Num | null;
  cap: X.Num | null;
  score: X.Num | null;
  outputs: Record<string, X.Num | null>;
  missing: string[];
  error?: string;
}

export interface GeneratedRule {
  outcome: GeneratedOutcome;
  prelude: GeneratedPrelude;
  /** The generated source (for tests and for reading). */
  source: string;
}

const noMissing: string[] = [];
const noOutputs: Record<string, X.Num | null> = {};
const leanAssumed: string[] = [];
const noSlots: never[] = [];

/** The runtime the generated code sees as `H`. */
const runtime = {
  ops,
  binaryOps,
  builtins,
  Unknown,
  RuleEvaluationError,
  X,
  noMissing,
  noOutputs,
  leanAssumed,
  noSlots,
  SAFE: Number.MAX_SAFE_INTEGER,
  /** A `let` or an invariant whose evaluation failed (its message kept beside it). */
  FAILED: Object.freeze({ failed: true }),
  /** Reading a failed value fails the reader, with the first failure's message (as a LetFailure in the closures). */
  fail(message: string): never {
    throw new RuleEvaluationError(message);
  },
  messageOf(error: unknown): string {
    if (!(error instanceof RuleEvaluationError)) throw error;
    return error.message;
  },
  yearPrefix,
  signVsProduct,
  sortedUnique(paths: Iterable<string>): string[] {
    return [...new Set(paths)].sort();
  },
  result(status: GeneratedResult['status'], missing: string[], cap: X.Num | null, score: X.Num | null): GeneratedResult {
    return { status, amount: null, cap, score, outputs: noOutputs, missing };
  },
  capOf(value: Value): X.Num | null {
    return X.isNum(value) ? X.round2(value) : null;
  },
  missingEvents: new Unknown(['events']),
  firstDayOf,
  /** The scope passed to builtins that read nothing but their arguments. */
  pureScope: Object.freeze({ year: 0, params: {}, profile: {}, slots: [], assumed: [] }),
  missingCertifications: new Unknown(['certifications']),
};

const yearPrefixes: string[] = [];
/** "YYYY-", made once per year (no string built per evaluation). */
export function yearPrefix(year: number): string {
  if (year >= 1900 && year < 2200) return (yearPrefixes[year - 1900] ??= `${year}-`);
  return `${year}-`;
}

/** Builtins that read only their arguments (an expression of them over the year and the parameters is invariant). */
const pureBuiltins = new Set(['min', 'max', 'round2', 'ceil', 'floor', 'ratio', 'dec', 'string', 'band']);

class Emitter {
  readonly lines: string[] = [];
  private count = 0;
  /** Lets certainly computed on the current path. */
  computed = new Set<number>();

  constructor(
    readonly constants: unknown[],
    readonly invariants: ASTNode[] | undefined,
  ) {}

  temp(prefix = 't'): string {
    this.count += 1;
    return `${prefix}${this.count}`;
  }

  line(text: string): void {
    this.lines.push(text);
  }

  /** Years whose figures the code reads as `profile.years[year + k]`: looked up once per evaluation, at the top. */
  readonly figureOffsets = new Set<number>();

  figuresOf(offset: number): string {
    this.figureOffsets.add(offset);
    return `F${offset < 0 ? `m${-offset}` : offset}`;
  }

  constant(value: unknown): string {
    let index = this.constants.indexOf(value);
    if (index < 0) index = this.constants.push(value) - 1;
    return `K[${index}]`;
  }

  /** Emits `body` on a path that may not be taken: what it computes is not certain afterwards. */
  branch(body: () => void): void {
    const saved = new Set(this.computed);
    body();
    this.computed = saved;
  }
}

interface RuleNames {
  lets: readonly CompiledStep[];
  letIndex: ReadonlyMap<string, number>;
  /** In outputs: `amount` is the capped amount. */
  amount?: string;
}

const lit = (value: string | boolean | null) => JSON.stringify(value);

/** True when the node depends on nothing but literals, the year and the parameters. */
function isInvariant(node: ASTNode, names: RuleNames): boolean {
  switch (node.op) {
    case 'value':
      return true;
    case 'id':
      return node.args === 'year' || node.args === 'params';
    case '.':
    case '.?':
      return isInvariant(node.args[0], names);
    case 'list':
      return node.args.every((item) => isInvariant(item, names));
    case 'call':
      return pureBuiltins.has(node.args[0]) && node.args[1].every((arg) => isInvariant(arg, names));
    case '[]':
    case '[?]':
    case '?:':
    case '&&':
    case '||':
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
    case 'in':
      return (node.args as ASTNode[]).every((arg) => isInvariant(arg, names));
    case '!_':
    case '-_':
      return isInvariant(node.args, names);
    default:
      return false;
  }
}

/** Cheap enough to compute in place: a literal, the year, `year ± k`, a parameter. */
function isTrivial(node: ASTNode): boolean {
  if (node.op === 'value' || node.op === 'id') return true;
  if (node.op === 'call' && node.args[0] === 'dec' && tryConstant(node) !== undefined) return true;
  if (yearOffset(node) !== undefined) return true;
  return (node.op === '.' || node.op === '.?') && node.args[0].op === 'id' && node.args[0].args === 'params';
}

/** Reads a stored value that may be a failure (FAILED, with its message in `messagePlace`). */
function readStored(e: Emitter, place: string, messagePlace: string): string {
  const t = e.temp();
  e.line(`const ${t} = ${place}; if (${t} === FAILED) H.fail(${messagePlace});`);
  return t;
}

/** Emits the statements that compute `node` (in evaluation order) and returns the name of a local holding its value. */
function emit(node: ASTNode, e: Emitter, names: RuleNames): string {
  if (e.invariants && !isTrivial(node) && isInvariant(node, names)) {
    let index = e.invariants.indexOf(node);
    if (index < 0) index = e.invariants.push(node) - 1;
    return readStored(e, `I[${index}]`, `IM[${index}]`);
  }
  const c = (n: ASTNode) => emit(n, e, names);
  if (node.op === 'call' && node.args[0] === 'dec') {
    const constant = tryConstant(node);
    if (typeof constant === 'number') return String(constant);
    if (constant !== undefined) return e.constant(constant);
  }
  switch (node.op) {
    case 'value': {
      const v = node.args;
      if (typeof v === 'bigint') {
        const n = X.ratOf(v, 1n);
        return typeof n === 'number' ? String(n) : e.constant(n);
      }
      if (typeof v === 'number') {
        const n = X.fromNumber(v);
        return typeof n === 'number' ? String(n) : e.constant(n);
      }
      if (typeof v === 'string' || typeof v === 'boolean' || v === null) return lit(v);
      throw new RuleEvaluationError(`unsupported literal ${String(v)}`);
    }
    case 'id': {
      const name = node.args;
      if (name === 'year') return 'year';
      if (name === 'params') return 'P';
      if (name === 'profile') return 'profile';
      if (name === 'amount' && names.amount) return names.amount;
      const index = names.letIndex.get(name);
      if (index === undefined) throw new RuleEvaluationError(`unknown name ${name}`);
      ensureLet(index, e, names);
      return readStored(e, `L${index}`, `M${index}`);
    }
    case '.':
    case '.?': {
      const [targetNode, key] = node.args;
      const t = e.temp();
      if (targetNode.op === 'id' && targetNode.args === 'params') {
        e.line(`const ${t} = P[${lit(key)}] !== undefined ? P[${lit(key)}] : ops.param(P, ${lit(key)});`);
        return t;
      }
      const target = c(targetNode);
      e.line(`const ${t} = ops.member(${target}, ${lit(key)}, ${lit(staticPath(node) ?? key)});`);
      return t;
    }
    case '[]':
    case '[?]': {
      const [targetNode, keyNode] = node.args;
      const target = c(targetNode);
      const key = c(keyNode);
      const t = e.temp();
      const base = staticPath(targetNode);
      e.line(`const ${t} = ops.index(${target}, ${key}, ${base === undefined ? 'undefined' : lit(base)});`);
      return t;
    }
    case 'list': {
      const items = node.args.map(c);
      const t = e.temp();
      e.line(`const ${t} = [${items.join(', ')}];`);
      return t;
    }
    case '?:': {
      const [condNode, thenNode, elseNode] = node.args;
      const cond = c(condNode);
      const t = e.temp();
      e.line(`let ${t};`);
      e.line(`if (${cond} === true) {`);
      e.branch(() => e.line(`${t} = ${c(thenNode)};`));
      e.line(`} else if (${cond} === false) {`);
      e.branch(() => e.line(`${t} = ${c(elseNode)};`));
      e.line(`} else ${t} = ${cond} instanceof UNKNOWN ? ${cond} : ops.notCondition(${cond});`);
      return t;
    }
    case '&&':
    case '||': {
      const decisive = node.op === '&&' ? 'false' : 'true';
      const a = c(node.args[0]);
      const t = e.temp();
      e.line(`let ${t} = ${decisive};`);
      e.line(`if (${a} !== ${decisive}) {`);
      e.branch(() => {
        const b = c(node.args[1]);
        const other = decisive === 'true' ? 'false' : 'true';
        e.line(`if (${b} !== ${decisive}) ${t} = ${a} === ${other} && ${b} === ${other} ? ${other} : ops.${node.op === '&&' ? 'and' : 'or'}(${a}, ${b});`);
      });
      e.line('}');
      return t;
    }
    case '!_': {
      const v = c(node.args);
      const t = e.temp();
      e.line(`const ${t} = ${v} === true ? false : ${v} === false ? true : ops.not(${v});`);
      return t;
    }
    case '-_': {
      const v = c(node.args);
      const t = e.temp();
      e.line(`const ${t} = typeof ${v} === 'number' && ${v} !== 0 ? -${v} : ops.neg(${v});`);
      return t;
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
      if (offset !== undefined) return `(year + ${offset})`;
      const right = node.args[1];
      if (comparisons.has(node.op) && right.op === '*' && yearOffset(right) === undefined) return emitCompareWithProduct(node.op, c(node.args[0]), right, e, names);
      const a = c(node.args[0]);
      const b = c(node.args[1]);
      return emitBinary(node.op, a, b, e);
    }
    case 'call':
      return emitCall(node.args[0], node.args[1], e, names);
    default:
      throw new RuleEvaluationError(`unsupported CEL construct "${node.op}"`);
  }
}

const comparisons = new Set(['<', '<=', '>', '>=']);

/**
 * `a ≥ m1 · m2` (and <, ≤, >): when the three are safe integers or small rationals, compared by
 * cross-multiplication in integers (`tech_staff ≥ 1/10 · staff` as `10 · tech_staff ≥ staff`), no
 * rational formed; otherwise the product and the comparison as the closures compute them.
 */
function emitCompareWithProduct(op: string, a: string, product: ASTNode & { op: '*' }, e: Emitter, names: RuleNames): string {
  const m1 = emit(product.args[0], e, names);
  const m2 = emit(product.args[1], e, names);
  const t = e.temp();
  const k = e.temp('k');
  e.line(`const ${k} = signVsProduct(${a}, ${m1}, ${m2});`);
  e.line(`let ${t};`);
  e.line(`if (${k} === ${k}) ${t} = ${k} ${op} 0; else {`);
  const p = emitBinary('*', m1, m2, e);
  e.line(`${t} = ${emitBinary(op, a, p, e)};`);
  e.line('}');
  return t;
}

/** Numerator and denominator of a safe integer or a small rational; NaN for anything else. */
const numeratorOf = (x: unknown): number => (typeof x === 'number' ? x : x instanceof X.Rat ? x.n : Number.NaN);
const denominatorOf = (x: unknown): number => (typeof x === 'number' ? 1 : x instanceof X.Rat ? x.d : Number.NaN);

/** The sign of a − m1·m2 for safe integers and small rationals whose products stay safe; NaN otherwise. */
function signVsProduct(a: unknown, m1: unknown, m2: unknown): number {
  const ad = denominatorOf(a);
  const d1 = denominatorOf(m1);
  const d2 = denominatorOf(m2);
  // NaN fails every comparison: anything but numbers and small rationals with positive denominators.
  if (!(ad > 0 && d1 > 0 && d2 > 0)) return Number.NaN;
  const left1 = numeratorOf(a) * d1;
  const left = left1 * d2;
  const right1 = numeratorOf(m1) * numeratorOf(m2);
  const right = right1 * ad;
  if (!(left1 < SAFE && left1 > -SAFE && left < SAFE && left > -SAFE && right1 < SAFE && right1 > -SAFE && right < SAFE && right > -SAFE)) return Number.NaN;
  return left < right ? -1 : left > right ? 1 : 0;
}
const SAFE = Number.MAX_SAFE_INTEGER;

function emitBinary(op: string, a: string, b: string, e: Emitter): string {
  const t = e.temp();
  const bothNumbers = `typeof ${a} === 'number' && typeof ${b} === 'number'`;
  switch (op) {
    case '+':
    case '-':
      e.line(`let ${t} = ${bothNumbers} ? ${a} ${op} ${b} : NaN;`);
      e.line(`if (!(${t} < SAFE && ${t} > -SAFE)) ${t} = ops.${op === '+' ? 'add' : 'sub'}(${a}, ${b});`);
      return t;
    case '*':
      e.line(`let ${t} = ${bothNumbers} ? ${a} * ${b} : NaN;`);
      e.line(`if (${t} === 0) ${t} = 0; else if (!(${t} < SAFE && ${t} > -SAFE)) ${t} = ops.mul(${a}, ${b});`);
      return t;
    case '<':
    case '<=':
    case '>':
    case '>=':
      e.line(`const ${t} = ${bothNumbers} ? ${a} ${op} ${b} : binaryOps[${lit(op)}](${a}, ${b});`);
      return t;
    case '==':
    case '!=':
      e.line(`const ${t} = ${bothNumbers} ? ${a} ${op}= ${b} : binaryOps[${lit(op)}](${a}, ${b});`);
      return t;
    default:
      e.line(`const ${t} = binaryOps[${lit(op)}](${a}, ${b});`);
      return t;
  }
}

function emitCall(name: string, argNodes: readonly ASTNode[], e: Emitter, names: RuleNames): string {
  const builtin = builtins[name];
  if (!builtin) throw new RuleEvaluationError(`unknown function ${name}()`);
  const t = e.temp();
  // fin(year ± k, "field"): the profile read in place, a safe integer returned as it is.
  if (name === 'fin' && argNodes.length === 2 && argNodes[1]?.op === 'value' && typeof argNodes[1].args === 'string' && yearOffset(argNodes[0]!) !== undefined) {
    const field = lit(argNodes[1].args);
    const offset = yearOffset(argNodes[0]!)!;
    const figures = e.figuresOf(offset);
    const v = e.temp('v');
    e.line(`const ${v} = ${figures}?.[${field}];`);
    e.line(`const ${t} = typeof ${v} === 'number' && ${v} <= SAFE && ${v} >= -SAFE && Math.floor(${v}) === ${v} ? (${v} === 0 ? 0 : ${v}) : ops.fin(${v}, year + ${offset}, ${field});`);
    return t;
  }
  if ((name === 'field' || name === 'num') && argNodes.length === 1 && argNodes[0]?.op === 'value' && typeof argNodes[0].args === 'string') {
    const path = argNodes[0].args;
    if (name === 'num' && !path.includes('.')) {
      const v = e.temp('v');
      e.line(`const ${v} = profile[${lit(path)}];`);
      e.line(`const ${t} = typeof ${v} === 'number' && Number.isSafeInteger(${v}) ? ${v} : ops.path(profile, ${e.constant([path])}, ${lit(path)}, true);`);
      return t;
    }
    e.line(`const ${t} = ops.path(profile, ${e.constant(path.split('.'))}, ${lit(path)}, ${name === 'num'});`);
    return t;
  }
  if (name === 'band' && argNodes.length === 4) {
    const constantArgs: Compiled[] = argNodes.map((node) => {
      const result = tryConstant(node);
      return () => result as Value;
    });
    const table = argNodes.slice(1).every((node) => tryConstant(node) !== undefined) ? BandTable.of(argNodes, constantArgs) : undefined;
    if (table) {
      const xNode = argNodes[0]!;
      const ref = e.constant(table);
      if (isBandOfRatio(xNode)) {
        const a = emit(xNode.args[1][0]!, e, names);
        const b = emit(xNode.args[1][1]!, e, names);
        e.line(`const ${t} = typeof ${a} === 'number' && typeof ${b} === 'number' && ${b} > 0 ? ${ref}.ofQuotient(${a}, ${b}) : ${ref}.ofRatio(${a}, ${b});`);
      } else e.line(`const ${t} = ${ref}.ofValue(${emit(xNode, e, names)});`);
      return t;
    }
  }
  // flag("name"): not declared reads as false (the explained path traces it as an assumption).
  if (name === 'flag' && argNodes.length === 1 && argNodes[0]?.op === 'value' && typeof argNodes[0].args === 'string') {
    const v = e.temp('v');
    e.line(`const ${v} = profile.flags?.[${lit(argNodes[0].args)}];`);
    e.line(`const ${t} = ${v} === undefined ? false : ${v};`);
    return t;
  }
  if (name === 'application_date' && argNodes.length === 0) {
    e.line(`const ${t} = profile.application_date ?? H.firstDayOf(year);`);
    return t;
  }
  const args = argNodes.map((node) => emit(node, e, names));
  const fn = e.constant(builtin);
  // A direct call per site (one builtin each: V8 can inline it); the scope only for builtins that read the profile.
  let scope = 'S0';
  if (!pureBuiltins.has(name)) {
    e.line(`if (S === undefined) S = { year, params: P, profile, slots: H.noSlots, assumed: H.leanAssumed };`);
    scope = 'S';
  }
  if (args.length === 1) e.line(`const ${t} = ${args[0]} instanceof UNKNOWN ? ${args[0]} : Array.isArray(${args[0]}) ? ops.call1(${fn}, ${scope}, ${args[0]}) : ${fn}(${scope}, ${args[0]});`);
  else if (args.length === 2) e.line(`const ${t} = ${args[0]} instanceof UNKNOWN || ${args[1]} instanceof UNKNOWN ? ops.call2(${fn}, ${scope}, ${args[0]}, ${args[1]}) : ${fn}(${scope}, ${args[0]}, ${args[1]});`);
  else e.line(`const ${t} = ops.callN(${fn}, ${scope}, [${args.join(', ')}]);`);
  return t;
}

/** The value of a literal, a list of literals or `dec(literal)`, computed as the closures would; undefined otherwise. */
function tryConstant(node: ASTNode): Value | undefined {
  if (node.op === 'value') {
    const v = node.args;
    if (typeof v === 'bigint') return X.ratOf(v, 1n);
    if (typeof v === 'number') return X.fromNumber(v);
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
    return undefined;
  }
  if (node.op === 'list') {
    const items = node.args.map(tryConstant);
    return items.every((item) => item !== undefined) ? (items as Value[]) : undefined;
  }
  if (node.op === 'call' && node.args[0] === 'dec' && node.args[1].length === 1) {
    const inner = tryConstant(node.args[1][0]!);
    if (inner === undefined) return undefined;
    return builtins.dec!({ year: 0, params: {}, profile: {}, slots: [], assumed: [] }, inner);
  }
  return undefined;
}

/** Makes sure let `index` is computed here: a guarded block unless it certainly is already. */
function ensureLet(index: number, e: Emitter, names: RuleNames): void {
  if (e.computed.has(index)) return;
  const step = names.lets[index]!;
  e.line(`if (L${index} === undefined) {`);
  e.branch(() => {
    e.line('try {');
    const value = emit(step.ast, e, names);
    e.line(`L${index} = ${value};`);
    e.line(`} catch (error) { M${index} = H.messageOf(error); L${index} = FAILED; }`);
  });
  e.line('}');
  e.computed.add(index);
}

/**
 * Generates the lean evaluation of a compiled rule. `expectNumber` turns an amount or output
 * into a number or fails with the explained path's message (evaluate-rule.ts passes its own).
 */
export function generateRule(compiled: CompiledRule, expectNumber: (value: Value) => X.Num): GeneratedRule {
  const constants: unknown[] = [];
  const invariants: ASTNode[] = [];
  const names: RuleNames = { lets: compiled.lets, letIndex: new Map(compiled.lets.map((step, i) => [step.name, i])) };
  const e = new Emitter(constants, invariants);
  const lets = compiled.lets.map((_, i) => `L${i}`);

  /** Emits `return` of a result with the cap computed (as outcome() in evaluate-rule.ts). */
  const emitReturn = (status: string, missing: string, score: string) => {
    e.branch(() => {
      let cap = 'null';
      if (compiled.cap) cap = `H.capOf(${emit(compiled.cap.ast, e, names)})`;
      e.line(`return H.result(${lit(status)}, ${missing}, ${cap}, ${score});`);
    });
  };

  e.line('try {');
  const trigger = compiled.rule.trigger;
  if (trigger.yearly) e.line('const trigger = true;');
  else if (trigger.event) {
    e.line('let trigger = false;');
    e.line('const events = profile.events;');
    e.line(`if (!events) trigger = H.missingEvents; else for (let i = 0; i < events.length; i += 1) { const ev = events[i]; if (ev.type === ${lit(trigger.event)} && ev.year === year) { trigger = true; break; } }`);
  } else {
    e.line('let trigger = false;');
    e.line('const certifications = profile.certifications;');
    e.line(`if (!certifications) trigger = H.missingCertifications; else { const prefix = H.yearPrefix(year); for (let i = 0; i < certifications.length; i += 1) { const c = certifications[i]; if (c.type === ${lit(trigger.certification ?? '')} && c.from.startsWith(prefix)) { trigger = true; break; } } }`);
  }
  e.line('if (trigger === false) {');
  emitReturn('ineligible', 'H.noMissing', 'null');
  e.line('}');
  e.line('let unknownPaths = trigger instanceof UNKNOWN ? [...trigger.paths] : undefined;');
  e.line('let anyFalse = false;');
  e.line('let conditionError;');
  e.line('conditions: {');
  e.branch(() => {
    for (const condition of compiled.conditions) {
      if (condition.assumption) continue;
      const v = e.temp('c');
      e.line(`let ${v};`);
      e.line('try {');
      e.branch(() => e.line(`${v} = ${emit(condition.ast, e, names)};`));
      e.line(`} catch (error) { if (!(error instanceof RuleEvaluationError)) throw error; if (conditionError === undefined) conditionError = error.message; ${v} = true; }`);
      // A let computed inside the try is certainly computed once it ends (a failure is stored, not thrown).
      e.line(`if (${v} === false) { anyFalse = true; break conditions; }`);
      e.line(`if (${v} !== true) { if (${v} instanceof UNKNOWN) (unknownPaths ??= []).push(...${v}.paths); else if (conditionError === undefined) conditionError = ${lit(`${condition.name}: not true or false`)}; }`);
    }
  });
  e.line('}');
  e.line('let scoreNum = null;');
  if (compiled.score) {
    const score = emit(compiled.score.ast, e, names);
    e.line(`if (H.X.isNum(${score})) scoreNum = ${score};`);
  }
  e.line('if (anyFalse) {');
  emitReturn('ineligible', 'H.noMissing', 'scoreNum');
  e.line('}');
  e.line('if (conditionError !== undefined) {');
  e.branch(() => {
    let cap = 'null';
    if (compiled.cap) cap = `H.capOf(${emit(compiled.cap.ast, e, names)})`;
    e.line(`return { status: 'needs_info', amount: null, cap: ${cap}, score: scoreNum, outputs: H.noOutputs, missing: H.noMissing, error: conditionError };`);
  });
  e.line('}');
  e.line('if (unknownPaths) {');
  emitReturn('needs_info', 'H.sortedUnique(unknownPaths)', 'scoreNum');
  e.line('}');
  let cap = 'null';
  if (compiled.cap) cap = `H.capOf(${emit(compiled.cap.ast, e, names)})`;
  e.line(`const out = H.result('eligible', H.noMissing, ${cap}, scoreNum);`);
  if (compiled.amount) {
    const raw = emit(compiled.amount.ast, e, names);
    e.line(`if (${raw} instanceof UNKNOWN) { out.status = 'needs_info'; out.missing = H.sortedUnique(${raw}.paths); return out; }`);
    e.line(`let amount = H.amountOf(${raw});`);
    e.line('if (out.cap !== null && H.X.cmp(amount, out.cap) > 0) amount = out.cap;');
    e.line('out.amount = H.X.round2(amount);');
    if (compiled.outputs.length > 0) {
      e.line('out.outputs = {};');
      e.line('const missing = [];');
      const outputNames: RuleNames = { ...names, amount: 'amount' };
      for (const output of compiled.outputs) {
        const value = emit(output.ast, e, outputNames);
        e.line(`if (${value} instanceof UNKNOWN) { missing.push(...${value}.paths); out.outputs[${lit(output.name)}] = null; } else out.outputs[${lit(output.name)}] = H.X.round2(H.amountOf(${value}));`);
      }
      e.line("if (missing.length > 0) { out.status = 'needs_info'; out.missing = H.sortedUnique(missing); }");
    }
  }
  e.line('return out;');
  e.line('} catch (error) {');
  e.line('if (!(error instanceof RuleEvaluationError)) throw error;');
  e.line("return { status: 'needs_info', amount: null, cap: null, score: null, outputs: H.noOutputs, missing: H.noMissing, error: error.message };");
  e.line('}');

  const needsScope = e.lines.some((line) => line.includes('S = { year'));
  const body = [
    ...(lets.length > 0 ? [`let ${lets.join(', ')};`, `let ${lets.map((_, i) => `M${i}`).join(', ')};`] : []),
    ...(needsScope ? ['let S;'] : []),
    ...[...e.figureOffsets].map((offset) =>
      offset >= FIRST_PREPARED_OFFSET && offset <= -1
        ? `const ${e.figuresOf(offset)} = FG[${offset - FIRST_PREPARED_OFFSET}];`
        : `const ${e.figuresOf(offset)} = profile.years == null ? undefined : profile.years[year + ${offset}];`,
    ),
    ...e.lines,
  ];

  // The prelude: the invariant subexpressions, each computed once per (year, parameters).
  const p = new Emitter(constants, undefined);
  p.line('const I = [];');
  p.line('const IM = [];');
  p.line('const profile = H.emptyProfile;');
  p.line('let S = { year, params: P, profile, slots: H.noSlots, assumed: H.leanAssumed };');
  for (let i = 0; i < invariants.length; i += 1) {
    p.line('try {');
    p.branch(() => p.line(`I[${i}] = ${emit(invariants[i]!, p, names)};`));
    p.line(`} catch (error) { IM[${i}] = H.messageOf(error); I[${i}] = FAILED; }`);
  }
  p.line('return { values: I, messages: IM };');

  const source = `const FAILED = H.FAILED, SAFE = H.SAFE, UNKNOWN = H.Unknown, ops = H.ops, binaryOps = H.binaryOps, RuleEvaluationError = H.RuleEvaluationError, signVsProduct = H.signVsProduct, S0 = H.pureScope;\nreturn {\n  outcome(profile, year, P, invariants, FG) {\nconst I = invariants.values;\nconst IM = invariants.messages;\n${body.join('\n')}\n  },\n  prelude(year, P) {\n${p.lines.join('\n')}\n  },\n};`;
  // Code generated from the checked AST; the pack's text appears only as JSON literals and constants.
  const made = new Function('H', 'K', source) as (h: unknown, k: unknown[]) => { outcome: GeneratedOutcome; prelude: GeneratedPrelude };
  const { outcome, prelude } = made({ ...runtime, amountOf: expectNumber, emptyProfile: Object.freeze({}) }, constants);
  return { outcome, prelude, source };
}
