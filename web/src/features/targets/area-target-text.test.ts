import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import zhJson from '../../i18n/zh.json';
import { formatComparison, formatSupplier, formatTargetSource, ownAreaTarget, sharesAndRanks } from './area-target-text.ts';
import { formatValue } from '../indicators/format-value.ts';
import { formatQuantity } from './format-target.ts';

const flat = (object: Record<string, unknown>, prefix = ''): Record<string, string> =>
  Object.fromEntries(Object.entries(object).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value]] : Object.entries(flat(value as Record<string, unknown>, `${prefix}${key}.`)))));
const zh = flat(zhJson as Record<string, unknown>);
const t = ((key: string, values?: Record<string, unknown>) => (zh[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values?.[name] ?? ''))) as unknown as TFunction;
const region = { org: '640000', name: '宁夏回族自治区', value: 1500, period: '2023' };

describe('an area beside its region and siblings', () => {
  it('gives a count its share of the region and its rank', () => {
    expect(formatComparison({ region, share_of_region: 0.2333, share_meaningful: true, rank: 1, rank_of: 5 }, '家', t, 'zh')).toBe('占宁夏回族自治区 23.3%；同级 5 个地区中第 1');
  });

  it('never gives a ratio a share: the region’s value beside it instead', () => {
    const text = formatComparison({ region: { ...region, value: 1.51 }, share_of_region: null, share_meaningful: false, rank: 2, rank_of: 5 }, '%', t, 'zh');
    expect(text).toBe('比例类指标，不计占比；宁夏回族自治区为 1.51%；同级 5 个地区中第 2');
    expect(text).not.toMatch(/占宁夏/);
  });
});

describe('where an area’s own target comes from', () => {
  it('names the coordinator and the Beijing time, or the pack’s clause', () => {
    expect(formatTargetSource({ kind: 'coordinator', clause: null, text: null, set_by: 'coordinator', set_at: '2026-03-01T02:00:00.000Z', note: '市政府下达' }, t, String)).toBe('由 coordinator 于 2026-03-01 10:00:00（北京时间）设定：市政府下达');
    // The public is not told the username: the coordinator as a role.
    expect(formatTargetSource({ kind: 'coordinator', clause: null, text: null, set_by: null, set_at: '2026-03-01T02:00:00.000Z', note: null }, t, String)).toBe('由 统筹部门 于 2026-03-01 10:00:00（北京时间）设定');
    expect(formatTargetSource({ kind: 'pack', clause: 3, text: 'x', set_by: null, set_at: null, note: null }, t, () => '（三）')).toBe('依据：政策包条款（三）');
  });

  it('names who supplies an empty target’s figure', () => {
    expect(formatSupplier({ unit_id: 'science-technology-department', name: '宁夏回族自治区科学技术厅', short_name: '科技厅', via: 'measure' }, t, 'zh')).toBe('报送单位：科技厅');
    expect(formatSupplier(null, t, 'zh')).toBe('政策包未指定报送单位');
  });
});

describe('counts are never fractional', () => {
  it('shows 1283.33家 as 1283家 and rounds half up, while a percentage keeps its decimals', () => {
    expect(formatQuantity(1283.33, '家', 'zh')).toBe('1,283家');
    expect(formatQuantity(1283.5, '家', 'zh')).toBe('1,284家');
    expect(formatQuantity(0.79, '%', 'zh')).toBe('0.79%');
    expect(formatValue(1283.33, '家', null, 'zh')).toBe('1283家');
    expect(formatValue(1283.5, '家', null, 'zh')).toBe('1284家');
    expect(formatValue(1.516, '%', null, 'zh')).toBe('1.52%');
  });
});

describe('the drill-down table’s share and rank', () => {
  it('gives each child with a value its share of an additive parent and its rank; a ratio gets no share', () => {
    const children = [
      { org: '640100', value: 350 },
      { org: '640200', value: 100 },
      { org: '640300', value: null },
      { org: '640400', value: 100 },
    ];
    const shares = sharesAndRanks(children, 1000, true);
    expect(shares.get('640100')).toEqual({ share: 0.35, rank: 1, rank_of: 3 });
    expect(shares.get('640400')).toEqual({ share: 0.1, rank: 2, rank_of: 3 });
    expect(shares.has('640300')).toBe(false);
    expect(sharesAndRanks(children, 1.5, false).get('640100')?.share).toBeNull();
  });
});

describe('an area’s own target in the drill-down', () => {
  it('takes the coordinator’s value over the pack’s breakdown, and none for an area without either', () => {
    const target = { id: 't', indicator: 'national_hte', indicator_name: '国家高新技术企业', unit: '家', comparator: '>=' as const, value: 500, year: 2025, clause: 3, text: 'x' };
    const row = { target_id: 't', indicator: 'national_hte', org: '640100', org_name: '银川市', value: 300, unit: '家', clause: null, source: 'doc', set_by: null, set_at: null, note: null };
    const list = { pack: 'p', targets: [target], area_targets: [{ ...row, kind: 'pack_breakdown' as const }, { ...row, value: 320, kind: 'coordinator' as const }] };
    expect(ownAreaTarget(list, 'national_hte', '640100')).toMatchObject({ value: 320, kind: 'coordinator' });
    expect(ownAreaTarget(list, 'national_hte', '640200')).toBeUndefined();
    expect(ownAreaTarget(list, 'gdp', '640100')).toBeUndefined();
  });
});
