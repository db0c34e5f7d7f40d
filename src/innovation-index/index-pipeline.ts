import { AppError, mulberry32 } from '../shared/index.ts';
import type {
  AggregateMethod,
  ImputeMethod,
  IndexGroupSpec,
  IndexNodeInfo,
  IndexNodeSpec,
  IndexResult,
  IndexScore,
  IndexSpec,
  IndexStage,
  IndexTable,
  IndexUnit,
  NormaliseSpec,
  OutlierSpec,
  OutlierTreatment,
  SensitivityResult,
  StageChange,
} from './index-model.ts';

/**
 * The pipeline of a composite index (issue 15 §2; docs/innovation-index.md gives every formula).
 * Each step is a pure function over a rows × k matrix (row-major Float64Array, NaN = missing;
 * rows unit-major: row = unit × years + year), returning a new matrix and never changing its input.
 */

/** value ÷ denominator × scale per indicator (missing or zero denominator → missing); `denominators[j]` null leaves column j as it is. */
export function denominate(values: Float64Array, k: number, denominators: readonly (Float64Array | null)[], scales: readonly number[]): Float64Array {
  const out = new Float64Array(values);
  const rows = values.length / k;
  const columns = denominators.flatMap((denominator, j) => (denominator ? [j] : []));
  for (let row = 0; row < rows; row += 1) {
    const base = row * k;
    for (const j of columns) {
      const d = (denominators[j] as Float64Array)[row] as number;
      const cell = base + j;
      out[cell] = d === 0 || d !== d ? Number.NaN : ((values[cell] as number) / d) * (scales[j] ?? 1);
    }
  }
  return out;
}

/**
 * Fills missing cells: `group_mean` with the mean of the same year's units in the same group
 * (a unit without a group, or a group with no value that year, stays missing); `mean` with the
 * mean of every unit's value that year. Each filled cell is recorded.
 */
export function imputeMissing(values: Float64Array, k: number, units: readonly IndexUnit[], yearCount: number, method: ImputeMethod): { values: Float64Array; changes: StageChange[] } {
  const out = new Float64Array(values);
  const changes: StageChange[] = [];
  if (method === 'none') return { values: out, changes };
  const groupOf = new Int32Array(units.length);
  const groupIds = new Map<string, number>();
  units.forEach((unit, index) => {
    const key = method === 'mean' ? '' : unit.group;
    if (key === null) {
      groupOf[index] = -1;
      return;
    }
    let id = groupIds.get(key);
    if (id === undefined) {
      id = groupIds.size;
      groupIds.set(key, id);
    }
    groupOf[index] = id;
  });
  const sums = new Float64Array(groupIds.size * k);
  const counts = new Float64Array(groupIds.size * k);
  const reason = method === 'mean' ? 'imputed_mean' : 'imputed_group_mean';
  for (let y = 0; y < yearCount; y += 1) {
    sums.fill(0);
    counts.fill(0);
    let missing = false;
    for (let u = 0; u < units.length; u += 1) {
      const g = groupOf[u] as number;
      const base = (u * yearCount + y) * k;
      for (let j = 0; j < k; j += 1) {
        const v = values[base + j] as number;
        if (v !== v) missing = true;
        else if (g >= 0) {
          sums[g * k + j] = (sums[g * k + j] as number) + v;
          counts[g * k + j] = (counts[g * k + j] as number) + 1;
        }
      }
    }
    if (!missing) continue;
    for (let u = 0; u < units.length; u += 1) {
      const g = groupOf[u] as number;
      if (g < 0) continue;
      const row = u * yearCount + y;
      const base = row * k;
      for (let j = 0; j < k; j += 1) {
        const v = values[base + j] as number;
        const count = counts[g * k + j] as number;
        if (v === v || count === 0) continue;
        const mean = (sums[g * k + j] as number) / count;
        out[base + j] = mean;
        changes.push({ row, indicator: j, from: null, to: mean, reason });
      }
    }
  }
  return { values: out, changes };
}

/** Sample skewness G1 and excess kurtosis G2 with the small-sample corrections (COINr's skew()/kurt(), from e1071 type 2). */
export function skewKurt(sample: ArrayLike<number>): { skewness: number | null; kurtosis: number | null } {
  const n = sample.length;
  let mean = 0;
  for (let i = 0; i < n; i += 1) mean += sample[i] ?? 0;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i += 1) {
    const d = (sample[i] ?? 0) - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return momentsToSkewKurt(n, m2, m3, m4);
}

function momentsToSkewKurt(n: number, m2: number, m3: number, m4: number): { skewness: number | null; kurtosis: number | null } {
  // m2, m3, m4: sums of the centred powers.
  const skewness = n < 3 || !(m2 > 0) ? null : ((Math.sqrt(n) * m3) / m2 ** 1.5) * (Math.sqrt(n * (n - 1)) / (n - 2));
  const kurtosis = n < 4 || !(m2 > 0) ? null : (((n + 1) * ((n * m4) / (m2 * m2) - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
  return { skewness, kurtosis };
}

function failsCheck(moments: { skewness: number | null; kurtosis: number | null }, spec: OutlierSpec): boolean {
  return moments.skewness !== null && moments.kurtosis !== null && Math.abs(moments.skewness) > spec.skewness && moments.kurtosis > spec.kurtosis;
}

/**
 * Running sums of the centred powers of a sorted sample whose top and bottom are being replaced
 * (winsorised), so that each round costs O(points replaced), not O(n).
 */
class MomentSums {
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private s4 = 0;
  private readonly centre: number;
  constructor(
    private readonly n: number,
    sorted: Float64Array,
  ) {
    let sum = 0;
    for (const value of sorted) sum += value;
    this.centre = sum / n;
    for (const value of sorted) this.add(value, 1);
  }
  add(value: number, times: number): void {
    const y = value - this.centre;
    const y2 = y * y;
    this.s1 += times * y;
    this.s2 += times * y2;
    this.s3 += times * y2 * y;
    this.s4 += times * y2 * y2;
  }
  moments(): { skewness: number | null; kurtosis: number | null } {
    const { n } = this;
    const d = this.s1 / n;
    const m2 = this.s2 - n * d * d;
    const m3 = this.s3 - 3 * d * this.s2 + 2 * n * d * d * d;
    const m4 = this.s4 - 4 * d * this.s3 + 6 * d * d * this.s2 - 3 * n * d * d * d * d;
    return momentsToSkewKurt(n, m2, m3, m4);
  }
}

/**
 * COINr's default outlier treatment, per indicator over each set of rows normalised together:
 * while |G1| > skewness and G2 > kurtosis and fewer than ⌈max_share·N⌉ points have been
 * winsorised, every value equal to the current extreme on the skewed side (the maximum when
 * G1 ≥ 0, else the minimum) takes the next value inside. If the limit is reached and the column
 * still fails, with `log_fallback` the winsorisation is undone and the column log-transformed
 * (COINr's log_CT: log(x − min + 0.01·(max − min)); for negative skew the mirror,
 * −log(max + 0.01·(max − min) − x)).
 */
export function treatOutliers(
  values: Float64Array,
  k: number,
  rowSets: readonly Int32Array[],
  spec: OutlierSpec,
  codes: readonly string[],
  years?: readonly (number | null)[],
): { values: Float64Array; changes: StageChange[]; treatments: OutlierTreatment[] } {
  const out = new Float64Array(values);
  const changes: StageChange[] = [];
  const treatments: OutlierTreatment[] = [];
  rowSets.forEach((rows, setIndex) => {
    const size = rows.length;
    const column = new Float64Array(size);
    const cells = new Float64Array(size);
    // The moments of every indicator in row-major passes (the table's layout), the same
    // arithmetic as skewKurt (sum, then centred powers); only a column that fails is gathered.
    const counts = new Float64Array(k);
    const sums = new Float64Array(k);
    for (let r = 0; r < size; r += 1) {
      const base = (rows[r] as number) * k;
      for (let j = 0; j < k; j += 1) {
        const v = values[base + j] as number;
        if (v !== v) continue;
        counts[j] = (counts[j] as number) + 1;
        sums[j] = (sums[j] as number) + v;
      }
    }
    const means = Float64Array.from(sums, (sum, j) => sum / (counts[j] as number));
    const p2 = new Float64Array(k);
    const p3 = new Float64Array(k);
    const p4 = new Float64Array(k);
    for (let r = 0; r < size; r += 1) {
      const base = (rows[r] as number) * k;
      for (let j = 0; j < k; j += 1) {
        const v = values[base + j] as number;
        if (v !== v) continue;
        const d = v - (means[j] as number);
        const d2 = d * d;
        p2[j] = (p2[j] as number) + d2;
        p3[j] = (p3[j] as number) + d2 * d;
        p4[j] = (p4[j] as number) + d2 * d2;
      }
    }
    for (let j = 0; j < k; j += 1) {
      const before = momentsToSkewKurt(counts[j] as number, p2[j] as number, p3[j] as number, p4[j] as number);
      const treatment: OutlierTreatment = {
        indicator: codes[j] ?? String(j),
        skewness_before: before.skewness,
        kurtosis_before: before.kurtosis,
        winsorised: 0,
        log_transformed: false,
        skewness_after: before.skewness,
        kurtosis_after: before.kurtosis,
      };
      const year = years?.[setIndex];
      if (year !== undefined && year !== null) treatment.year = year;
      if (!failsCheck(before, spec)) {
        treatments.push(treatment);
        continue;
      }
      let n = 0;
      for (let r = 0; r < size; r += 1) {
        const v = values[(rows[r] as number) * k + j] as number;
        cells[r] = v;
        if (v === v) column[n++] = v;
      }
      const sorted = Float64Array.from(column.subarray(0, n)).sort();
      const sums = new MomentSums(n, sorted);
      const limit = Math.ceil(spec.max_share * n);
      let lo = 0; // sorted[0..lo-1] now equal sorted[lo]
      let hi = n - 1; // sorted[hi+1..] now equal sorted[hi]
      let moments = before;
      let winsorised = 0;
      while (failsCheck(moments, spec) && winsorised < limit) {
        if ((moments.skewness ?? 0) >= 0) {
          let p = hi;
          const top = sorted[hi] ?? 0;
          while (p > lo && sorted[p - 1] === top) p -= 1;
          if (p <= lo) break;
          const next = sorted[p - 1] ?? 0;
          sums.add(top, -(n - p));
          sums.add(next, n - p);
          hi = p - 1;
        } else {
          let p = lo;
          const bottom = sorted[lo] ?? 0;
          while (p < hi && sorted[p + 1] === bottom) p += 1;
          if (p >= hi) break;
          const next = sorted[p + 1] ?? 0;
          sums.add(bottom, -(p + 1));
          sums.add(next, p + 1);
          lo = p + 1;
        }
        winsorised = lo + (n - 1 - hi);
        moments = sums.moments();
      }
      const capHigh = sorted[hi] ?? Number.POSITIVE_INFINITY;
      const capLow = sorted[lo] ?? Number.NEGATIVE_INFINITY;
      if (failsCheck(moments, spec) && spec.log_fallback) {
        const min = sorted[0] ?? 0;
        const max = sorted[n - 1] ?? 0;
        const a = 0.01 * (max - min);
        const positive = (before.skewness ?? 0) >= 0;
        let m = 0;
        for (let r = 0; r < size; r += 1) {
          const v = cells[r] as number;
          if (v !== v) continue;
          const row = rows[r] as number;
          const cell = row * k + j;
          const to = positive ? Math.log(v - min + a) : -Math.log(max + a - v);
          out[cell] = to;
          column[m++] = to;
          changes.push({ row, indicator: j, from: v, to, reason: 'log_transformed' });
        }
        const after = skewKurt(column.subarray(0, m));
        treatment.log_transformed = true;
        treatment.skewness_after = after.skewness;
        treatment.kurtosis_after = after.kurtosis;
        treatments.push(treatment);
        continue;
      }
      let m = 0;
      for (let r = 0; r < size; r += 1) {
        const v = cells[r] as number;
        if (v !== v) continue;
        const to = v > capHigh ? capHigh : v < capLow ? capLow : v;
        column[m++] = to;
        if (to !== v) {
          const row = rows[r] as number;
          out[row * k + j] = to;
          changes.push({ row, indicator: j, from: v, to, reason: 'winsorised' });
        }
      }
      const after = skewKurt(column.subarray(0, m));
      treatment.winsorised = winsorised;
      treatment.skewness_after = after.skewness;
      treatment.kurtosis_after = after.kurtosis;
      treatments.push(treatment);
    }
  });
  return { values: out, changes, treatments };
}

/**
 * Normalises each indicator over each set of rows normalised together:
 * - minmax: low + (high − low) · (x − min)/(max − min), direction −1: (max − x)/(max − min); a
 *   column with max = min gets the midpoint (low + high)/2;
 * - zscore: mean + sd · direction · (x − μ)/σ (σ the sample standard deviation, n − 1; σ = 0 → mean);
 * - goalpost: scale · x/goalpost (direction −1: scale · goalpost/x, x ≤ 0 → cap), at most `cap`.
 */
export function normaliseColumns(
  values: Float64Array,
  k: number,
  rowSets: readonly Int32Array[],
  spec: NormaliseSpec,
  directions: readonly (1 | -1)[],
  goalposts: readonly (number | null)[] = [],
): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  if (spec.method === 'goalpost') {
    const cap = spec.cap ?? Number.POSITIVE_INFINITY;
    const rows = values.length / k;
    for (let row = 0; row < rows; row += 1) {
      const base = row * k;
      for (let j = 0; j < k; j += 1) {
        const cell = base + j;
        const v = values[cell] as number;
        const goal = goalposts[j] ?? Number.NaN;
        if (v !== v || goal !== goal) continue;
        const score = directions[j] === -1 ? (v <= 0 ? cap : (spec.scale * goal) / v) : (spec.scale * v) / goal;
        out[cell] = score > cap ? cap : score;
      }
    }
    return out;
  }
  // Row-major passes with one accumulator per indicator (the table is rows × indicators).
  const first = new Float64Array(k);
  const second = new Float64Array(k);
  const counts = new Float64Array(k);
  for (const rows of rowSets) {
    const size = rows.length;
    if (spec.method === 'minmax') {
      const min = first.fill(Number.POSITIVE_INFINITY);
      const max = second.fill(Number.NEGATIVE_INFINITY);
      for (let r = 0; r < size; r += 1) {
        const base = (rows[r] as number) * k;
        for (let j = 0; j < k; j += 1) {
          const v = values[base + j] as number;
          if (v < (min[j] as number)) min[j] = v;
          if (v > (max[j] as number)) max[j] = v;
        }
      }
      const width = spec.high - spec.low;
      const middle = (spec.low + spec.high) / 2;
      for (let r = 0; r < size; r += 1) {
        const base = (rows[r] as number) * k;
        for (let j = 0; j < k; j += 1) {
          const v = values[base + j] as number;
          if (v !== v) continue;
          const low = min[j] as number;
          const high = max[j] as number;
          const span = high - low;
          out[base + j] = span === 0 ? middle : (directions[j] === -1 ? (high - v) / span : (v - low) / span) * width + spec.low;
        }
      }
    } else {
      const sum = first.fill(0);
      const squares = second.fill(0);
      counts.fill(0);
      for (let r = 0; r < size; r += 1) {
        const base = (rows[r] as number) * k;
        for (let j = 0; j < k; j += 1) {
          const v = values[base + j] as number;
          if (v !== v) continue;
          sum[j] = (sum[j] as number) + v;
          counts[j] = (counts[j] as number) + 1;
        }
      }
      const mean = Float64Array.from(sum, (total, j) => total / (counts[j] as number));
      for (let r = 0; r < size; r += 1) {
        const base = (rows[r] as number) * k;
        for (let j = 0; j < k; j += 1) {
          const v = values[base + j] as number;
          if (v === v) squares[j] = (squares[j] as number) + (v - (mean[j] as number)) ** 2;
        }
      }
      const sigma = Float64Array.from(squares, (total, j) => ((counts[j] as number) > 1 ? Math.sqrt(total / ((counts[j] as number) - 1)) : 0));
      for (let r = 0; r < size; r += 1) {
        const base = (rows[r] as number) * k;
        for (let j = 0; j < k; j += 1) {
          const v = values[base + j] as number;
          if (v !== v) continue;
          const sd = sigma[j] as number;
          out[base + j] = sd > 0 ? spec.mean + spec.sd * (directions[j] ?? 1) * ((v - (mean[j] as number)) / sd) : spec.mean;
        }
      }
    }
  }
  return out;
}

/** The aggregation tree compiled: nodes root first, each with its child nodes and the indicators it takes (with weights). */
export interface TreePlan {
  nodes: IndexNodeInfo[];
  childNodes: Int32Array[];
  childNodeWeights: Float64Array[];
  nodeIndicators: Int32Array[];
  nodeIndicatorWeights: Float64Array[];
}

/** Flattens the spec's tree (root first, pre-order) into a plan for `aggregateTree`. */
export function planTree(spec: Pick<IndexSpec, 'tree' | 'indicators'>): TreePlan {
  const indicatorIndex = new Map(spec.indicators.map((indicator, index) => [indicator.code, index]));
  const nodes: IndexNodeInfo[] = [];
  const childNodes: number[][] = [];
  const childNodeWeights: number[][] = [];
  const nodeIndicators: number[][] = [];
  const nodeIndicatorWeights: number[][] = [];
  const below = (node: IndexNodeSpec, into: { index: number; weight: number }[]) => {
    for (const child of node.children) {
      if ('indicator' in child) into.push({ index: indicatorIndex.get(child.indicator) ?? -1, weight: child.weight });
      else below(child, into);
    }
    return into;
  };
  const visit = (node: IndexNodeSpec, parent: number | null, depth: number): number => {
    const index = nodes.length;
    const direct = node.over === 'indicators' ? below(node, []) : node.children.flatMap((child) => ('indicator' in child ? [{ index: indicatorIndex.get(child.indicator) ?? -1, weight: child.weight }] : []));
    nodes.push({ id: node.id, name: node.name, parent, depth, weight: node.weight, indicators: direct.map((entry) => entry.index) });
    childNodes.push([]);
    childNodeWeights.push([]);
    nodeIndicators.push(direct.map((entry) => entry.index));
    nodeIndicatorWeights.push(direct.map((entry) => entry.weight));
    for (const child of node.children) {
      if ('indicator' in child) continue;
      const childIndex = visit(child, index, depth + 1);
      if (node.over === 'children') {
        childNodes[index]?.push(childIndex);
        childNodeWeights[index]?.push(child.weight);
      }
    }
    return index;
  };
  visit(spec.tree, null, 0);
  for (const indices of nodeIndicators) if (indices.includes(-1)) throw new AppError('bad_request', '指数方案的汇总树引用了未定义的指标', 'the index tree names an indicator the spec does not declare');
  return {
    nodes,
    childNodes: childNodes.map((list) => Int32Array.from(list)),
    childNodeWeights: childNodeWeights.map((list) => Float64Array.from(list)),
    nodeIndicators: nodeIndicators.map((list) => Int32Array.from(list)),
    nodeIndicatorWeights: nodeIndicatorWeights.map((list) => Float64Array.from(list)),
  };
}

/**
 * Every node's aggregate for every row (rows × nodes): the weighted mean of the children present
 * (weights renormalised over them; none present → NaN). Geometric: exp(Σ w·ln x / Σ w) over the
 * present children; a child of 0 makes the node 0 (the limit), a negative child makes it missing.
 * `rows` limits the work to some rows (the others stay NaN).
 */
export function aggregateTree(values: Float64Array, k: number, plan: TreePlan, method: AggregateMethod, rows?: ArrayLike<number>): Float64Array {
  const count = plan.nodes.length;
  const rowCount = values.length / k;
  const out = new Float64Array(rowCount * count).fill(Number.NaN);
  // The plan flattened once (children of node n at start[n] … start[n + 1]; a child ≥ 0 is an
  // indicator column, < 0 is node −child − 1), so the loop over rows reads only typed arrays.
  const start = new Int32Array(count + 1);
  let total = 0;
  for (let node = 0; node < count; node += 1) {
    start[node] = total;
    total += (plan.nodeIndicators[node]?.length ?? 0) + (plan.childNodes[node]?.length ?? 0);
  }
  start[count] = total;
  const child = new Int32Array(total);
  const weight = new Float64Array(total);
  for (let node = 0; node < count; node += 1) {
    let at = start[node] as number;
    const indicators = plan.nodeIndicators[node] as Int32Array;
    const indicatorWeights = plan.nodeIndicatorWeights[node] as Float64Array;
    for (let c = 0; c < indicators.length; c += 1, at += 1) {
      child[at] = indicators[c] as number;
      weight[at] = indicatorWeights[c] as number;
    }
    const nodes = plan.childNodes[node] as Int32Array;
    const nodeWeights = plan.childNodeWeights[node] as Float64Array;
    for (let c = 0; c < nodes.length; c += 1, at += 1) {
      child[at] = -(nodes[c] as number) - 1;
      weight[at] = nodeWeights[c] as number;
    }
  }
  const geometric = method === 'geometric';
  const listLength = rows ? rows.length : rowCount;
  for (let r = 0; r < listLength; r += 1) {
    const row = rows ? (rows[r] as number) : r;
    const base = row * k;
    const outBase = row * count;
    if (!geometric) {
      for (let node = count - 1; node >= 0; node -= 1) {
        let sum = 0;
        let weights = 0;
        const end = start[node + 1] as number;
        for (let at = start[node] as number; at < end; at += 1) {
          const c = child[at] as number;
          const v = (c >= 0 ? values[base + c] : out[outBase - c - 1]) as number;
          if (v !== v) continue;
          const w = weight[at] as number;
          sum += w * v;
          weights += w;
        }
        if (weights > 0) out[outBase + node] = sum / weights;
      }
      continue;
    }
    for (let node = count - 1; node >= 0; node -= 1) {
      let sum = 0;
      let weights = 0;
      let zero = false;
      let negative = false;
      const end = start[node + 1] as number;
      for (let at = start[node] as number; at < end; at += 1) {
        const c = child[at] as number;
        const v = (c >= 0 ? values[base + c] : out[outBase - c - 1]) as number;
        if (v !== v) continue;
        const w = weight[at] as number;
        if (geometric) {
          if (w === 0) continue;
          if (v > 0) sum += w * Math.log(v);
          else if (v === 0) zero = true;
          else negative = true;
        } else sum += w * v;
        weights += w;
      }
      if (!(weights > 0) || negative) continue;
      out[outBase + node] = geometric ? (zero ? 0 : Math.exp(sum / weights)) : sum / weights;
    }
  }
  return out;
}

/** Ranks within each set of rows (a year): 1 = the highest score; ties share the better rank (1, 2, 2, 4); NaN → null. */
export function rankScores(scores: ArrayLike<number>, rowSets: readonly ArrayLike<number>[]): (number | null)[] {
  const ranks: (number | null)[] = Array.from({ length: scores.length }, () => null);
  for (const rows of rowSets) {
    const present: number[] = [];
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i] as number;
      if (!Number.isNaN(scores[row] as number)) present.push(row);
    }
    present.sort((a, b) => (scores[b] as number) - (scores[a] as number));
    present.forEach((row, position) => {
      const previous = present[position - 1];
      ranks[row] = position > 0 && previous !== undefined && scores[previous] === scores[row] ? (ranks[previous] ?? position + 1) : position + 1;
    });
  }
  return ranks;
}

/**
 * Performance groups: ratio = score ÷ the reference unit's score the same year; the first group
 * (from the top) whose `above` the ratio exceeds, else the last (above: null). The reference unit
 * itself, a missing score or a missing (or non-positive) reference score → null.
 */
export function assignGroups(scores: ArrayLike<number>, referenceScores: ArrayLike<number>, isReference: ArrayLike<boolean>, groups: readonly IndexGroupSpec[]): (string | null)[] {
  const out: (string | null)[] = [];
  for (let row = 0; row < scores.length; row += 1) {
    const score = scores[row] as number;
    const reference = referenceScores[row] as number;
    if (isReference[row] || Number.isNaN(score) || !(reference > 0)) {
      out.push(null);
      continue;
    }
    const ratio = score / reference;
    const group = groups.find((candidate) => candidate.above === null || ratio > candidate.above);
    out.push(group?.id ?? null);
  }
  return out;
}

function withWeights(plan: TreePlan, indicatorWeight: (indicator: number, weight: number) => number, nodeWeight: (node: number, weight: number) => number): TreePlan {
  return {
    ...plan,
    nodeIndicatorWeights: plan.nodeIndicatorWeights.map((weights, node) => weights.map((weight, c) => indicatorWeight(plan.nodeIndicators[node]?.[c] ?? -1, weight))),
    childNodeWeights: plan.childNodeWeights.map((weights, node) => weights.map((weight, c) => nodeWeight(plan.childNodes[node]?.[c] ?? -1, weight))),
  };
}

/**
 * Robustness of one year's ranks: the ranks with each indicator dropped (its weight 0 everywhere),
 * and over `runs` seeded perturbations where every weight (indicators' and nodes') is multiplied
 * by U(1 − spread, 1 + spread) (mulberry32(seed)), each unit's baseline rank, min, max and median.
 */
export function analyseSensitivity(
  normalised: Float64Array,
  k: number,
  plan: TreePlan,
  method: AggregateMethod,
  yearRows: Int32Array,
  options: {
    year: number;
    codes: readonly string[];
    units: readonly IndexUnit[];
    baseline: readonly (number | null)[];
    /** Units (by position in `yearRows`) left out of the ranks: the reference units. */
    unranked?: readonly boolean[];
    weight_spread: number;
    runs: number;
    seed: number;
  },
): SensitivityResult {
  const count = plan.nodes.length;
  // The year's rows alone, contiguous: each variant aggregates only them.
  const year = new Float64Array(yearRows.length * k);
  yearRows.forEach((row, position) => year.set(normalised.subarray(row * k, (row + 1) * k), position * k));
  const positions = Int32Array.from(yearRows, (_, position) => position);
  const scores = new Float64Array(yearRows.length);
  const rankRoot = (variant: TreePlan): (number | null)[] => {
    const nodeScores = aggregateTree(year, k, variant, method);
    for (let position = 0; position < scores.length; position += 1) scores[position] = options.unranked?.[position] ? Number.NaN : (nodeScores[position * count] as number);
    return rankScores(scores, [positions]);
  };
  const dropped = options.codes.map((code, j) => ({
    indicator: code,
    ranks: rankRoot(
      withWeights(
        plan,
        (indicator, weight) => (indicator === j ? 0 : weight),
        (_, weight) => weight,
      ),
    ),
  }));
  const random = mulberry32(options.seed);
  const spread = options.weight_spread;
  const runs: (number | null)[][] = [];
  for (let run = 0; run < options.runs; run += 1) {
    runs.push(
      rankRoot(
        withWeights(
          plan,
          (_, weight) => weight * (1 - spread + 2 * spread * random()),
          (_, weight) => weight * (1 - spread + 2 * spread * random()),
        ),
      ),
    );
  }
  const perturbed = Array.from(yearRows, (_, position) => {
    const ranks = runs.map((ranksOfRun) => ranksOfRun[position]).filter((rank): rank is number => rank !== null && rank !== undefined);
    ranks.sort((a, b) => a - b);
    const middle = ranks.length >> 1;
    const median = ranks.length === 0 ? null : ranks.length % 2 === 1 ? (ranks[middle] ?? null) : ((ranks[middle - 1] ?? 0) + (ranks[middle] ?? 0)) / 2;
    return { unit: options.units[position]?.code ?? '', rank: options.baseline[position] ?? null, min: ranks[0] ?? null, max: ranks.at(-1) ?? null, median };
  });
  return { year: options.year, dropped, perturbed };
}

export interface RunIndexOptions {
  /** Keep every stage (raw, denominated, imputed, treated, normalised); otherwise only the normalised one. */
  keepStages?: boolean;
  /** Compute the sensitivity analysis, for the last year or the year given. */
  sensitivity?: boolean | { year: number };
}

/** Runs the whole pipeline of `spec` over `table`. */
export function runIndex(spec: IndexSpec, table: IndexTable, options: RunIndexOptions = {}): IndexResult {
  const keep = options.keepStages ?? false;
  const units = table.units;
  const years = spec.years ?? table.years;
  const yearCount = years.length;
  const rows = units.length * yearCount;
  const k = spec.indicators.length;
  const codes = spec.indicators.map((indicator) => indicator.code);
  const width = table.columns.length;
  const columnIndex = new Map(table.columns.map((code, index) => [code, index]));
  const tableYear = new Map(table.years.map((year, index) => [year, index]));
  const column = (code: string): number => {
    const index = columnIndex.get(code);
    if (index === undefined) throw new AppError('bad_request', `数据表缺少指标列 ${code}（指数方案 ${spec.id} 需要）`, `the table has no column "${code}" (the index spec ${spec.id} needs it)`, [`${spec.source}: column "${code}" missing from the input`]);
    return index;
  };
  const readColumn = (code: string): Float64Array => {
    const c = column(code);
    const out = new Float64Array(rows).fill(Number.NaN);
    for (let u = 0; u < units.length; u += 1) {
      for (let y = 0; y < yearCount; y += 1) {
        const t = tableYear.get(years[y] as number);
        if (t === undefined) continue;
        out[u * yearCount + y] = table.values[(u * table.years.length + t) * width + c] as number;
      }
    }
    return out;
  };

  // raw
  const raw = new Float64Array(rows * k).fill(Number.NaN);
  const indicatorColumns = codes.map(column);
  const yearMap = years.map((year) => tableYear.get(year) ?? -1);
  for (let u = 0; u < units.length; u += 1) {
    for (let y = 0; y < yearCount; y += 1) {
      const t = yearMap[y] as number;
      if (t < 0) continue;
      const source = (u * table.years.length + t) * width;
      const target = (u * yearCount + y) * k;
      for (let j = 0; j < k; j += 1) raw[target + j] = table.values[source + (indicatorColumns[j] as number)] as number;
    }
  }
  const stages: IndexStage[] = [];
  const keepStage = (name: IndexStage['name'], values: Float64Array, changes: StageChange[] = []) => {
    if (keep) stages.push({ name, values, changes });
  };
  keepStage('raw', raw);

  // denominated
  let current: Float64Array = raw;
  if (spec.steps.denominate && spec.indicators.some((indicator) => indicator.denominator)) {
    current = denominate(
      raw,
      k,
      spec.indicators.map((indicator) => (indicator.denominator ? readColumn(indicator.denominator.code) : null)),
      spec.indicators.map((indicator) => indicator.denominator?.scale ?? 1),
    );
  }
  keepStage('denominated', current);

  // imputed
  if (spec.steps.impute !== 'none') {
    const imputed = imputeMissing(current, k, units, yearCount, spec.steps.impute);
    current = imputed.values;
    keepStage('imputed', current, imputed.changes);
  } else keepStage('imputed', current);

  // the row sets normalised (and treated) together: the whole panel, or each year
  const yearSets = years.map((_, y) => Int32Array.from({ length: units.length }, (_, u) => u * yearCount + y));
  const panel = [Int32Array.from({ length: rows }, (_, row) => row)];
  const normalise = spec.steps.normalise;
  const together = normalise.method !== 'goalpost' && normalise.over === 'year' ? yearSets : panel;

  // treated
  let treatments: OutlierTreatment[] = [];
  if (spec.steps.outliers) {
    const treated = treatOutliers(current, k, together, spec.steps.outliers, codes, together === yearSets ? years : undefined);
    current = treated.values;
    treatments = treated.treatments;
    keepStage('treated', current, treated.changes);
  } else keepStage('treated', current);

  // normalised
  const normalised = normaliseColumns(
    current,
    k,
    together,
    normalise,
    spec.indicators.map((indicator) => indicator.direction),
    spec.indicators.map((indicator) => indicator.goalpost?.value ?? null),
  );
  stages.push({ name: 'normalised', values: normalised, changes: [] });

  // aggregated, ranked, relative, grouped
  const plan = planTree(spec);
  const nodeCount = plan.nodes.length;
  const nodeScores = aggregateTree(normalised, k, plan, spec.steps.aggregate);
  const rootScores = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) rootScores[row] = nodeScores[row * nodeCount] as number;
  // The reference units (of `relative` and `groups`) are the yardstick, neither ranked nor grouped.
  const referenceCodes = new Set([spec.relative?.unit, spec.groups?.reference].filter((code): code is string => code !== undefined));
  const unranked = units.map((unit) => referenceCodes.has(unit.code));
  const rankedYearSets = yearSets.map((set) => set.filter((row) => !unranked[Math.floor(row / yearCount)]));
  const ranks = rankScores(rootScores, rankedYearSets);
  const unitIndex = new Map(units.map((unit, index) => [unit.code, index]));
  const scoreOf = (unit: string, year: number | null, y: number): number => {
    const u = unitIndex.get(unit);
    const yearIndex = year === null ? y : years.indexOf(year);
    if (u === undefined || yearIndex < 0) return Number.NaN;
    return rootScores[u * yearCount + yearIndex] as number;
  };
  const referenceScores = new Float64Array(rows).fill(Number.NaN);
  const isReference: boolean[] = [];
  if (spec.groups) {
    for (let u = 0; u < units.length; u += 1) {
      for (let y = 0; y < yearCount; y += 1) {
        referenceScores[u * yearCount + y] = scoreOf(spec.groups.reference, null, y);
        isReference[u * yearCount + y] = units[u]?.code === spec.groups.reference;
      }
    }
  }
  const groups = spec.groups ? assignGroups(rootScores, referenceScores, isReference, spec.groups.groups) : [];
  const scores: IndexScore[] = [];
  for (let u = 0; u < units.length; u += 1) {
    for (let y = 0; y < yearCount; y += 1) {
      const row = u * yearCount + y;
      const score = rootScores[row] as number;
      let relative: number | null = null;
      if (spec.relative && !Number.isNaN(score)) {
        const reference = scoreOf(spec.relative.unit, spec.relative.year, y);
        if (reference !== 0 && !Number.isNaN(reference)) relative = (score / reference) * 100;
      }
      scores.push({ unit: units[u]?.code ?? '', year: years[y] as number, score: Number.isNaN(score) ? null : score, relative, rank: ranks[row] ?? null, group: groups[row] ?? null });
    }
  }

  // sensitivity
  let sensitivity: SensitivityResult | null = null;
  if (options.sensitivity && yearCount > 0) {
    const year = typeof options.sensitivity === 'object' ? options.sensitivity.year : (years[yearCount - 1] as number);
    const y = years.indexOf(year);
    if (y < 0) throw new AppError('bad_request', `敏感性分析的年份 ${year} 不在指数的年份中`, `the sensitivity year ${year} is not one of the index's years`);
    const yearRows = yearSets[y] as Int32Array;
    sensitivity = analyseSensitivity(normalised, k, plan, spec.steps.aggregate, yearRows, {
      year,
      codes,
      units,
      baseline: Array.from(yearRows, (row) => ranks[row] ?? null),
      unranked,
      ...spec.sensitivity,
    });
  }

  return { spec, units, years, indicators: codes, stages, treatments, nodes: plan.nodes, nodeScores, scores, sensitivity };
}
