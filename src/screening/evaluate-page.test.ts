/**
 * A page evaluated: the COPY lines of its screened enterprises and of their eligible and needs_info
 * results, `chunkSize` enterprises a write.
 */
import { describe, expect, it } from 'vitest';
import { loadPacks } from '../policy/index.ts';
import type { EnterpriseRecordText } from '../registry/index.ts';
import { evaluatePage } from './evaluate-page.ts';
import { screeningRulesOf } from './screening-packs.ts';

const year = 2024;
const loaded = loadPacks();
if (!loaded.ok) throw new Error('the bundled packs do not load');
const packs = loaded.packs;
const rules = screeningRulesOf(packs, year);
const runId = '3f1c2a4e-8b7d-4c21-9e5f-0a1b2c3d4e5f';

const firm = (credit_code: string, fields: Partial<EnterpriseRecordText>): EnterpriseRecordText => ({
  credit_code,
  name: `宁夏"测试"${credit_code.slice(-2)}科技有限公司`,
  org: '640104',
  industry: 'C3989',
  founded: '2015-06-01',
  years: '{}',
  events: '[]',
  hte_innovation_score: null,
  deemed_taxation: null,
  western_development_encouraged: null,
  ic_or_machine_tool_list: null,
  synthetic: false,
  certifications: null,
  digest: credit_code.padEnd(64, '0').slice(0, 64).toLowerCase(),
  ...fields,
});

const page: EnterpriseRecordText[] = [
  firm('91640104000000001A', {
    years: JSON.stringify({
      '2023': { revenue: '48000000.00', rd_expense: '2600000.00', rd_expense_in_china: '2600000.00', staff: 120, tech_staff: 30, high_tech_revenue: '31000000.00', total_assets: '90000000.00', total_liabilities: '30000000.00', ip_class1: 1, ip_class2: 3 },
    }),
    events: JSON.stringify([{ type: 'first_above_scale', year: 2024 }]),
    hte_innovation_score: 80,
    certifications: 'national_hte,2021-11-15,2024-11-14,;tech_sme,2024-04-01,2024-12-31,',
  }),
  firm('91640104000000002B', {}),
  firm('91640104000000003C', { years: JSON.stringify({ '2023': { revenue: '1000000.00', rd_expense: '50000.00' } }), synthetic: true }),
];

describe('evaluating a page', () => {
  it('lays out the rows to COPY, chunkSize enterprises a write', () => {
    const writes = evaluatePage(page, rules.rules, year, 2, runId);
    expect(writes.map((write) => write.enterprises)).toEqual([2, 1]);
    expect(writes[0]!.results).toBeGreaterThan(0);
    // COPY lines: the run, the area, the credit code, the name (quotes need no escape there), the digest, synthetic.
    expect(writes[0]!.screenedRows.split('\n')).toEqual([
      `${runId}\t640104\t91640104000000001A\t宁夏"测试"1A科技有限公司\t${page[0]!.digest}\tf`,
      `${runId}\t640104\t91640104000000002B\t宁夏"测试"2B科技有限公司\t${page[1]!.digest}\tf`,
      '',
    ]);
    expect(writes[0]!.resultRows.split('\n').filter((line) => line !== '')).toHaveLength(writes[0]!.results);
    expect(writes[0]!.resultRows.startsWith(`${runId}\t91640104000000001A\t640104\t`)).toBe(true);
    expect(writes[1]!.screenedRows).toBe(`${runId}\t640104\t91640104000000003C\t宁夏"测试"3C科技有限公司\t${page[2]!.digest}\tt\n`);
  });
});
