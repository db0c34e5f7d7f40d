import type { Decimal } from 'decimal.js';
import type { AreaTree } from '../areas/index.ts';
import type { Indicator } from '../policy/index.ts';
import { compileExactFormula, type ExactFormula } from './exact-formula.ts';
import { exact, sumOf, toMeasurement, type DecimalInput } from './exact-number.ts';

export type Qualifier = 'exact' | 'lower_bound' | 'upper_bound';

/** A value as stored (approved, in the canonical unit). */
export interface StoredValue {
  indicator: string;
  org: string;
  period: string;
  /** The decimal as stored (`numeric` arrives as a string), or a count or amount computed elsewhere. */
  value: DecimalInput;
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
  /** The exact sum, as the database's `numeric` gives it (a decimal string). */
  sum: string;
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

/** A resolved value as it leaves the calculator: measurements as numbers, converted once from the exact decimals. */
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

/** The same, exact: what the calculator works with. */
interface Resolution {
  indicator: string;
  org: string;
  period: string;
  value: Decimal | null;
  kind: ValueKind | null;
  qualifier: Qualifier;
  source: string | null;
  published?: Decimal;
  computed?: Decimal;
  coverage?: { with_value: number; total: number; missing: string[] };
  inputs?: { indicator: string; value: Decimal | null; kind: ValueKind | null }[];
}

interface ExactStoredValue {
  indicator: string;
  org: string;
  period: string;
  value: Decimal;
  qualifier: Qualifier;
  source: string | null;
}

/**
 * Resolves indicator values at any level of the area tree, following DESIGN §3: up the tree
 * components are summed first and formulas applied after — a ratio of sums, never an average of
 * ratios. A stored (published) value of an area wins over what its children add up to, and both
 * are shown. A sum is made only when every child area has a value: a partial sum would pass for a
 * total, so it is reported as missing with its coverage instead.
 *
 * All arithmetic is decimal (src/indicators/exact-number.ts); numbers appear only in the answers.
 */
export class IndicatorCalculator {
  private readonly definitions = new Map<string, Indicator>();
  private readonly formulas = new Map<string, ExactFormula>();
  private readonly stored = new Map<string, ExactStoredValue>();
  private readonly memo = new Map<string, Resolution>();
  private readonly periodsByIndicator = new Map<string, Set<string>>();
  private readonly leafSums = new Map<string, LeafSum & { exactSum: Decimal }>();
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
      this.leafSums.set(key(sum.indicator, sum.parent, sum.period), { ...sum, exactSum: exact(sum.sum) });
      this.addPeriod(sum.indicator, sum.period);
    }
    for (const indicator of indicators) {
      this.definitions.set(indicator.code, indicator);
      if (indicator.formula) this.formulas.set(indicator.code, compileExactFormula(indicator.formula));
    }
    for (const value of values) {
      this.stored.set(key(value.indicator, value.org, value.period), { ...value, value: exact(value.value) });
      this.addPeriod(value.indicator, value.period);
    }
  }

  private addPeriod(indicator: string, period: string): void {
    const periods = this.periodsByIndicator.get(indicator) ?? new Set<string>();
    periods.add(period);
    this.periodsByIndicator.set(indicator, periods);
  }

  valueAt(indicator: string, org: string, period: string): ResolvedValue {
    return present(this.resolutionAt(indicator, org, period));
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
      .map((period) => this.resolutionAt(indicator, org, period))
      .filter((resolution) => resolution.value !== null)
      .map(present);
  }

  private resolutionAt(indicator: string, org: string, period: string): Resolution {
    const memoKey = key(indicator, org, period);
    const cached = this.memo.get(memoKey);
    if (cached) return cached;
    const result = this.resolve(indicator, org, period);
    this.memo.set(memoKey, result);
    return result;
  }

  private resolve(indicator: string, org: string, period: string): Resolution {
    const definition = this.definitions.get(indicator);
    const stored = this.stored.get(key(indicator, org, period));
    const empty: Resolution = { indicator, org, period, value: null, kind: null, qualifier: 'exact', source: null };
    if (!definition) return stored ? fromStored(stored) : empty;

    const formula = this.formulas.get(indicator);
    if (formula) {
      const inputs = formula.inputs.map((input) => this.resolutionAt(input, org, period));
      const computed = formula.evaluate(Object.fromEntries(inputs.map((input) => [input.indicator, input.value ?? undefined])));
      const inputTrace = inputs.map((input) => ({ indicator: input.indicator, value: input.value, kind: input.kind }));
      if (stored) return { ...fromStored(stored), published: stored.value, ...(computed === null ? {} : { computed }), inputs: inputTrace };
      if (computed === null) return { ...empty, inputs: inputTrace };
      // Whether a bound on an input bounds the ratio depends on where it sits in the formula; the
      // inputs (with their qualifiers) travel with the value instead.
      return { ...empty, value: computed, kind: 'computed', computed, inputs: inputTrace };
    }

    const rolledUp = definition.aggregation === 'sum' || definition.aggregation === 'last' ? this.sumOfChildren(indicator, org, period) : undefined;
    const coverage = rolledUp?.coverage ? { coverage: rolledUp.coverage } : {};
    if (stored) return { ...fromStored(stored), ...coverage, ...(rolledUp?.value ? { computed: rolledUp.value } : {}) };
    if (!rolledUp?.value) return { ...empty, ...coverage };
    return { ...empty, value: rolledUp.value, kind: 'rolled_up', qualifier: rolledUp.qualifier, computed: rolledUp.value, ...coverage };
  }

  private sumOfChildren(indicator: string, org: string, period: string): { value: Decimal | null; qualifier: Qualifier; coverage?: Resolution['coverage'] } | undefined {
    const children = this.tree.childrenOf(org);
    if (children.length === 0) return undefined;
    if (this.summedParents.has(org)) {
      const sum = this.leafSums.get(key(indicator, org, period));
      const count = sum?.count ?? 0;
      // Which children lack a value is not known from a sum; the count is.
      const coverage = { with_value: count, total: children.length, missing: [] };
      if (!sum || count === 0) return { value: null, qualifier: 'exact' };
      if (count < children.length) return { value: null, qualifier: 'exact', coverage };
      return { value: sum.exactSum, qualifier: sum.lowerBound ? 'lower_bound' : 'exact', coverage };
    }
    const values = children.map((child) => this.resolutionAt(indicator, child.code, period));
    const missing = values.filter((value) => value.value === null).map((value) => value.org);
    const coverage = { with_value: values.length - missing.length, total: values.length, missing };
    if (coverage.with_value === 0) return { value: null, qualifier: 'exact' };
    if (missing.length > 0) return { value: null, qualifier: 'exact', coverage };
    // A sum with one lower bound in it is itself a lower bound.
    const qualifier: Qualifier = values.some((value) => value.qualifier === 'lower_bound') ? 'lower_bound' : 'exact';
    return { value: sumOf(values.flatMap((value) => (value.value === null ? [] : [value.value]))), qualifier, coverage };
  }
}

function key(indicator: string, org: string, period: string): string {
  return `${indicator}|${org}|${period}`;
}

function fromStored(stored: ExactStoredValue): Resolution {
  return { indicator: stored.indicator, org: stored.org, period: stored.period, value: stored.value, kind: 'published', qualifier: stored.qualifier, source: stored.source };
}

/** The exact resolution as numbers: each converted once; the difference taken before converting. */
function present(resolution: Resolution): ResolvedValue {
  const { published, computed, inputs, value, ...rest } = resolution;
  const difference = resolution.kind === 'published' && computed !== undefined && value !== null ? value.minus(computed) : undefined;
  return {
    ...rest,
    value: value === null ? null : toMeasurement(value),
    ...(published === undefined ? {} : { published: toMeasurement(published) }),
    ...(computed === undefined ? {} : { computed: toMeasurement(computed) }),
    ...(difference === undefined ? {} : { difference: toMeasurement(difference) }),
    ...(inputs === undefined ? {} : { inputs: inputs.map((input) => ({ indicator: input.indicator, value: input.value === null ? null : toMeasurement(input.value), kind: input.kind })) }),
  };
}
