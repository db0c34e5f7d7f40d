import { join } from 'node:path';
import { hashPack, printedClauseLabel, readPackFolder, type PackProblem, type PolicyPack } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import type { ParamValue } from './cel-environment.ts';
import { compileRule, parametersInForce, paramValue, type CompiledRule, type RuleProblem } from './compile-rule.ts';
import type { RuleProfile } from './compile-expression.ts';
import { evaluateRule, evaluateRuleOutcome, presentParameters, type PackRef, type RuleOutcome, type RuleParameterOverride } from './evaluate-rule.ts';
import * as X from './exact.ts';
import { prepareFigures } from './generate-rule.ts';
import type { Benefit, CalcResult } from './incentives-contract.ts';

/** A pack's rules, compiled once per pack version (cache keyed by the pack's content hash). */
export interface CompiledPack {
  pack: PolicyPack;
  ref: PackRef;
  hash: string;
  rules: CompiledRule[];
  /** Incentives without a rule: listed as not computable, their interpretation saying why. */
  notComputable: PolicyPack['incentives'];
  problems: RuleProblem[];
}

const cache = new Map<string, CompiledPack>();
/** The same pack object (the server's shared, frozen packs) is not even hashed again. */
const byObject = new WeakMap<PolicyPack, CompiledPack>();
const CACHE_LIMIT = 64;

/**
 * Compiles every rule of a pack (cel-js parse + type-check, then closures). Frozen results are
 * shared by content hash: a pack changed anywhere has a new hash and is compiled anew, so no
 * process serves stale rules (the pack itself is read from the database per request).
 */
export function compilePack(pack: PolicyPack, knownHash?: string): CompiledPack {
  const same = byObject.get(pack);
  if (same) return same;
  const hash = knownHash ?? hashPack(pack);
  const cached = cache.get(hash);
  if (cached) {
    byObject.set(pack, cached);
    return cached;
  }
  const rules: CompiledRule[] = [];
  const problems: RuleProblem[] = [];
  pack.incentives.forEach((incentive, index) => {
    if (!incentive.rule) return;
    const result = compileRule(incentive, index);
    if (result.ok) rules.push(result.rule);
    else problems.push(...result.problems);
  });
  const compiled: CompiledPack = {
    pack,
    hash,
    ref: { id: pack.metadata.id, clauseLabel: (clause) => printedClauseLabel(pack.clauses, clause) },
    rules,
    notComputable: pack.incentives.filter((incentive) => !incentive.rule),
    problems,
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(hash, compiled);
  byObject.set(pack, compiled);
  return compiled;
}

/** Rule problems as `file:line: message` (the YAML line of each expression). */
export function lintPackRules(dir: string): PackProblem[] {
  const folder = readPackFolder(dir);
  const incentives = folder.incentives.content?.incentives ?? [];
  const source = folder.incentives.source;
  const problems: PackProblem[] = [];
  incentives.forEach((incentive, index) => {
    if (!incentive.rule) return;
    const result = compileRule(incentive, index);
    if (!result.ok) for (const problem of result.problems) problems.push(source.problem(problem.path, problem.message));
  });
  return problems.map((problem) => ({ ...problem, file: problem.file || join(dir, 'incentives.yaml') }));
}

/** Is the pack in force on some day of the year? */
export function packInForce(pack: PolicyPack, year: number): boolean {
  const { effective, expires } = pack.metadata;
  return effective <= `${year}-12-31` && (!expires || expires >= `${year}-01-01`);
}

export interface CalcOptions {
  year: number;
  /** Calculation date (default 1 January of the year). */
  date?: string;
  /** Which kind of profile this is: only rules reading that kind run (default enterprise). */
  kind?: string;
  /** Today, for calculated_on (from the injected clock). */
  calculatedOn: string;
}

/** Every rule of every pack in force for the profile's kind, with trace and advice (contract §6). */
export function calculate(packs: readonly CompiledPack[], profile: RuleProfile & { credit_code?: string }, options: CalcOptions): CalcResult {
  const kind = options.kind ?? 'enterprise';
  const date = options.date ?? `${options.year}-01-01`;
  const benefits: Benefit[] = [];
  for (const compiled of packs) {
    if (!packInForce(compiled.pack, options.year)) continue;
    for (const rule of compiled.rules) {
      if (rule.rule.profile !== kind) continue;
      benefits.push(evaluateRule(rule, compiled.ref, profile, options.year, date));
    }
    if (kind === 'enterprise') {
      for (const incentive of compiled.notComputable) {
        if (incentive.beneficiary !== 'enterprise') continue;
        benefits.push({
          incentive: incentive.id,
          pack: compiled.ref.id,
          title: incentive.title,
          clause: incentive.clause,
          clause_label: compiled.ref.clauseLabel(incentive.clause),
          beneficiary: incentive.beneficiary,
          status: 'not_computable',
          amount: null,
          amount_text: null,
          cap: null,
          cap_text: null,
          missing: [],
          trace: [],
          advice: [],
          assumptions: [],
          interpretation: incentive.interpretation ?? null,
          interpretation_zh: incentive.interpretation_zh ?? null,
          parameters: presentParameters(incentive, compiled.ref, date),
        });
      }
    }
  }
  const considered = packs
    .filter((compiled) => compiled.rules.length > 0 || compiled.notComputable.length > 0)
    .map((compiled) => {
      const { id, title, title_en, kind, effective, expires } = compiled.pack.metadata;
      return { id, title, title_en: title_en ?? null, kind, effective, expires: expires ?? null, in_force: packInForce(compiled.pack, options.year) };
    });
  return { year: options.year, credit_code: profile.credit_code ?? null, calculated_on: options.calculatedOn, benefits, packs: considered };
}

/**
 * Parameters that replace those in force, for a what-if: `{ [incentive id]: { [parameter name]:
 * decimal string } }` (a rule's threshold is a parameter too: national.hte-recognition's
 * rd_ratio_small). Nothing of the pack changes; the override holds for the one evaluation.
 */
export type ParameterOverrides = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Overrides checked against the rules and ready for the lean path, by incentive id. */
export type PreparedOverrides = ReadonlyMap<string, RuleParameterOverride>;

const decimalText = /^-?\d{1,15}(?:\.\d{1,12})?$/;
const prepared = new WeakMap<ParameterOverrides, { rules: readonly CompiledRule[]; overrides: PreparedOverrides }>();

/**
 * Checks overrides against the rules: the incentive must have a rule, the parameter must be one
 * of its numeric parameters, the value a plain decimal (a whole number for a `unit: year`
 * offset). Anything else is refused with an AppError naming it. The result is remembered for the
 * same overrides object, so that calculateOutcomes checks them once per run, not per profile.
 */
export function prepareParameterOverrides(rules: readonly CompiledRule[], overrides: ParameterOverrides): PreparedOverrides {
  const known = prepared.get(overrides);
  if (known && known.rules === rules) return known.overrides;
  const result = new Map<string, RuleParameterOverride>();
  for (const [incentiveId, values] of Object.entries(overrides)) {
    const rule = rules.find((candidate) => candidate.incentive.id === incentiveId);
    if (!rule) throw new AppError('bad_request', `没有可计算的政策“${incentiveId}”（覆盖参数只能用于有计算规则的政策）`, `overrides: no computable incentive "${incentiveId}"`, { field: `overrides.${incentiveId}` });
    const checked: Record<string, ParamValue> = {};
    for (const name of Object.keys(values).sort()) {
      const text = values[name]!;
      const field = `overrides.${incentiveId}.${name}`;
      const entries = rule.incentive.parameters.filter((parameter) => parameter.name === name);
      if (entries.length === 0) {
        const names = [...new Set(rule.incentive.parameters.map((parameter) => parameter.name))].join('、') || '无';
        throw new AppError('bad_request', `政策“${rule.incentive.title}”没有参数“${name}”（可用参数：${names}）`, `overrides: incentive "${incentiveId}" has no parameter "${name}" (known: ${names})`, { field });
      }
      const value = typeof text === 'string' && decimalText.test(text.trim()) ? X.parseDecimal(text.trim()) : undefined;
      const label = entries[0]!.label;
      if (value === undefined) throw new AppError('bad_request', `${rule.incentive.title}·${label}：“${String(text)}”不是数值（如 0.25 或 3000000）`, `${field}: "${String(text)}" is not a decimal number (e.g. 0.25 or 3000000)`, { field });
      if (entries.some((entry) => !X.isNum(paramValue(entry.value)))) {
        throw new AppError('bad_request', `${rule.incentive.title}·${label}不是数值参数，不能覆盖`, `${field}: not a numeric parameter`, { field });
      }
      if (entries[0]!.unit === 'year' && typeof value !== 'number') throw new AppError('bad_request', `${rule.incentive.title}·${label}以年计，应为整数`, `${field}: a number of years must be whole`, { field });
      checked[name] = value;
    }
    if (Object.keys(checked).length > 0) result.set(incentiveId, { key: JSON.stringify(Object.entries(checked).map(([name, value]) => [name, X.toText(value as X.Num)])), values: Object.freeze(checked) });
  }
  prepared.set(overrides, { rules, overrides: result });
  return result;
}

/** A rule's numeric parameters in force on 1 January of the year (or on `date`), as decimal text: what a what-if may override. */
export function numericParametersInForce(rule: CompiledRule, year: number, date = `${year}-01-01`): { name: string; label: string; unit: string; value: string }[] {
  const values = parametersInForce(rule.incentive, date);
  return Object.entries(values)
    .filter((entry): entry is [string, X.Num] => X.isNum(entry[1]))
    .map(([name, value]) => {
      const entry = rule.incentive.parameters.find((parameter) => parameter.name === name)!;
      return { name, label: entry.label, unit: entry.unit, value: X.toText(value) };
    });
}

/**
 * The numbers only: every enterprise rule of the packs for one profile (the bench, screening, a
 * fiscal what-if). `overrides` replace the parameters in force for this evaluation only; the
 * cached default parameters of each rule are left as they are.
 */
export function calculateOutcomes(rules: readonly CompiledRule[], profile: RuleProfile, year: number, date?: string, overrides?: ParameterOverrides): RuleOutcome[] {
  const out: RuleOutcome[] = [];
  const figures = prepareFigures(profile, year);
  const ready = overrides === undefined ? undefined : prepareParameterOverrides(rules, overrides);
  if (ready === undefined || ready.size === 0) {
    for (const rule of rules) out.push(evaluateRuleOutcome(rule, profile, year, date, figures));
    return out;
  }
  for (const rule of rules) out.push(evaluateRuleOutcome(rule, profile, year, date, figures, ready.get(rule.incentive.id)));
  return out;
}
