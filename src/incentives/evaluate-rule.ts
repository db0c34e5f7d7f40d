import type { ASTNode } from '@marcbachmann/cel-js';
import { parameterEntriesInForce, parametersInForce, type CompiledRule, type CompiledStep } from './compile-rule.ts';
import type { Incentive } from '../policy/index.ts';
import type { ParamValue } from './cel-environment.ts';
import { compileExpression, LetFailure, RuleEvaluationError, Unknown, type Compiled, type RuleProfile, type Scope, type Value } from './compile-expression.ts';
import * as X from './exact.ts';
import { generateRule, prepareFigures, yearPrefix } from './generate-rule.ts';
import type { Advice, Benefit, ParameterInForce, TraceStep } from './incentives-contract.ts';
import { yearCountFields } from './profile-schema.ts';

export interface PackRef {
  id: string;
  clauseLabel(clause: number): string;
}

export type Status = 'eligible' | 'ineligible' | 'needs_info';

/** The numbers of one benefit, without words: what screening and the bench need. */
export interface RuleOutcome {
  status: Status;
  /** After the cap, rounded to 0.01 yuan; null when not computed (ineligible, needs_info, only a cap). */
  amount: X.Num | null;
  cap: X.Num | null;
  score: X.Num | null;
  outputs: Record<string, X.Num | null>;
  missing: string[];
  error?: string;
}

interface Explained extends RuleOutcome {
  trace: TraceStep[];
  advice: Advice[];
  assumed: string[];
}

const missingOrder = (paths: Iterable<string>) => [...new Set(paths)].sort();

function paramsFor(compiled: CompiledRule, date: string) {
  let params = compiled.paramsByDate.get(date);
  if (!params) {
    params = parametersInForce(compiled.incentive, date);
    compiled.paramsByDate.set(date, params);
  }
  return params;
}

/** The trigger: the event in the calculation year, a certification starting in it, or every year. */
function triggerHolds(compiled: CompiledRule, profile: RuleProfile, year: number): boolean | Unknown {
  const trigger = compiled.rule.trigger;
  if (trigger.yearly) return true;
  if (trigger.event) {
    if (!profile.events) return new Unknown(['events']);
    const type = trigger.event;
    for (const e of profile.events) if (e.type === type && e.year === year) return true;
    return false;
  }
  if (!profile.certifications) return new Unknown(['certifications']);
  const type = trigger.certification;
  const prefix = yearPrefix(year);
  for (const c of profile.certifications) if (c.type === type && c.from.startsWith(prefix)) return true;
  return false;
}

function run(compiled: CompiledRule, profile: RuleProfile, year: number, date: string, explain: boolean): Explained {
  const scope: Scope = { year, params: paramsFor(compiled, date), profile, slots: [], assumed: [] };
  const trace: TraceStep[] = [];
  const advice: Advice[] = [];
  const clauseOf = (step?: CompiledStep) => step?.clause ?? compiled.incentive.clause;
  const result = (status: Status, missing: string[], extra: Partial<Explained> = {}): Explained => ({
    status,
    amount: null,
    cap: null,
    score: null,
    outputs: {},
    missing,
    trace,
    advice,
    assumed: scope.assumed,
    ...extra,
  });
  try {
    const trigger = triggerHolds(compiled, profile, year);
    if (explain) trace.push({ step: 'trigger', label: triggerLabel(compiled, year), value: show(trigger), clause: compiled.incentive.clause, outcome: outcomeOf(trigger) });
    if (trigger === false) return withCap(compiled, scope, result('ineligible', []));
    for (const item of compiled.lets) {
      // A failing let fails only what reads it (a false condition elsewhere still decides).
      let value: Value | LetFailure;
      try {
        value = item.fn(scope);
      } catch (error) {
        if (!(error instanceof RuleEvaluationError)) throw error;
        value = new LetFailure(error.message);
      }
      scope.slots.push(value);
      if (explain) trace.push({ step: item.name, label: item.label, value: value instanceof LetFailure ? `错误：${value.message}` : show(value), clause: clauseOf(item), expr: item.source });
    }
    let anyFalse = false;
    let conditionError: string | undefined;
    const unknownPaths: string[] = [];
    for (const condition of compiled.conditions) {
      let value: Value;
      try {
        value = condition.fn(scope);
      } catch (error) {
        if (!(error instanceof RuleEvaluationError)) throw error;
        if (!condition.assumption) conditionError ??= error.message;
        if (explain) trace.push({ step: condition.name, label: condition.label, value: `错误：${error.message}`, clause: clauseOf(condition), outcome: condition.assumption ? 'assumption' : 'unknown', expr: condition.source });
        continue;
      }
      if (condition.assumption) {
        if (explain) trace.push({ step: condition.name, label: condition.label, value: show(value), clause: clauseOf(condition), outcome: 'assumption', expr: condition.source });
        continue;
      }
      if (value === false) {
        anyFalse = true;
        if (explain) {
          const near = adviceFor(condition, scope, compiled.lets.map((item) => item.name));
          if (near) advice.push(near);
        }
      } else if (value instanceof Unknown) unknownPaths.push(...value.paths);
      else if (value !== true) conditionError ??= `${condition.name}: not true or false`;
      if (explain) trace.push({ step: condition.name, label: condition.label, value: show(value), clause: clauseOf(condition), outcome: outcomeOf(value), expr: condition.source });
    }
    if (trigger instanceof Unknown) unknownPaths.push(...trigger.paths);
    const score = compiled.score ? compiled.score.fn(scope) : null;
    if (explain && compiled.score) trace.push({ step: 'score', label: '得分', value: show(score), clause: compiled.incentive.clause, expr: compiled.score.source });
    const scoreNum = score !== null && X.isNum(score) ? score : null;
    if (anyFalse) return withCap(compiled, scope, result('ineligible', [], { score: scoreNum }));
    if (conditionError !== undefined) return withCap(compiled, scope, result('needs_info', [], { score: scoreNum, error: conditionError }));
    if (unknownPaths.length > 0) return withCap(compiled, scope, result('needs_info', missingOrder(unknownPaths), { score: scoreNum }));
    const out = withCap(compiled, scope, result('eligible', [], { score: scoreNum }));
    if (compiled.amount) {
      const raw = compiled.amount.fn(scope);
      if (explain) trace.push({ step: 'amount', label: '计算金额', value: show(raw), clause: compiled.incentive.clause, expr: compiled.amount.source });
      if (raw instanceof Unknown) return { ...out, status: 'needs_info', missing: missingOrder(raw.paths) };
      let amount = num(raw);
      if (out.cap !== null && X.cmp(amount, out.cap) > 0) {
        amount = out.cap;
        if (explain) trace.push({ step: 'amount_after_cap', label: '按上限计', value: show(amount), clause: compiled.incentive.clause });
      }
      out.amount = X.round2(amount);
      scope.slots[compiled.amountSlot] = amount;
      const missing: string[] = [];
      for (const output of compiled.outputs) {
        const value = output.fn(scope);
        if (explain) trace.push({ step: output.name, label: output.label, value: show(value), clause: compiled.incentive.clause, expr: output.source });
        if (value instanceof Unknown) {
          missing.push(...value.paths);
          out.outputs[output.name] = null;
        } else out.outputs[output.name] = X.round2(num(value));
      }
      if (missing.length > 0) return { ...out, status: 'needs_info', missing: missingOrder(missing) };
    }
    return out;
  } catch (error) {
    if (!(error instanceof RuleEvaluationError)) throw error;
    return result('needs_info', [], { error: error.message });
  }
}

function withCap(compiled: CompiledRule, scope: Scope, outcome: Explained): Explained {
  if (!compiled.cap) return outcome;
  const cap = compiled.cap.fn(scope);
  if (outcome.trace.length > 0) outcome.trace.push({ step: 'cap', label: '上限', value: show(cap), clause: compiled.cap.clause ?? compiled.incentive.clause, expr: compiled.cap.source });
  return { ...outcome, cap: X.isNum(cap) ? X.round2(cap) : null };
}

function num(value: Value): X.Num {
  if (X.isNum(value)) return value;
  throw new RuleEvaluationError(`expected a number, got ${show(value)}`);
}

function outcomeOf(value: Value): TraceStep['outcome'] {
  if (value === true) return 'met';
  if (value === false) return 'not_met';
  return 'unknown';
}

function triggerLabel(compiled: CompiledRule, year: number): string {
  const t = compiled.rule.trigger;
  if (t.event) return `触发条件：${year}年发生事件 ${t.event}`;
  if (t.certification) return `触发条件：${year}年取得认定 ${t.certification}`;
  return '触发条件：每年申报';
}

/** A value in words: exact numbers, 是/否, or what is missing. */
export function show(value: Value | null): string {
  if (value === null) return '—';
  if (value === true) return '是';
  if (value === false) return '否';
  if (value instanceof Unknown) return `未知（缺少 ${value.paths.join('、')}）`;
  if (X.isNum(value)) {
    const text = X.toText(value);
    return text.includes('/') ? `≈${X.toText(X.roundTo(value, 6))}` : text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => show(v)).join(', ')}]`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const fieldNames: Record<string, [string, string]> = {
  revenue: ['销售收入', '元'],
  rd_expense: ['研发费用', '元'],
  rd_expense_in_china: ['境内研发费用', '元'],
  rd_expense_deduction: ['加计扣除口径研发费用', '元'],
  high_tech_revenue: ['高新技术产品（服务）收入', '元'],
  total_assets: ['资产总额', '元'],
  total_liabilities: ['负债总额', '元'],
  net_assets: ['净资产', '元'],
  costs: ['成本费用支出总额', '元'],
  staff: ['职工总数', '人'],
  tech_staff: ['科技人员', '人'],
  ip_class1: ['I类知识产权', '件'],
  ip_class2: ['II类知识产权', '件'],
};

interface Lever {
  field?: string;
  label: string;
  lever: Compiled;
  coefficient?: Compiled;
}

/** The lever of a linear side: fin(...) or a let name, alone or times a factor. */
function leverOf(node: ASTNode, rulesLets: ReadonlyMap<string, number>): Lever | undefined {
  const names = { slots: rulesLets };
  const plain = (n: ASTNode): Lever | undefined => {
    if (n.op === 'call' && n.args[0] === 'fin') {
      const fieldNode = n.args[1][1];
      const field = fieldNode?.op === 'value' && typeof fieldNode.args === 'string' ? fieldNode.args : undefined;
      return { field, label: field ? (fieldNames[field]?.[0] ?? field) : '数值', lever: compileExpression(n, names) };
    }
    if (n.op === 'id' && rulesLets.has(n.args)) return { label: n.args, lever: compileExpression(n, names) };
    return undefined;
  };
  const direct = plain(node);
  if (direct) return direct;
  if (node.op === '*') {
    const [a, b] = node.args;
    const left = plain(a);
    if (left) return { ...left, coefficient: compileExpression(b, names) };
    const right = plain(b);
    if (right) return { ...right, coefficient: compileExpression(a, names) };
  }
  return undefined;
}

/**
 * Near-miss advice for a linear condition `lever × k ≥ r` (or >, ≤, <): the smallest change of
 * the lever that meets it — a whole count for people and patents, 0.01 yuan for money.
 */
function adviceFor(condition: CompiledStep, scope: Scope, letNames: readonly string[]): Advice | undefined {
  const node = condition.ast;
  if (!['>=', '>', '<=', '<'].includes(node.op)) return undefined;
  const [leftNode, rightNode] = node.args as [ASTNode, ASTNode];
  const slots = new Map<string, number>();
  letNames.forEach((name, i) => slots.set(name, i));
  let lever: Lever | undefined;
  let other: Compiled;
  try {
    lever = leverOf(leftNode, slots);
    other = compileExpression(rightNode, { slots });
  } catch {
    return undefined;
  }
  if (!lever) return undefined;
  const current = lever.lever(scope);
  const k = lever.coefficient ? lever.coefficient(scope) : 1;
  const r = other(scope);
  if (!X.isNum(current) || !X.isNum(k) || !X.isNum(r) || X.isZero(k)) return undefined;
  const exactRequired = X.div(r, k);
  if (exactRequired === undefined) return undefined;
  const count = lever.field !== undefined && (yearCountFields as readonly string[]).includes(lever.field);
  const unit = lever.field ? (fieldNames[lever.field]?.[1] ?? '') : '';
  const up = node.op === '>=' || node.op === '>';
  const strict = node.op === '>' || node.op === '<';
  const grid = (x: X.Num) => (count ? x : X.mul(x, 100));
  const fromGrid = (x: X.Num) => (count ? x : X.div(x, 100) ?? x);
  let required: X.Num;
  if (up) {
    const g = X.ceil(grid(exactRequired));
    required = fromGrid(strict && X.cmp(grid(exactRequired), g) === 0 ? X.add(g, 1) : g);
  } else {
    const g = X.floor(grid(exactRequired));
    required = fromGrid(strict && X.cmp(grid(exactRequired), g) === 0 ? X.sub(g, 1) : g);
  }
  const gap = up ? X.sub(required, current) : X.sub(current, required);
  if (X.cmp(gap, 0) <= 0) return undefined;
  const gapText = X.toText(gap);
  const wan = unit === '元' ? `（${X.toText(X.roundTo(X.div(gap, 10000) ?? 0, 2))} 万元）` : '';
  const template = condition.advice;
  const text = template
    ? template.replaceAll('{current}', X.toText(current)).replaceAll('{required}', X.toText(required)).replaceAll('{gap}', gapText).replaceAll('{gap_wan}', X.toText(X.roundTo(X.div(gap, 10000) ?? 0, 2)))
    : `${condition.label}：${lever.label}现为 ${X.toText(current)}${unit}，需${up ? '至少' : '至多'} ${X.toText(required)}${unit}，${up ? '还差' : '需减少'} ${gapText}${unit}${wan}`;
  return { condition: condition.name, label: condition.label, current: X.toText(current), required: X.toText(required), gap: gapText, text };
}

/**
 * Evaluates one rule for one profile, without words (screening, the bench): the same semantics as
 * `evaluateRule` (a test checks they agree), on a lean path that builds no trace: the rule's code
 * generated once (generate-rule.ts), its year-and-parameter invariants computed once per year.
 */
export function evaluateRuleOutcome(compiled: CompiledRule, profile: RuleProfile, year: number, date?: string, figures = prepareFigures(profile, year), override?: RuleParameterOverride): RuleOutcome {
  const generated = (compiled.generated ??= generateRule(compiled, num));
  // An override has a cache entry of its own (its stable JSON in the key): the default entry of
  // the year is never replaced, so a later evaluation without it gives the pack's parameters.
  const plainKey = date === undefined ? year : `${year}:${date}`;
  const key = override === undefined ? plainKey : `${plainKey}|${override.key}`;
  let inputs = compiled.lastLeanKey === key ? compiled.lastLeanInputs : compiled.leanInputs.get(key);
  if (!inputs) {
    const inForce = paramsFor(compiled, date ?? `${year}-01-01`);
    const params = override === undefined ? inForce : { ...inForce, ...override.values };
    inputs = { params, invariants: generated.prelude(year, params) };
    if (override !== undefined && compiled.leanInputs.size >= OVERRIDE_ENTRIES_LIMIT) dropOverrideEntries(compiled);
    compiled.leanInputs.set(key, inputs);
  }
  compiled.lastLeanKey = key;
  compiled.lastLeanInputs = inputs;
  return generated.outcome(profile, year, inputs.params, inputs.invariants, figures);
}

/** The parameters in force on `date` as the results show them: value as written, clause, interpretation. */
export function presentParameters(incentive: Incentive, pack: PackRef, date: string): ParameterInForce[] {
  return parameterEntriesInForce(incentive, date).map((entry) => {
    const clause = entry.clause ?? incentive.clause;
    return {
      name: entry.name,
      label: entry.label,
      value_text: String(entry.value),
      unit: entry.unit,
      clause,
      clause_label: pack.clauseLabel(clause),
      from: entry.from ?? null,
      to: entry.to ?? null,
      interpretation: entry.interpretation ?? null,
      interpretation_zh: entry.interpretation_zh ?? null,
    };
  });
}

/**
 * Parameters that replace those in force for one rule's evaluation (a fiscal what-if), already
 * checked (parameter-overrides.ts): `key` is their stable JSON, the cache key of their inputs.
 */
export interface RuleParameterOverride {
  key: string;
  values: Readonly<Record<string, ParamValue>>;
}

/** How many override entries a rule keeps cached (what-ifs are few; the default entries stay). */
const OVERRIDE_ENTRIES_LIMIT = 64;

function dropOverrideEntries(compiled: CompiledRule): void {
  for (const key of [...compiled.leanInputs.keys()]) if (typeof key === 'string' && key.includes('|')) compiled.leanInputs.delete(key);
  compiled.lastLeanKey = undefined;
  compiled.lastLeanInputs = undefined;
}

/** Evaluates one rule for one profile with its trace and near-miss advice (calc, the API). */
export function evaluateRule(compiled: CompiledRule, pack: PackRef, profile: RuleProfile, year: number, date = `${year}-01-01`): Benefit {
  const explained = runExplained(compiled, profile, year, date);
  const incentive = compiled.incentive;
  const money = (x: X.Num | null) => (x === null ? null : X.toJsonNumber(x));
  const text = (x: X.Num | null) => (x === null ? null : X.toFixedText(x, 2));
  const taxSaving = explained.outputs.tax_saving;
  const benefit: Benefit = {
    incentive: incentive.id,
    pack: pack.id,
    title: incentive.title,
    clause: incentive.clause,
    clause_label: pack.clauseLabel(incentive.clause),
    beneficiary: incentive.beneficiary,
    status: explained.status,
    amount: money(explained.amount),
    amount_text: text(explained.amount),
    cap: money(explained.cap),
    cap_text: text(explained.cap),
    missing: explained.missing,
    trace: explained.trace,
    advice: explained.status === 'ineligible' ? explained.advice : [],
    assumptions: explained.assumed.map((flag) => `flags.${flag}：未声明，按否计`),
    interpretation: incentive.interpretation ?? null,
    interpretation_zh: incentive.interpretation_zh ?? null,
    parameters: presentParameters(incentive, pack, date),
  };
  if (compiled.score) {
    benefit.score = explained.score === null ? null : X.toJsonNumber(explained.score);
    benefit.score_text = explained.score === null ? null : X.toText(explained.score);
  }
  if (taxSaving !== undefined || compiled.outputs.some((o) => o.name === 'tax_saving')) {
    benefit.tax_saving = money(taxSaving ?? null);
    benefit.tax_saving_text = text(taxSaving ?? null);
  }
  if (explained.error) benefit.error = explained.error;
  return benefit;
}

function runExplained(compiled: CompiledRule, profile: RuleProfile, year: number, date: string): Explained {
  return run(compiled, profile, year, date, true);
}
