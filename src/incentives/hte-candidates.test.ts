/**
 * The tier pipeline's "close to high-tech recognition", decided by the bundled pack's rule
 * (national.hte-recognition): the R&D ratio over the fiscal years the rule sums, by the bracket of
 * the latest year's sales, and the 60 % high-tech share — and the rule's advice for what is short.
 */
import { describe, expect, it } from 'vitest';
import { loadPacks } from '../policy/index.ts';
import { compilePack } from './compile-pack.ts';
import { decideHteCandidates } from './hte-candidates.ts';

const loaded = loadPacks();
if (!loaded.ok) throw new Error('the bundled packs do not load');
const packs = loaded.packs.map((pack) => compilePack(pack));

const year = (revenue: number, rd: number, highTech?: number) => ({ revenue, rd_expense: rd, rd_expense_in_china: rd, ...(highTech === undefined ? {} : { high_tech_revenue: highTech }), staff: 100, tech_staff: 20, ip_class1: 1, ip_class2: 0 });
const firm = (credit_code: string, years: Record<string, ReturnType<typeof year>>) => ({ credit_code, name: '甲', founded: '2010-01-01', certifications: [], events: [], years });

describe('close to high-tech recognition, by the pack’s rule', () => {
  it('takes a firm meeting （五） and （六） on its latest accounts, at the bracket boundary exactly, with the ratio exact', () => {
    // Sales of exactly 50,000,000 in the latest year: the 5 % bracket (inclusive); 3 years' R&D 7.5 M of 150 M = 5 %.
    const { criteria, decisions } = decideHteCandidates(packs, [firm('A', { '2021': year(50_000_000, 2_500_000), '2022': year(50_000_000, 2_500_000), '2023': year(50_000_000, 2_500_000, 30_000_000) })]);
    expect(criteria).toHaveLength(2);
    expect(decisions).toEqual([expect.objectContaining({ credit_code: 'A', year: 2023, close: true, rd_ratio: '0.05', high_tech_share: '0.6' })]);
  });

  it('leaves out a firm one 分 short of the share, and says how far the R&D ratio is when that is short', () => {
    const short = decideHteCandidates(packs, [firm('B', { '2021': year(50_000_000, 2_500_000), '2022': year(50_000_000, 2_500_000), '2023': year(50_000_000, 2_500_000, 29_999_999.99) })]);
    expect(short.decisions[0]).toMatchObject({ close: false });
    const rd = decideHteCandidates(packs, [firm('C', { '2021': year(50_000_000, 2_000_000), '2022': year(50_000_000, 2_500_000), '2023': year(50_000_000, 2_500_000, 40_000_000) })]);
    expect(rd.decisions[0]).toMatchObject({ close: false, status: 'ineligible' });
    expect(rd.decisions[0]?.advice.join('')).toContain('50');
  });

  it('decides nothing without the rule, and skips a firm with no figures', () => {
    expect(decideHteCandidates([], [firm('A', {})])).toEqual({ criteria: [], decisions: [] });
    expect(decideHteCandidates(packs, [firm('A', {})]).decisions).toEqual([]);
  });
});
