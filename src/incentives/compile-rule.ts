import { parse as celParse, type ASTNode, type Environment } from '@marcbachmann/cel-js';
import type { Incentive, Rule } from '../policy/index.ts';
import { baseEnvironment, celTypeOf, ruleFunctionNames, type ParamValue } from './cel-environment.ts';
import { compileExpression, type Compiled } from './compile-expression.ts';
import type { GeneratedRule, Invariants } from './generate-rule.ts';
import * as X from './exact.ts';
import { yearFields } from './profile-schema.ts';

/** The traced labels of the results' extra outputs (contracts §6) that have a name in Chinese. */
const outputLabels: Readonly<Record<string, string>> = { tax_saving: '少缴企业所得税（加计扣除额 × 适用税率）' };

/** A problem in a rule expression, at its YAML path inside incentives.yaml. */
export interface RuleProblem {
  path: (string | number)[];
  message: string;
}

export interface CompiledStep {
  name: string;
  label: string;
  clause?: number;
  source: string;
  fn: Compiled;
  ast: ASTNode;
  assumption?: boolean;
  advice?: string;
}

/** One incentive's rule, compiled: closures over exact numbers, ready for any number of profiles. */
export interface CompiledRule {
  incentive: Incentive;
  rule: Rule;
  lets: CompiledStep[];
  conditions: CompiledStep[];
  score?: CompiledStep;
  amount?: CompiledStep;
  cap?: CompiledStep;
  outputs: CompiledStep[];
  /** Slot of `amount` inside outputs (after the lets). */
  amountSlot: number;
  /** The lets' closures by slot (for lazy evaluation). */
  letFns: Compiled[];
  /** Parameters in force by calculation date (filled lazily; a handful of dates per run). */
  paramsByDate: Map<string, Record<string, ParamValue>>;
  /** The same for the default date (1 January) by year, without building the date string. */
  paramsByYear: Map<number, Record<string, ParamValue>>;
  /** The lean path as generated code (generate-rule.ts), made on first use. */
  generated?: GeneratedRule;
  /** Parameters and the generated prelude's invariants, by year (default date) or by date. */
  leanInputs: Map<number | string, { params: Record<string, ParamValue>; invariants: Invariants }>;
  /** The last key and inputs used (a screening run evaluates one year: no map lookup per profile). */
  lastLeanKey?: number | string;
  lastLeanInputs?: { params: Record<string, ParamValue>; invariants: Invariants };
}

export type CompileRuleResult = { ok: true; rule: CompiledRule } | { ok: false; problems: RuleProblem[] };

/** A parameter value from YAML as an exact number (strings "0.2" too), a boolean or a text. */
export function paramValue(value: number | string | boolean): ParamValue {
  if (typeof value === 'number') return X.fromNumber(value);
  if (typeof value === 'string') return X.parseDecimal(value) ?? value;
  return value;
}

/**
 * Type-checks every expression of a rule with cel-js against the rule environment (the profile
 * schema's year fields, the parameters, the earlier `let` names) and compiles each checked AST
 * once into a closure. Every problem is returned with the YAML path of the expression.
 */
export function compileRule(incentive: Incentive, index: number): CompileRuleResult {
  const rule = incentive.rule;
  if (!rule) throw new Error(`${incentive.id} has no rule`);
  const at = (...path: (string | number)[]) => ['incentives', index, 'rule', ...path];
  const problems: RuleProblem[] = [];
  const env = baseEnvironment().clone();
  const paramTypes = new Map<string, string>();
  for (const parameter of incentive.parameters) {
    if (paramTypes.has(parameter.name)) continue;
    const value = paramValue(parameter.value);
    // A whole number of years (an offset such as −1) is an int, so that `year + offset` is a year.
    paramTypes.set(parameter.name, parameter.unit === 'year' && typeof value === 'number' ? 'int' : celTypeOf(value));
  }
  if (paramTypes.size > 0) env.registerVariable('params', { schema: Object.fromEntries(paramTypes) });
  else env.registerVariable('params', 'map<string, decimal>');
  const slots = new Map<string, number>();
  const reserved = new Set(['year', 'params', 'profile', 'amount']);

  const check = (source: string, path: (string | number)[], expected: 'bool' | 'number' | 'any'): { ast: ASTNode; type: string } | undefined => {
    let ast: ASTNode;
    try {
      ast = celParse(source).ast;
    } catch (error) {
      problems.push({ path, message: `CEL syntax error: ${firstLine(error)}` });
      return undefined;
    }
    const fieldProblem = checkProfileFields(ast, rule.profile === 'enterprise');
    if (fieldProblem) {
      problems.push({ path, message: fieldProblem });
      return undefined;
    }
    const result = env.check(source);
    if (!result.valid) {
      const message = firstLine(result.error);
      problems.push({ path, message: /Unknown variable/i.test(message) ? `unknown variable: ${message.replace(/^.*Unknown variable:\s*/i, '')}` : `type error: ${message}` });
      return undefined;
    }
    const type = result.type ?? 'dyn';
    if (expected === 'bool' && type !== 'bool' && type !== 'dyn') {
      problems.push({ path, message: `type error: a condition must be true or false (bool), this one is ${type}` });
      return undefined;
    }
    if (expected === 'number' && !['decimal', 'int', 'dyn'].includes(type)) {
      problems.push({ path, message: `type error: expected a number (decimal or int), this one is ${type}` });
      return undefined;
    }
    return { ast, type };
  };
  const compile = (ast: ASTNode, path: (string | number)[]): Compiled | undefined => {
    try {
      return compileExpression(ast, { slots });
    } catch (error) {
      problems.push({ path, message: firstLine(error) });
      return undefined;
    }
  };

  const lets: CompiledStep[] = [];
  rule.let.forEach((item, i) => {
    const path = at('let', i, 'expr');
    if (reserved.has(item.name) || slots.has(item.name)) {
      problems.push({ path: at('let', i, 'name'), message: `"${item.name}" is already defined` });
      return;
    }
    const checked = check(item.expr, path, 'any');
    env.registerVariable(item.name, checked?.type ?? 'dyn');
    const fn = checked && compile(checked.ast, path);
    slots.set(item.name, slots.size);
    if (checked && fn) lets.push({ name: item.name, label: item.label, clause: item.clause, source: item.expr, fn, ast: checked.ast });
  });
  env.registerVariable('amount', 'decimal');
  const step = (name: string, label: string, source: string, path: (string | number)[], expected: 'bool' | 'number', extra: Partial<CompiledStep> = {}): CompiledStep | undefined => {
    const checked = check(source, path, expected);
    const fn = checked && compile(checked.ast, path);
    return checked && fn ? { name, label, source, fn, ast: checked.ast, ...extra } : undefined;
  };
  const conditions: CompiledStep[] = [];
  rule.conditions.forEach((condition, i) => {
    const compiled = step(condition.name, condition.label, condition.expr, at('conditions', i, 'expr'), 'bool', { clause: condition.clause, assumption: condition.assumption, advice: condition.advice });
    if (compiled) conditions.push(compiled);
  });
  const score = rule.score === undefined ? undefined : step('score', '得分', rule.score, at('score'), 'number');
  const amount = rule.amount === undefined || rule.amount === null ? undefined : step('amount', '金额', rule.amount, at('amount'), 'number');
  const cap = rule.cap === undefined ? undefined : step('cap', '上限', rule.cap, at('cap'), 'number');
  const amountSlot = slots.size;
  slots.set('amount', amountSlot);
  const outputs: CompiledStep[] = [];
  for (const [name, source] of Object.entries(rule.outputs ?? {})) {
    const compiled = step(name, outputLabels[name] ?? name, source, at('outputs', name), 'number');
    if (compiled) outputs.push(compiled);
  }
  slots.delete('amount');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rule: { incentive, rule, lets, conditions, score, amount, cap, outputs, amountSlot, letFns: lets.map((item) => item.fn), paramsByDate: new Map(), paramsByYear: new Map(), leanInputs: new Map() } };
}

/**
 * The profile schema in the checker: `fin(y, "field")` must name a year field of the profile,
 * and every function a known one (cel-js would say "no matching overload" for a misspelt one).
 */
function checkProfileFields(node: ASTNode, enterprise: boolean): string | undefined {
  let problem: string | undefined;
  const visit = (n: ASTNode): void => {
    if (problem) return;
    if (n.op === 'call') {
      const [name, args] = n.args;
      if (!ruleFunctionNames.has(name) && !['string', 'int', 'size'].includes(name)) {
        problem = `unknown function: ${name}()`;
        return;
      }
      if (name === 'fin' && enterprise) {
        const field = args[1];
        if (field?.op === 'value' && typeof field.args === 'string' && !yearFields.includes(field.args)) {
          problem = `unknown profile field: years.<year>.${field.args} (known: ${yearFields.join(', ')})`;
          return;
        }
      }
    }
    const args: unknown = n.args;
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object' && 'op' in value) visit(value as ASTNode);
    };
    walk(args);
  };
  visit(node);
  return problem;
}

/**
 * The parameters in force on `date`: for each name, the entry whose [from, to] holds the date;
 * when none does (a policy that takes effect later in the calculation year), the latest entry in
 * force on some day of that year. A name with no entry in force in the year is left out (a rule
 * reading it fails with "no parameter in force").
 */
export function parametersInForce(incentive: Incentive, date: string): Record<string, ParamValue> {
  const result: Record<string, ParamValue> = {};
  for (const entry of parameterEntriesInForce(incentive, date)) result[entry.name] = paramValue(entry.value);
  return result;
}

/** The parameter entries (value, clause, interpretation) in force on `date`, one per name, by the rule of parametersInForce. */
export function parameterEntriesInForce(incentive: Incentive, date: string): Incentive['parameters'] {
  const year = date.slice(0, 4);
  const result: Incentive['parameters'] = [];
  const names = [...new Set(incentive.parameters.map((p) => p.name))];
  for (const name of names) {
    const entries = incentive.parameters.filter((p) => p.name === name);
    const onDate = entries.find((p) => (!p.from || p.from <= date) && (!p.to || p.to >= date));
    const inYear = onDate ?? entries
      .filter((p) => (!p.from || p.from <= `${year}-12-31`) && (!p.to || p.to >= `${year}-01-01`))
      .sort((a, b) => (b.from ?? '').localeCompare(a.from ?? ''))[0];
    if (inYear) result.push(inYear);
  }
  return result;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() ?? message;
}

export type { Environment };
