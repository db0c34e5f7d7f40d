import { describe, expect, it } from 'vitest';
import type { Area } from '../../api/types.ts';
import { areaTree, codesOf } from './area-tree.ts';

const areas: Area[] = [
  { code: '100000', name: '全国', parent_code: null, level: 'country' },
  { code: '640000', name: '宁夏回族自治区', parent_code: null, level: 'province' },
  { code: '640200', name: '石嘴山市', parent_code: '640000', level: 'prefecture' },
  { code: '640202', name: '大武口区', parent_code: '640200', level: 'county' },
  { code: '640400', name: '固原市', parent_code: '640000', level: 'prefecture' },
];

describe('areaTree', () => {
  it('nests counties under their city and leaves the country out', () => {
    const [region] = areaTree(areas);
    expect(region?.value).toBe('640000');
    expect(region?.children.map((child) => child.value)).toEqual(['640200', '640400']);
    expect(region?.children[0]?.children.map((child) => child.title)).toEqual(['大武口区']);
  });

  it('limits the tree to an area account’s own subtree', () => {
    expect([...codesOf(areaTree(areas, { roots: ['640200'] }))]).toEqual(['640200', '640202']);
  });

  it('keeps the country when asked for', () => {
    expect(areaTree(areas, { withCountry: true }).map((node) => node.value)).toEqual(['100000', '640000']);
  });
});
