import { describe, expect, it } from 'vitest';
import { demoCreditCode, demoEnterpriseName } from '../accounts/index.ts';
import { AreaTree, loadBundledAreas } from '../areas/index.ts';
import { isValidOn, defaultValidTo } from './certification-validity.ts';
import { generateDemoRegistry } from './generate-demo-registry.ts';

const tree = new AreaTree(loadBundledAreas());
const demoEnterprise = { creditCode: demoCreditCode, name: demoEnterpriseName };
const dateColumns = ['founded', 'valid_from', 'valid_to', 'approved_on', 'registered_on', 'evaluated_on'];

describe('the demo registry generator', () => {
  // Early in the year: this year's tech-based SME entries (1 April) and evaluations (15 December) are still to come.
  for (const day of ['2026-03-10', '2026-12-06']) {
    it(`generates no date after the demo's today (${day})`, () => {
      const tables = generateDemoRegistry(tree, { enterprises: 600, platforms: 120, contracts: 300 }, 2022, 2026, { today: day, demoEnterprise });
      const late = Object.entries(tables).flatMap(([kind, table]) =>
        table.rows.flatMap((row) => dateColumns.filter((column) => column !== 'valid_to' && (row.cells[column] ?? '') > day).map((column) => `${kind} line ${row.line} ${column} ${row.cells[column]}`)),
      );
      expect(late).toEqual([]);
      expect(tables.platform_evaluations.rows.length).toBeGreaterThan(0);
      const years = tables.enterprise_years.rows.map((row) => Number(row.cells.year));
      expect(Math.max(...years)).toBe(2025);
    });
  }

  it('makes the demo enterprise account a firm of the register, with certificates valid today and three years of financials', () => {
    for (const day of ['2026-01-02', '2026-03-10', '2026-12-06']) {
      const tables = generateDemoRegistry(tree, { enterprises: 50, platforms: 5, contracts: 20 }, 2022, 2026, { today: day, demoEnterprise });
      expect(tables.enterprises.rows.length).toBe(50);
      const firm = tables.enterprises.rows.find((row) => row.cells.credit_code === demoCreditCode);
      expect(firm?.cells.name?.startsWith('合成·')).toBe(true);
      const certificates = tables.certifications.rows.map((row) => row.cells).filter((cells) => cells.credit_code === demoCreditCode);
      const valid = certificates.filter((cells) => isValidOn({ validFrom: cells.valid_from!, validTo: cells.valid_to || defaultValidTo(cells.type as 'tech_sme', cells.valid_from!), revokedOn: null }, day)).map((cells) => cells.type);
      expect(valid.sort(), day).toEqual(['national_hte', 'tech_sme']);
      expect(tables.enterprise_years.rows.filter((row) => row.cells.credit_code === demoCreditCode).map((row) => row.cells.year)).toEqual(['2023', '2024', '2025']);
    }
    // Deterministic: the same seed gives the same register.
    const again = () => generateDemoRegistry(tree, { enterprises: 50, platforms: 5, contracts: 20 }, 2022, 2026, { today: '2026-03-10', demoEnterprise });
    expect(again()).toEqual(again());
  });

  it('gives the demo enterprise what the calculator needs on first start, and synthetic firms a spread of events and declarations', () => {
    const tables = generateDemoRegistry(tree, { enterprises: 600, platforms: 5, contracts: 20 }, 2022, 2026, { today: '2026-03-10', demoEnterprise });
    const firm = tables.enterprises.rows.find((row) => row.cells.credit_code === demoCreditCode)!.cells;
    expect(firm).toMatchObject({ hte_innovation_score: '78', western_development_encouraged: '是', deemed_taxation: '否' });
    // First above-scale in 2025, the last year of the Ningxia opinions (a 2026 demo is past them), with the year before's R&D on record (the (七) award's base).
    expect(tables.enterprise_events.rows.filter((row) => row.cells.credit_code === demoCreditCode).map((row) => [row.cells.type, row.cells.year])).toEqual([['first_above_scale', '2025']]);
    expect(Number(tables.enterprise_years.rows.find((row) => row.cells.credit_code === demoCreditCode && row.cells.year === '2024')!.cells.rd_expense)).toBeGreaterThan(0);
    // A demo of 2024 (inside the opinions' period) has its event in 2024.
    const earlier = generateDemoRegistry(tree, { enterprises: 50, platforms: 5, contracts: 20 }, 2022, 2024, { today: '2024-03-10', demoEnterprise });
    expect(earlier.enterprise_events.rows.filter((row) => row.cells.credit_code === demoCreditCode).map((row) => row.cells.year)).toEqual(['2024']);
    const lastYear = tables.enterprise_years.rows.find((row) => row.cells.credit_code === demoCreditCode && row.cells.year === '2025')!.cells;
    expect(Number(lastYear.rd_expense)).toBeGreaterThan(0);
    expect(Number(lastYear.rd_expense_deduction)).toBeGreaterThan(0);
    expect(Number(lastYear.total_liabilities)).toBeLessThanOrEqual(Number(lastYear.total_assets));
    // Tech-SME sizes: staff ≤ 500, revenue and assets ≤ 200 million.
    expect(Number(lastYear.staff)).toBeLessThanOrEqual(500);
    expect(Number(lastYear.revenue)).toBeLessThanOrEqual(200_000_000);
    // A spread among the synthetic firms: some events of each kind, scores only where recognised, some declarations left undeclared.
    const types = new Set(tables.enterprise_events.rows.map((row) => row.cells.type));
    expect([...types].sort()).toEqual(['first_above_scale', 'first_innovative_demo_enterprise', 'national_st_award']);
    expect(tables.enterprise_events.rows.every((row) => Number(row.cells.year) <= 2026)).toBe(true);
    const scored = tables.enterprises.rows.filter((row) => row.cells.hte_innovation_score !== '');
    expect(scored.length).toBeGreaterThan(0);
    expect(scored.every((row) => Number(row.cells.hte_innovation_score) >= 0 && Number(row.cells.hte_innovation_score) <= 100)).toBe(true);
    expect(tables.enterprises.rows.some((row) => row.cells.western_development_encouraged === '')).toBe(true);
    expect(tables.enterprise_years.rows.some((row) => row.cells.rd_expense_deduction === '')).toBe(true);
  });
});
