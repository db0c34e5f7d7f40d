import { AppError } from '../shared/index.ts';
import type { AggregateMethod, IndexNodeInfo, IndexNodeSpec, IndexSpec } from './index-model.ts';

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
        if (w === 0) continue;
        if (v > 0) sum += w * Math.log(v);
        else if (v === 0) zero = true;
        else negative = true;
        weights += w;
      }
      if (!(weights > 0) || negative) continue;
      out[outBase + node] = zero ? 0 : Math.exp(sum / weights);
    }
  }
  return out;
}
