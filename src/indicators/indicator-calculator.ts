import type { AreaTree } from '../areas/area-tree.ts';
import { compileFormula, type CompiledFormula } from '../policy/formula.ts';
import type { Indicator } from '../policy/pack-schema.ts';

export type Qualifier = 'exact' | 'lower_bound' | 'upper_bound';

/** A value as stored (approved, in the canonical unit). */
export interface StoredValue {
  indicator: string;
  org: string;
  period: string;
  value: number;
  qualifier: Qualifier;
  source: string | null;
}

/**
 * The sum over an area's child areas when they are all leaves, computed by the database
 * (`group by parent`) instead of sending every leaf value to the application.
 */
export interface LeafSum {
  indicator: string;
  parent: string;
  period: string;
  sum: number;
  /** How many child areas have a value. */
  count: number;
  lowerBound: boolean;
}

/**
 * published: stored for this area (a derived indicator's published ratio included);
 * computed: a derived indicator's formula over its components;
 * rolled_up: the sum of the child areas' values.
 */
export type ValueKind = 'published' | 'computed' | 'rolled_up';

export interface ResolvedValue {
  indicator: string;
  org: string;
  period: string;
  value: number | null;
  kind: ValueKind | null;
  qualifier: Qualifier;
  source: string | null;
  /** For derived indicators: the published and the computed value side by side. */
  published?: number;
  computed?: number;
  /** published − computed, when both exist. */
  difference?: number;
  /** For sums up the tree: how many child areas have a value, of how many. */
  coverage?: { with_value: number; total: number; missing: string[] };
  /** The components a computed value was made from. */
  inputs?: { indicator: string; value: number | null; kind: ValueKind | null }[];
}

/**
 * Resolves indicator values at any level of the area tree, following DESIGN §3: up the tree
 * components are summed first and formulas applied after — a ratio of sums, never an average of
 * ratios. A stored (published) value of an area wins over what its children add up to, and both
 * are shown. A sum is made only when every child area has a value: a partial sum would pass for a
 * total, so it is reported as missing with its coverage instead.
 */
export class IndicatorCalculator {
  private readonly definitions = new Map<string, Indicator>();
  private readonly formulas = new Map<string, CompiledFormula>();
  private readonly stored = new Map<string, StoredValue>();
  private readonly memo = new Map<string, ResolvedValue>();
  private readonly periodsByIndicator = new Map<string, Set<string>>();
  private readonly leafSums = new Map<string, LeafSum>();
  /** Parents whose leaf children's values arrive as sums, not one by one. */
  private readonly summedParents = new Set<string>();

  constructor(
    indicators: readonly Indicator[],
    private readonly tree: AreaTree,
    values: Iterable<StoredValue>,
    leafSums: { parents: Iterable<string>; sums: Iterable<LeafSum> } = { parents: [], sums: [] },
  ) {
    for (const parent of leafSums.parents) this.summedParents.add(parent);
    for (const sum of leafSums.sums) {
      this.leafSums.set(key(sum.indicator, sum.parent, sum.period), sum);
      this.addPeriod(sum.indicator, sum.period);
    }
    for (const indicator of indicators) {
      this.definitions.set(indicator.code, indicator);
      if (indicator.formula) this.formulas.set(indicator.code, compileFormula(indicator.formula));
    }
    for (const value of values) {
      this.stored.set(key(value.indicator, value.org, value.period), value);
      this.addPeriod(value.indicator, value.period);
    }
  }

  private addPeriod(indicator: string, period: string): void {
    const periods = this.periodsByIndicator.get(indicator) ?? new Set<string>();
    periods.add(period);
    this.periodsByIndicator.set(indicator, periods);
  }

  valueAt(indicator: string, org: string, period: string): ResolvedValue {
    const memoKey = key(indicator, org, period);
    const cached = this.memo.get(memoKey);
    if (cached) return cached;
    const result = this.resolve(indicator, org, period);
    this.memo.set(memoKey, result);
    return result;
  }

  /** Every period in which the indicator can have a value anywhere (its own or its inputs'). */
  periodsOf(indicator: string): string[] {
    const periods = new Set(this.periodsByIndicator.get(indicator) ?? []);
    for (const input of this.formulas.get(indicator)?.inputs ?? []) for (const period of this.periodsOf(input)) periods.add(period);
    return [...periods].sort();
  }

  /** The indicator's values for an area, oldest first, periods without a value left out. */
  series(indicator: string, org: string): ResolvedValue[] {
    return this.periodsOf(indicator)
      .map((period) => this.valueAt(indicator, org, period))
      .filter((value) => value.value !== null);
  }

  private resolve(indicator: string, org: string, period: string): ResolvedValue {
    const definition = this.definitions.get(indicator);
    const stored = this.stored.get(key(indicator, org, period));
    const empty: ResolvedValue = { indicator, org, period, value: null, kind: null, qualifier: 'exact', source: null };
    if (!definition) return stored ? fromStored(stored) : empty;

    const formula = this.formulas.get(indicator);
    if (formula) {
      const inputs = formula.inputs.map((input) => this.valueAt(input, org, period));
      const values = Object.fromEntries(inputs.map((input) => [input.indicator, input.value ?? undefined]));
      const computed = formula.evaluate(values);
      const inputTrace = inputs.map((input) => ({ indicator: input.indicator, value: input.value, kind: input.kind }));
      if (stored) {
        return {
          ...fromStored(stored),
          published: stored.value,
          ...(computed === null ? {} : { computed, difference: stored.value - computed }),
          inputs: inputTrace,
        };
      }
      if (computed === null) return { ...empty, inputs: inputTrace };
      // Whether a bound on an input bounds the ratio depends on where it sits in the formula; the
      // inputs (with their qualifiers) travel with the value instead.
      return { ...empty, value: computed, kind: 'computed', computed, inputs: inputTrace };
    }

    const rolledUp = definition.aggregation === 'sum' || definition.aggregation === 'last' ? this.sumOfChildren(indicator, org, period) : undefined;
    if (stored) return { ...fromStored(stored), ...(rolledUp?.coverage ? { coverage: rolledUp.coverage } : {}), ...(rolledUp?.value === null || rolledUp === undefined ? {} : { computed: rolledUp.value, difference: stored.value - (rolledUp.value ?? 0) }) };
    if (!rolledUp || rolledUp.value === null) return { ...empty, ...(rolledUp?.coverage ? { coverage: rolledUp.coverage } : {}) };
    return { ...empty, value: rolledUp.value, kind: 'rolled_up', qualifier: rolledUp.qualifier, computed: rolledUp.value, coverage: rolledUp.coverage };
  }

  private sumOfChildren(indicator: string, org: string, period: string): { value: number | null; qualifier: Qualifier; coverage?: ResolvedValue['coverage'] } | undefined {
    const children = this.tree.childrenOf(org);
    if (children.length === 0) return undefined;
    if (this.summedParents.has(org)) {
      const sum = this.leafSums.get(key(indicator, org, period));
      const count = sum?.count ?? 0;
      // Which children lack a value is not known from a sum; the count is.
      const coverage = { with_value: count, total: children.length, missing: [] };
      if (!sum || count === 0) return { value: null, qualifier: 'exact' };
      if (count < children.length) return { value: null, qualifier: 'exact', coverage };
      return { value: Number(sum.sum.toPrecision(15)), qualifier: sum.lowerBound ? 'lower_bound' : 'exact', coverage };
    }
    const values = children.map((child) => this.valueAt(indicator, child.code, period));
    const missing = values.filter((value) => value.value === null).map((value) => value.org);
    const coverage = { with_value: values.length - missing.length, total: values.length, missing };
    if (coverage.with_value === 0) return { value: null, qualifier: 'exact' };
    if (missing.length > 0) return { value: null, qualifier: 'exact', coverage };
    // A sum with one lower bound in it is itself a lower bound.
    const qualifier: Qualifier = values.some((value) => value.qualifier === 'lower_bound') ? 'lower_bound' : 'exact';
    return { value: Number(values.reduce((sum, value) => sum + (value.value ?? 0), 0).toPrecision(15)), qualifier, coverage };
  }
}

function key(indicator: string, org: string, period: string): string {
  return `${indicator}|${org}|${period}`;
}

function fromStored(stored: StoredValue): ResolvedValue {
  return { indicator: stored.indicator, org: stored.org, period: stored.period, value: stored.value, kind: 'published', qualifier: stored.qualifier, source: stored.source };
}
