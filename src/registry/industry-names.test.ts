import { describe, expect, it } from 'vitest';
import { AreaTree, loadBundledAreas } from '../areas/index.ts';
import { generateDemoRegistry } from './generate-demo-registry.ts';
import { industryName, industryNames, outsideAreaName } from './registry-vocabulary.ts';

describe('GB/T 4754-2017 industry names', () => {
  it('names every section A–T', () => {
    for (const letter of 'ABCDEFGHIJKLMNOPQRST') expect(industryNames[letter], letter).toBeTruthy();
  });

  it('names a class by its own name, and a class it does not list by its nearest listed level', () => {
    expect(industryName('C1441')).toBe('液体乳制造');
    expect(industryName('C1515')).toBe('葡萄酒制造');
    expect(industryName('I6513')).toBe('应用软件开发');
    expect(industryName('C2619')).toBe('基础化学原料制造');
    expect(industryName('C2699')).toBe('化学原料和化学制品制造业');
    expect(industryName('K7010')).toBe('房地产业');
    expect(industryName(null)).toBeNull();
  });

  it('names every class the demo register uses by its own class name, each matching its sector', () => {
    const tables = generateDemoRegistry(new AreaTree(loadBundledAreas()), { enterprises: 400, platforms: 5, contracts: 5 }, 2022, 2026, { today: '2026-03-10' });
    const codes = new Set(tables.enterprises.rows.map((row) => row.cells['industry'] ?? ''));
    expect(codes.size).toBeGreaterThanOrEqual(12);
    for (const code of codes) expect(industryNames[code], code).toBeTruthy();
    // Wine is 葡萄酒制造 (C1515), not 碳酸饮料制造 (C1521) as the demo once had it.
    expect(codes.has('C1515')).toBe(true);
    expect(codes.has('C1521')).toBe(false);
  });
});

describe('areas outside the region', () => {
  it('are named by GB/T 2260, down to the district where listed, else by their province', () => {
    expect(outsideAreaName('110108')).toBe('北京市海淀区');
    expect(outsideAreaName('110105')).toBe('北京市');
    expect(outsideAreaName('999999')).toBeNull();
  });
});
