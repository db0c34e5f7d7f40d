import type { Area } from '../../api/types.ts';

export interface AreaNode {
  value: string;
  title: string;
  children: AreaNode[];
}

/**
 * The areas as a tree for a TreeSelect: province → prefectures → counties (the country, a
 * benchmark rather than a place the policy runs in, only when asked for). `roots` limits the tree
 * to those areas and what lies under them (an area account's own subtree).
 */
export function areaTree(areas: readonly Area[], options: { roots?: readonly string[]; withCountry?: boolean } = {}): AreaNode[] {
  const shown = areas.filter((area) => options.withCountry || area.level !== 'country');
  const nodes = new Map(shown.map((area) => [area.code, { value: area.code, title: area.name, children: [] as AreaNode[] }]));
  const tops: AreaNode[] = [];
  for (const area of shown) {
    const node = nodes.get(area.code);
    const parent = area.parent_code ? nodes.get(area.parent_code) : undefined;
    if (!node) continue;
    if (parent) parent.children.push(node);
    else tops.push(node);
  }
  if (options.roots === undefined) return tops;
  return options.roots.flatMap((code) => {
    const node = nodes.get(code);
    return node ? [node] : [];
  });
}

/** Every code in the trees (for "is this area within reach?"). */
export function codesOf(nodes: readonly AreaNode[]): Set<string> {
  const codes = new Set<string>();
  const visit = (node: AreaNode) => {
    codes.add(node.value);
    node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return codes;
}
