import { describe, expect, it } from 'vitest';
import type { Incentive } from '../policy/index.ts';
import { compileRule } from './compile-rule.ts';
import { compilePack } from './compile-pack.ts';
import { evaluateRule, evaluateRuleOutcome, type PackRef } from './evaluate-rule.ts';
import { bundledPacksDir, loadPack, loadPacks } from '../policy/index.ts';
import type { RuleProfile } from './compile-expression.ts';
import * as X from './exact.ts';
import { prepareFigures } from './generate-rule.ts';

const ref: PackRef = { id: 'test', clauseLabel: (clause) => `第${clause}条` };

function ruleOf(rule: Partial<NonNullable<Incentive['rule']>>, parameters: Incentive['parameters'] = []) {
  const incentive: Incentive = {
    id: 'test.rule',
    clause: 11,
    title: '测试',
    beneficiary: 'enterprise',
    frequency: 'yearly',
    kind: 'rule',
    text: '测试',
    parameters,
    rule: { profile: 'enterprise', trigger: { yearly: true }, let: [], conditions: [], ...rule },
  };
  const compiled = compileRule(incentive, 0);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  return compiled.rule;
}

describe('three-valued logic', () => {
  const rule = ruleOf({
    conditions: [
      { name: 'staff', label: '科技人员占比不低于10%', expr: 'fin(year - 1, "tech_staff") * 10 >= fin(year - 1, "staff")' },
      { name: 'ip', label: '有知识产权', expr: 'fin(year - 1, "ip_class1") + fin(year - 1, "ip_class2") >= 1 || has_event("ip_waiver")' },
    ],
  });

  it('false && unknown is false: ineligible, nothing asked for', () => {
    const outcome = evaluateRuleOutcome(rule, { years: { '2023': { tech_staff: 5, staff: 100 } } }, 2024);
    expect(outcome).toMatchObject({ status: 'ineligible', missing: [] });
  });

  it('unknown conditions make needs_info with the union of their missing paths', () => {
    const outcome = evaluateRuleOutcome(rule, { years: { '2023': { tech_staff: 10 } } }, 2024);
    expect(outcome).toMatchObject({ status: 'needs_info', missing: ['years.2023.ip_class1', 'years.2023.ip_class2', 'years.2023.staff'] });
  });

  it('true || unknown is true', () => {
    const outcome = evaluateRuleOutcome(rule, { events: [{ type: 'ip_waiver', year: 2020 }], years: { '2023': { tech_staff: 10, staff: 100 } } }, 2024);
    expect(outcome.status).toBe('eligible');
  });

  it('tech staff at exactly 10% meets the condition', () => {
    expect(evaluateRuleOutcome(rule, { years: { '2023': { tech_staff: 13, staff: 130, ip_class1: 1, ip_class2: 0 } } }, 2024).status).toBe('eligible');
  });

  it('a division by zero is an error naming it, not a silent zero', () => {
    const ratio = ruleOf({ conditions: [{ name: 'r', label: '比例', expr: 'ratio(fin(year, "rd_expense"), fin(year, "revenue")) >= 0.05' }] });
    const outcome = evaluateRuleOutcome(ratio, { years: { '2024': { rd_expense: 1, revenue: 0 } } }, 2024);
    expect(outcome.status).toBe('needs_info');
    expect(outcome.error).toMatch(/division by zero/);
  });
});

describe('near-miss advice in numbers', () => {
  it('科技人员占比 9.2%: still 1 person short', () => {
    const rule = ruleOf({ conditions: [{ name: 'staff', label: '科技人员占职工总数比例不低于10%', expr: 'fin(year - 1, "tech_staff") * 10 >= fin(year - 1, "staff")', advice: '科技人员 {current} 人，需 ≥ {required} 人，还差 {gap} 人' }] });
    const benefit = evaluateRule(rule, ref, { years: { '2023': { tech_staff: 12, staff: 130 } } }, 2024);
    expect(benefit.status).toBe('ineligible');
    expect(benefit.advice).toEqual([expect.objectContaining({ condition: 'staff', current: '12', required: '13', gap: '1', text: '科技人员 12 人，需 ≥ 13 人，还差 1 人' })]);
  });

  it('R&D at 4.62% of sales: 再投入研发费用 38 万元即可达到 5%', () => {
    const rule = ruleOf(
      {
        let: [{ name: 'rd', label: '研发费用', expr: 'fin(year - 1, "rd_expense")' }],
        conditions: [{ name: 'rd_share', label: '研发费用占销售收入比例不低于5%', expr: 'rd >= params.rd_share * fin(year - 1, "revenue")', advice: '再投入研发费用 {gap_wan} 万元即可达到 5%' }],
      },
      [{ name: 'rd_share', label: '比例', value: 0.05, unit: 'ratio' }],
    );
    const benefit = evaluateRule(rule, ref, { years: { '2023': { rd_expense: 4620000, revenue: 100000000 } } }, 2024);
    expect(benefit.advice[0]).toMatchObject({ current: '4620000', required: '5000000', gap: '380000', text: '再投入研发费用 38 万元即可达到 5%' });
  });

  it('a strict bound (> 500,000) needs one fen more', () => {
    const rule = ruleOf({ conditions: [{ name: 'over', label: '超过50万元', expr: 'fin(year, "revenue") > 500000' }] });
    const benefit = evaluateRule(rule, ref, { years: { '2024': { revenue: 500000 } } }, 2024);
    expect(benefit.advice[0]).toMatchObject({ required: '500000.01', gap: '0.01' });
  });
});

describe('dated parameters and the trace', () => {
  it('uses the value in force on the calculation date', () => {
    const rule = ruleOf({ amount: 'params.rate * fin(year - 1, "rd_expense_deduction")' }, [
      { name: 'rate', label: '加计扣除比例', value: 0.75, unit: 'ratio', from: '2018-01-01', to: '2022-12-31' },
      { name: 'rate', label: '加计扣除比例', value: 1, unit: 'ratio', from: '2023-01-01', clause: 1 },
    ]);
    const profile = { years: { '2021': { rd_expense_deduction: 1000000 }, '2022': { rd_expense_deduction: 1000000 }, '2023': { rd_expense_deduction: 1000000 } } };
    expect(evaluateRule(rule, ref, profile, 2022).amount_text).toBe('750000.00');
    expect(evaluateRule(rule, ref, profile, 2024).amount_text).toBe('1000000.00');
  });

  it('traces every condition with its value, clause and outcome; flags not declared are assumptions', () => {
    const rule = ruleOf({ conditions: [{ name: 'not_deemed', label: '非核定征收', expr: '!flag("deemed_taxation")', clause: 4 }] });
    const benefit = evaluateRule(rule, ref, {}, 2024);
    expect(benefit.trace).toContainEqual(expect.objectContaining({ step: 'not_deemed', value: '是', clause: 4, outcome: 'met' }));
    expect(benefit.assumptions).toEqual(['flags.deemed_taxation：未声明，按否计']);
  });
});

describe('compiled once per pack version', () => {
  it('returns the same compiled pack for the same content hash', () => {
    const loaded = loadPack(new URL('../../packs/ningxia-2022-st-action', import.meta.url).pathname);
    if (!loaded.ok) throw new Error('pack');
    const first = compilePack(loaded.pack);
    expect(compilePack(loaded.pack)).toBe(first);
    expect(first.rules.length).toBeGreaterThanOrEqual(10);
    const changed = { ...loaded.pack, metadata: { ...loaded.pack.metadata, version: '9.9.9' } };
    expect(compilePack(changed)).not.toBe(first);
  });
});

describe('profiles from the registry', () => {
  it('reads money given as exact decimal strings ("1234567.89") exactly', () => {
    const rule = ruleOf({ amount: 'dec("0.2") * fin(year - 1, "rd_expense")' });
    expect(evaluateRule(rule, ref, { years: { '2023': { rd_expense: '1234567.89' } } }, 2024).amount_text).toBe('246913.58');
  });

  it('has_fin tests presence without asking for the figure (a fallback to another field)', () => {
    const rule = ruleOf({ let: [{ name: 'base', label: '基数', expr: 'has_fin(year - 1, "rd_expense_deduction") ? fin(year - 1, "rd_expense_deduction") : fin(year - 1, "rd_expense")' }], amount: 'base' });
    expect(evaluateRule(rule, ref, { years: { '2023': { rd_expense: 100 } } }, 2024)).toMatchObject({ status: 'eligible', amount_text: '100.00' });
    expect(evaluateRule(rule, ref, { years: { '2023': { rd_expense: 100, rd_expense_deduction: 90 } } }, 2024).amount_text).toBe('90.00');
  });

  it('the profile schema takes money as numbers or decimal strings, and a negative net_assets only', async () => {
    const { enterpriseProfileSchema } = await import('./profile-schema.ts');
    const base = { credit_code: '91640100MA76A0018N', name: '甲' };
    expect(enterpriseProfileSchema.safeParse({ ...base, years: { '2023': { revenue: '48000000.00', net_assets: '-2500000.50' } } }).success).toBe(true);
    expect(enterpriseProfileSchema.safeParse({ ...base, years: { '2023': { revenue: '-1.00' } } }).success).toBe(false);
    expect(enterpriseProfileSchema.safeParse({ ...base, years: { '2023': { revenue: '1.001' } } }).success).toBe(false);
  });
});

describe('the lean path (generated code: screening, bench) and the explained path (closures: calc, API)', () => {
  const view = (outcome: { status: string; amount: X.Num | null; cap: X.Num | null; score: X.Num | null; missing: string[]; outputs?: Record<string, X.Num | null>; error?: string }) =>
    JSON.stringify([outcome.status, outcome.amount === null ? null : X.toFixedText(outcome.amount), outcome.cap === null ? null : X.toFixedText(outcome.cap), outcome.score === null ? null : X.toText(outcome.score), outcome.missing.join(), outcome.error ?? null]);
  const explainedView = (benefit: ReturnType<typeof evaluateRule>) =>
    JSON.stringify([benefit.status, benefit.amount_text, benefit.cap_text, benefit.score_text ?? null, benefit.missing.join(), benefit.error ?? null]);

  it('agree on status, amount, cap, score, missing and errors for every enterprise rule of every pack and 5,000 synthetic profiles', async () => {
    const { syntheticProfile, SYNTHETIC_YEAR } = await import('../../bench/synthetic-profiles.ts');
    const loaded = loadPacks(bundledPacksDir);
    if (!loaded.ok) throw new Error('packs');
    const rules = loaded.packs.flatMap((pack) => compilePack(pack).rules).filter((rule) => rule.rule.profile === 'enterprise');
    const disagreements: string[] = [];
    const statuses = new Set<string>();
    for (let i = 0; i < 5000; i += 1) {
      const profile = syntheticProfile(i) as RuleProfile;
      const figures = prepareFigures(profile, SYNTHETIC_YEAR);
      for (const rule of rules) {
        const lean = evaluateRuleOutcome(rule, profile, SYNTHETIC_YEAR, undefined, figures);
        statuses.add(`${rule.incentive.id}:${lean.status}`);
        const full = evaluateRule(rule, ref, profile, SYNTHETIC_YEAR);
        if (view(lean) !== explainedView(full)) disagreements.push(`${rule.incentive.id} #${i}: ${view(lean)} vs ${explainedView(full)}`);
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // The profiles reach every status of the national criteria (so the comparison covers each path).
    for (const id of ['national.hte-recognition', 'national.tech-sme-evaluation', 'national.rd-super-deduction']) {
      for (const status of ['eligible', 'ineligible', 'needs_info']) expect(statuses.has(`${id}:${status}`), `${id}:${status}`).toBe(true);
    }
  });

  it('agree on hand-made edge cases: decimal strings, cents, negative numbers, values past 2^53, a division by zero', () => {
    const rule = ruleOf(
      {
        let: [
          { name: 'share', label: '占比', expr: 'ratio(fin(year - 1, "rd_expense"), fin(year - 1, "revenue"))' },
          { name: 'total', label: '合计', expr: 'fin(year - 1, "rd_expense") + fin(year - 2, "rd_expense") - fin(year - 3, "rd_expense")' },
        ],
        conditions: [
          { name: 'share_ok', label: '占比', expr: 'share >= params.min_share' },
          { name: 'staff_ok', label: '人员', expr: 'fin(year - 1, "tech_staff") >= params.min_share * fin(year - 1, "staff")' },
          { name: 'total_ok', label: '合计', expr: '-total < 0 || total * 3 > 2' },
        ],
        score: 'band(share, [0.06, 0.05], [2, 1], 0) + (flag("deemed_taxation") ? 10 : 0)',
        amount: 'total * params.min_share',
        cap: 'params.cap',
      },
      [
        { name: 'min_share', label: '比例', value: '0.05', unit: 'ratio', from: '2020-01-01' },
        { name: 'cap', label: '上限', value: 1_234_567.89, unit: 'yuan', from: '2020-01-01' },
      ],
    );
    const figures = (values: Record<string, unknown>[]) => ({ years: Object.fromEntries(values.map((v, k) => [String(2023 - k), v])) });
    const profiles: RuleProfile[] = [
      figures([{ rd_expense: '5000000.01', revenue: '100000000.00', tech_staff: 5, staff: 100 }, { rd_expense: 1 }, { rd_expense: 2 }]),
      figures([{ rd_expense: 9_007_199_254_740_000, revenue: 9_007_199_254_740_990, tech_staff: 1, staff: 20 }, { rd_expense: 9_007_199_254_740_000 }, { rd_expense: 1 }]),
      figures([{ rd_expense: 0.01, revenue: 0, tech_staff: 1, staff: 20 }, { rd_expense: 0.01 }, { rd_expense: 0.03 }]),
      figures([{ rd_expense: 10, revenue: 100, tech_staff: 1, staff: 20 }, {}, { rd_expense: -4 }]),
      { ...figures([{ rd_expense: 7, revenue: 100, tech_staff: 50, staff: 1000 }, { rd_expense: 5 }, { rd_expense: 1 }]), flags: { deemed_taxation: true } },
      {},
    ];
    for (const profile of profiles) expect(view(evaluateRuleOutcome(rule, profile, 2024))).toBe(explainedView(evaluateRule(rule, ref, profile, 2024)));
  });

  it('keeps pack text out of the generated code: quotes and comment marks in names stay data', () => {
    const rule = ruleOf({
      let: [],
      conditions: [{ name: 'x"); throw new Error("injected"); ("', label: '*/ `${1}`', expr: `flag('x"); throw 1; //')` }],
    });
    expect(evaluateRuleOutcome(rule, { flags: { 'x"); throw 1; //': true } }, 2024).status).toBe('eligible');
    expect(evaluateRuleOutcome(rule, {}, 2024).status).toBe('ineligible');
  });
});

describe('errors and false conditions', () => {
  const rule = ruleOf({
    let: [
      { name: 'share', label: '研发占比', expr: 'ratio(fin(year - 1, "rd_expense"), fin(year - 1, "revenue"))' },
      { name: 'unused', label: '仅展示', expr: 'ratio(fin(year - 1, "staff"), fin(year - 1, "tech_staff"))' },
    ],
    conditions: [
      { name: 'share_ok', label: '研发占比不低于5%', expr: 'share >= 0.05' },
      { name: 'staff_ok', label: '职工不少于10人', expr: 'fin(year - 1, "staff") >= 10' },
    ],
  });

  it('a false condition decides even when another condition fails with a division by zero', () => {
    const profile = { years: { '2023': { rd_expense: 1, revenue: 0, staff: 5, tech_staff: 0 } } };
    expect(evaluateRuleOutcome(rule, profile, 2024)).toMatchObject({ status: 'ineligible' });
    expect(evaluateRule(rule, ref, profile, 2024)).toMatchObject({ status: 'ineligible' });
  });

  it('without a false condition the division by zero is the answer, named, in both paths', () => {
    const profile = { years: { '2023': { rd_expense: 1, revenue: 0, staff: 50, tech_staff: 0 } } };
    expect(evaluateRuleOutcome(rule, profile, 2024)).toMatchObject({ status: 'needs_info', error: expect.stringMatching(/division by zero/) });
    const benefit = evaluateRule(rule, ref, profile, 2024);
    expect(benefit).toMatchObject({ status: 'needs_info', error: expect.stringMatching(/division by zero/) });
    expect(benefit.trace.find((step) => step.step === 'unused')?.value).toMatch(/^错误：/);
  });

  it('a value read by no condition is not computed on the lean path, but traced on the explained one', () => {
    const profile = { years: { '2023': { rd_expense: 10, revenue: 100, staff: 50, tech_staff: 0 } } };
    expect(evaluateRuleOutcome(rule, profile, 2024)).toMatchObject({ status: 'eligible' });
    expect(evaluateRule(rule, ref, profile, 2024).status).toBe('eligible');
  });
});

describe('band(ratio(a, b), literal thresholds …): the integer fast path agrees with the exact general path', () => {
  // Literal thresholds take the compiled fast path; thresholds read from a parameter take the builtin's.
  const score = (thresholds: string) => `band(ratio(fin(year, "rd_expense"), fin(year, "revenue")), ${thresholds}, [20, 10], 0)`;
  const fast = ruleOf({ conditions: [], score: score('[0.3, 0.2]') });
  const general = ruleOf({ conditions: [], score: score('[params.t1, dec("0.2")]') }, [{ name: 't1', label: '阈值', value: 0.3, unit: 'ratio', from: '2020-01-01' }]);
  const cases: [string, Record<string, number | string>, number | null, string?][] = [
    ['exactly at a threshold', { rd_expense: 30, revenue: 100 }, 20],
    ['just below it', { rd_expense: 29_999_999, revenue: 100_000_000 }, 10],
    // a · 10 passes 2^53: the fast path must fall back to exact arithmetic, never a rounded double
    ['at the threshold past 2^53', { rd_expense: 2_700_000_000_000_003, revenue: 9_000_000_000_000_010 }, 20],
    ['below it past 2^53', { rd_expense: 2_700_000_000_000_002, revenue: 9_000_000_000_000_010 }, 10],
    // 0.3 is 30/100: 270000000000000500 < 270000000000000510 exactly, but not in doubles
    ['below it where the double products tie', { rd_expense: 2_700_000_000_000_005, revenue: 9_000_000_000_000_017 }, 10],
    ['a negative divisor', { rd_expense: 5, revenue: -10 }, 0],
    ['a decimal string', { rd_expense: '30.00', revenue: '100.00' }, 20],
    ['cents', { rd_expense: 0.3, revenue: 1 }, 20],
    ['a missing figure', { rd_expense: 1 }, null],
    ['a division by zero', { rd_expense: 1, revenue: 0 }, null, 'division by zero'],
  ];
  for (const [name, figures, expected, error] of cases) {
    it(name, () => {
      const profile = { years: { '2024': figures } };
      const a = evaluateRuleOutcome(fast, profile, 2024);
      const b = evaluateRuleOutcome(general, profile, 2024);
      expect(a).toEqual(b);
      expect(a.score).toBe(expected);
      if (error) expect(a.error).toMatch(error);
    });
  }
});

describe('the parameters a result rests on', () => {
  it('are listed with the value in force on the date, their clause and their reading in both languages', () => {
    const rule = ruleOf({ conditions: [], amount: 'params.rate * fin(year - 1, "rd_expense")' }, [
      { name: 'rate', label: '奖励比例', value: '0.1', unit: 'ratio', from: '2020-01-01', to: '2023-12-31', clause: 7 },
      { name: 'rate', label: '奖励比例', value: '0.2', unit: 'ratio', from: '2024-01-01', clause: 7, interpretation: 'Of the prior year.', interpretation_zh: '按上一年度计算。' },
    ]);
    const benefit = evaluateRule(rule, ref, { years: { '2023': { rd_expense: 100 } } }, 2024);
    expect(benefit.amount_text).toBe('20.00');
    expect(benefit.parameters).toEqual([
      { name: 'rate', label: '奖励比例', value_text: '0.2', unit: 'ratio', clause: 7, clause_label: '第7条', from: '2024-01-01', to: null, interpretation: 'Of the prior year.', interpretation_zh: '按上一年度计算。' },
    ]);
    expect(evaluateRule(rule, ref, { years: { '2022': { rd_expense: 100 } } }, 2023).parameters[0]?.value_text).toBe('0.1');
  });
});
