import { describe, expect, it } from 'vitest';
import { AreaTree } from '../areas/index.ts';
import { loadPacks, type PolicyPack } from '../policy/index.ts';
import type { PackEvaluation } from './evaluate-pack.ts';
import type { TargetEvaluation } from './evaluate-target.ts';
import { presentEvaluationWorkbook } from './present-evaluation-workbook.ts';

function bundledPack(): PolicyPack {
  const loaded = loadPacks();
  if (!loaded.ok) throw new Error('the bundled packs do not load');
  const pack = loaded.packs.find((candidate) => candidate.metadata.id === 'ningxia-2022-st-action');
  if (!pack) throw new Error('no Ningxia pack');
  return pack;
}

/** Every target of the pack, evaluated with no data: enough to see how each row is written. */
function emptyEvaluation(pack: PolicyPack): PackEvaluation {
  const targets = pack.targets.map(
    (target): TargetEvaluation => ({
      indicator: target.indicator,
      comparator: target.comparator,
      target: target.value ?? null,
      year: target.year,
      value: null,
      period: null,
      status: 'no_data',
      progress: null,
      target_id: target.id,
      clause: target.clause,
      text: target.text,
      org: '640000',
      qualifier: null,
      kind: null,
      source: null,
      baseline: null,
      path_value: null,
      growth: { required: null, observed: null },
      forecast: { linear: null, compound: null, shown: 'linear' },
      reason: { zh: '', en: '' },
      series: [],
    }),
  );
  return { pack: pack.metadata.id, org: '640000', as_of: 2025, targets };
}

describe('the evaluation workbook in Chinese', () => {
  const pack = bundledPack();
  const tree = new AreaTree([{ code: '640000', name: '宁夏回族自治区', parentCode: null, level: 'province' }]);
  const { sheet } = presentEvaluationWorkbook(pack, tree, emptyEvaluation(pack), new Date('2026-01-05T02:00:00Z'));
  const column = (header: string) => {
    const found = sheet.columns.find((candidate) => candidate.header === header);
    if (!found) throw new Error(`no column ${header}`);
    return sheet.rows.map((row) => row[found.key]);
  };

  it('writes comparators in words, never >= or about', () => {
    const comparators = column('比较');
    expect(new Set(comparators)).toEqual(new Set(['不低于', '约', '高于']));
  });

  it('writes clauses as the policy prints them, （七）, never a bare number', () => {
    const clauses = column('条款');
    expect(clauses).toContain('（三）');
    for (const clause of clauses) expect(clause).toMatch(/^（[一二三四五六七八九十]+）$/);
  });

  it('writes formulas in words and names indicators by name, the code only in the last column', () => {
    expect(column('计算公式')).toContain('全社会R&D经费支出 ÷ 地区生产总值 × 100');
    const codes = new Set(pack.indicators.map((indicator) => indicator.code));
    const names = column('指标');
    for (const name of names) expect(codes.has(String(name))).toBe(false);
    expect(sheet.columns.at(-1)?.header).toBe('指标代码');
  });
});

