import { join } from 'node:path';
import { hashPack, printedClauseLabel, readPackFolder, type PackProblem, type PolicyPack } from '../policy/index.ts';
import { compileRule, type CompiledRule, type RuleProblem } from './compile-rule.ts';
import type { RuleProfile } from './compile-expression.ts';
import { evaluateRule, evaluateRuleOutcome, presentParameters, type PackRef, type RuleOutcome } from './evaluate-rule.ts';
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

/** The numbers only: every enterprise rule of the packs for one profile (the bench, screening). */
export function calculateOutcomes(rules: readonly CompiledRule[], profile: RuleProfile, year: number, date?: string): RuleOutcome[] {
  const out: RuleOutcome[] = [];
  const figures = prepareFigures(profile, year);
  for (const rule of rules) out.push(evaluateRuleOutcome(rule, profile, year, date, figures));
  return out;
}
