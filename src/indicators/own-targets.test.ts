import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AreaTree } from '../areas/index.ts';
import { findTargetSupplier, loadPack, type PolicyPack, type Target } from '../policy/index.ts';
import type { AreaTargetRow } from './area-target-repository.ts';
import { checkAreaTarget } from './area-targets.ts';
import { Decimal } from 'decimal.js';
import { evaluateTarget } from './evaluate-target.ts';
import { IndicatorCalculator } from './indicator-calculator.ts';
import { ownTargetOf } from './own-targets.ts';
import { presentTargetEvaluation } from './present-evaluation.ts';

const minimalPack = new URL('../policy/fixtures/minimal', import.meta.url).pathname;
const areaCodes = new Set(['100000', '640000', '640100', '640104']);
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function packOf(dir = minimalPack): PolicyPack {
  const result = loadPack(dir, { areaCodes });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.pack;
}

function problemsWith(file: string, from: string, to: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kechuang-pack-'));
  folders.push(dir);
  cpSync(minimalPack, dir, { recursive: true });
  const text = readFileSync(join(dir, file), 'utf8');
  if (!text.includes(from)) throw new Error(`fixture ${file} has no "${from}"`);
  writeFileSync(join(dir, file), text.replace(from, to));
  const result = loadPack(dir, { areaCodes });
  return result.ok ? [] : result.problems.map((problem) => problem.message);
}

const tree = new AreaTree([
  { code: '640000', name: '宁夏回族自治区', parentCode: null, level: 'province' },
  { code: '640100', name: '银川市', parentCode: '640000', level: 'prefecture' },
  { code: '640200', name: '石嘴山市', parentCode: '640000', level: 'prefecture' },
  { code: '640104', name: '兴庆区', parentCode: '640100', level: 'county' },
]);

describe('a pack’s breakdown of a target by area (目标分解)', () => {
  it('reads the labelled example breakdown of the fixture and refuses a breakdown of a benchmark target, a repeated area or an unknown one', () => {
    const target = packOf().targets.find((candidate) => candidate.id === 'target-national-hte-2026');
    expect(target?.breakdown).toEqual([{ org: '640100', value: 30, source: '示例分解（测试夹具，非官方数据）' }]);
    expect(problemsWith('targets.yaml', '      - org: "640100"', '      - org: "649999"')).toEqual([expect.stringContaining('unknown area code "649999"')]);
    expect(problemsWith('targets.yaml', '        source: 示例分解（测试夹具，非官方数据）\n', '        source: 示例分解（测试夹具，非官方数据）\n      - org: "640100"\n        value: 31\n        source: x\n')).toEqual([expect.stringContaining('two values in the breakdown')]);
    expect(problemsWith('targets.yaml', '      - org: "640100"', '      - org: "640000"')).toEqual([expect.stringContaining('the target\'s own area')]);
  });

  it('judges the region against the pack’s target, an area with a breakdown against its own value, the coordinator’s value first, and any other area against none', () => {
    const pack = packOf();
    const target = pack.targets.find((candidate) => candidate.id === 'target-national-hte-2026')!;
    expect(ownTargetOf(pack, target, '640000', [])).toBe('region');
    expect(ownTargetOf(pack, target, '640100', [])).toMatchObject({ value: 30, source: { kind: 'pack_breakdown', text: '示例分解（测试夹具，非官方数据）' } });
    expect(ownTargetOf(pack, target, '640104', [])).toBeUndefined();
    const row: AreaTargetRow = { pack: 'minimal-pack', targetId: target.id, org: '640100', value: '35', setBy: 'coordinator', setAt: new Date('2026-03-01T02:00:00Z'), note: '市政府下达' };
    expect(ownTargetOf(pack, target, '640100', [row])).toEqual({ value: 35, source: { kind: 'coordinator', clause: null, text: null, set_by: 'coordinator', set_at: '2026-03-01T02:00:00.000Z', note: '市政府下达' } });
  });
});

describe('an area without a target of its own', () => {
  const indicators = [{ code: 'national_hte', name: '国家高新技术企业', unit: '家', period_type: 'year' as const, aggregation: 'sum' as const }];
  const target: Target = { id: 't', indicator: 'national_hte', comparator: '>=', value: 500, year: 2025, clause: 3, text: '国家高新技术企业达到500家', baseline: { year: 2020 } };
  const calculator = new IndicatorCalculator(indicators, tree, [
    { indicator: 'national_hte', org: '640100', period: '2023', value: '350', qualifier: 'exact', source: 'test' },
    { indicator: 'national_hte', org: '640100', period: '2020', value: '200', qualifier: 'exact', source: 'test' },
  ]);

  it('is never judged against the regional target: 银川 350 is not “≥ 500 → 70 %”', () => {
    const result = evaluateTarget(target, '640100', 2023, calculator, { basis: 'none' });
    expect(result).toMatchObject({ status: 'no_own_target', target: null, progress: null, path_value: null, value: 350, target_basis: 'none' });
    expect(result.growth.required).toBeNull();
    const answer = presentTargetEvaluation(result);
    expect(answer).toMatchObject({ target_basis: 'none', target: null, progress: null, status: 'no_own_target' });
  });

  it('has no data, not a status, without a value', () => {
    expect(evaluateTarget(target, '640200', 2023, calculator, { basis: 'none' })).toMatchObject({ status: 'no_data', target: null });
  });
});

describe('counts are whole in display', () => {
  it('shows the straight path (序时进度) of a count as the whole number needed to be on it, and forecasts rounded half up', () => {
    const indicators = [{ code: 'national_hte', name: '国家高新技术企业', unit: '家', period_type: 'year' as const, aggregation: 'sum' as const }];
    const target: Target = { id: 't', indicator: 'national_hte', comparator: '>=', value: 1500, year: 2025, clause: 3, text: 't', baseline: { year: 2020, value: 1000 } };
    const odd: Target = { ...target, baseline: { year: 2019, value: 1000 }, value: 1500 };
    // 1000 + 500 × 4 / 6 = 1333.33…
    const calculator = new IndicatorCalculator(indicators, tree, [
      { indicator: 'national_hte', org: '640000', period: '2019', value: '1000', qualifier: 'exact', source: 's' },
      { indicator: 'national_hte', org: '640000', period: '2023', value: '1333', qualifier: 'exact', source: 's' },
    ]);
    const result = evaluateTarget(odd, '640000', 2023, calculator);
    expect(result.path_value).toBeCloseTo(1333.333, 3);
    // 1333 is behind 1333.33: the whole number on the path is 1334, never a fractional 1333.33家.
    expect(result.status).not.toBe('on_track');
    const answer = presentTargetEvaluation(result, indicators[0]);
    expect(answer.path_value).toBe(1334);
    expect(Number.isInteger(answer.forecast.linear)).toBe(true);
    // A percentage keeps its decimals.
    expect(presentTargetEvaluation(result, { unit: '%' }).path_value).toBeCloseTo(1333.333, 3);
  });
});

describe('who supplies a target’s figure', () => {
  it('names the indicator’s supplier, else the lead of the measure carrying the target, else the lead of the clause’s task', () => {
    const pack = packOf();
    const target = pack.targets[0]!;
    const supplier = findTargetSupplier(pack, target);
    expect(supplier === undefined || ['indicator', 'measure', 'task'].includes(supplier.via)).toBe(true);
    const withSupplier: PolicyPack = { ...pack, indicators: pack.indicators.map((indicator) => (indicator.code === target.indicator ? { ...indicator, supplier: pack.units[0]!.id } : indicator)) };
    expect(findTargetSupplier(withSupplier, target)).toMatchObject({ unit: { id: pack.units[0]!.id }, via: 'indicator' });
  });
});

describe('checking an area target', () => {
  it('refuses a fractional count, a negative value, an area outside the region and the region itself', () => {
    const pack = packOf();
    const bigTree = new AreaTree([...tree.all, { code: '100000', name: '全国', parentCode: null, level: 'country' }]);
    const check = (org: string, value: string) => checkAreaTarget(pack, bigTree, { target: 'target-national-hte-2026', org, value: new Decimal(value) });
    expect(check('640100', '12')).toMatchObject({ write: { org: '640100' } });
    expect(check('银川市', '12')).toMatchObject({ write: { org: '640100' } });
    expect(check('640100', '12.5')).toMatchObject({ refusal: { field: 'value' } });
    expect(check('640100', '-1')).toMatchObject({ refusal: { field: 'value' } });
    expect(check('100000', '12')).toMatchObject({ refusal: { field: 'org' } });
    expect(check('640000', '12')).toMatchObject({ refusal: { field: 'org' } });
  });
});
