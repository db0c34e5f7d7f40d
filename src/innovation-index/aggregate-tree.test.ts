import { describe, expect, it } from 'vitest';
import { aggregateTree, planTree } from './aggregate-tree.ts';
import type { IndexSpec } from './index-model.ts';

const NaN_ = Number.NaN;

const treeSpec = (over: 'children' | 'indicators' = 'children'): Pick<IndexSpec, 'tree' | 'indicators'> => ({
  indicators: ['a', 'b', 'c', 'd'].map((code) => ({ code, name: { zh: code, en: code }, direction: 1, weight: 1, denominator: null, goalpost: null, line: 1 })),
  tree: {
    id: 'root',
    name: { zh: '总', en: 'root' },
    weight: 1,
    over,
    line: 1,
    children: [
      { id: 'p1', name: { zh: 'p1', en: 'p1' }, weight: 1, over: 'children', line: 1, children: [{ indicator: 'a', weight: 1 }, { indicator: 'b', weight: 3 }, { indicator: 'c', weight: 2 }] },
      { id: 'p2', name: { zh: 'p2', en: 'p2' }, weight: 3, over: 'children', line: 1, children: [{ indicator: 'd', weight: 1 }] },
    ],
  },
});

describe('aggregateTree', () => {
  it('weighted arithmetic mean skipping a missing value (weights renormalised over the present ones)', () => {
    const plan = planTree(treeSpec());
    const out = aggregateTree(Float64Array.from([0.2, NaN_, 0.8, 1]), 4, plan, 'arithmetic');
    // p1 = (1·0.2 + 2·0.8) / 3 = 0.6; p2 = 1; root = (1·0.6 + 3·1) / 4 = 0.9
    expect(plan.nodes.map((node) => node.id)).toEqual(['root', 'p1', 'p2']);
    expect(out[1]).toBeCloseTo(0.6, 15);
    expect(out[2]).toBe(1);
    expect(out[0]).toBeCloseTo(0.9, 15);
  });

  it('over: indicators takes every indicator below it together (the EIS’s SII)', () => {
    const out = aggregateTree(Float64Array.from([0.2, NaN_, 0.8, 1]), 4, planTree(treeSpec('indicators')), 'arithmetic');
    // (1·0.2 + 2·0.8 + 1·1) / 4 = 0.7
    expect(out[0]).toBeCloseTo(0.7, 15);
  });

  it('a row with no value at all has no score', () => {
    const out = aggregateTree(Float64Array.from([NaN_, NaN_, NaN_, NaN_]), 4, planTree(treeSpec()), 'arithmetic');
    expect(Array.from(out)).toEqual([NaN_, NaN_, NaN_]);
  });

  it('geometric: exp of the weighted mean of logs; a zero child makes the node 0', () => {
    const plan = planTree(treeSpec());
    const out = aggregateTree(Float64Array.from([4, NaN_, 16, 8]), 4, plan, 'geometric');
    // p1 = (4¹ · 16²)^(1/3) = 4^(5/3); root = (p1¹ · 8³)^(1/4)
    expect(out[1]).toBeCloseTo(4 ** (5 / 3), 12);
    expect(out[0]).toBeCloseTo((4 ** (5 / 3) * 8 ** 3) ** (1 / 4), 12);
    expect(aggregateTree(Float64Array.from([0, 1, 1, 1]), 4, plan, 'geometric')[1]).toBe(0);
  });
});
