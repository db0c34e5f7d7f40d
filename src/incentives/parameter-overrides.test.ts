import { describe, expect, it } from 'vitest';
import { bundledPacksDir, loadPacks } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import { calculateOutcomes, compilePack, numericParametersInForce, prepareParameterOverrides } from './compile-pack.ts';
import type { RuleProfile } from './compile-expression.ts';
import * as X from './exact.ts';

/** Every rule of the bundled packs, compiled (the first-above-scale award: 20% of prior-year R&D, capped at 2,000,000). */
function bundledRules() {
  const loaded = loadPacks(bundledPacksDir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.packs.flatMap((pack) => compilePack(pack).rules);
}

const award = 'ningxia-2022.first-above-scale-rd-award';
const firstAboveScale = (rd: string): RuleProfile => ({ events: [{ type: 'first_above_scale', year: 2024 }], years: { '2023': { rd_expense: rd } } });
const amountOf = (rules: ReturnType<typeof bundledRules>, profile: RuleProfile, overrides?: Parameters<typeof calculateOutcomes>[4]) => {
  const index = rules.findIndex((rule) => rule.incentive.id === award);
  const outcome = calculateOutcomes(rules, profile, 2024, undefined, overrides)[index]!;
  return { status: outcome.status, amount: outcome.amount === null ? null : X.toFixedText(outcome.amount, 2) };
};

describe('parameter overrides (a fiscal what-if)', () => {
  const rules = bundledRules();

  it('replaces the rate in force for the one evaluation', () => {
    expect(amountOf(rules, firstAboveScale('1234567.89'))).toEqual({ status: 'eligible', amount: '246913.58' });
    expect(amountOf(rules, firstAboveScale('1234567.89'), { [award]: { rate: '0.25' } })).toEqual({ status: 'eligible', amount: '308641.97' });
  });

  it('never pollutes the cached default parameters: a later evaluation without overrides gives the old amount', () => {
    const profile = firstAboveScale('3000000');
    expect(amountOf(rules, profile)).toEqual({ status: 'eligible', amount: '600000.00' });
    expect(amountOf(rules, profile, { [award]: { rate: '0.3' } })).toEqual({ status: 'eligible', amount: '900000.00' });
    expect(amountOf(rules, profile)).toEqual({ status: 'eligible', amount: '600000.00' });
    // And the other way round: the override's entry is not the default's either.
    expect(amountOf(rules, profile, { [award]: { rate: '0.3' } })).toEqual({ status: 'eligible', amount: '900000.00' });
    const rule = rules.find((candidate) => candidate.incentive.id === award)!;
    expect(numericParametersInForce(rule, 2024).find((parameter) => parameter.name === 'rate')?.value).toBe('0.2');
  });

  it('an override of the cap changes only the capped firms', () => {
    const small = firstAboveScale('5000000'); // 1,000,000: below either cap
    const large = firstAboveScale('20000000'); // 4,000,000: capped at 2,000,000, or at 3,000,000
    const overrides = { [award]: { cap: '3000000' } };
    expect(amountOf(rules, small)).toEqual(amountOf(rules, small, overrides));
    expect(amountOf(rules, large)).toEqual({ status: 'eligible', amount: '2000000.00' });
    expect(amountOf(rules, large, overrides)).toEqual({ status: 'eligible', amount: '3000000.00' });
  });

  it('overrides a rule threshold that is a parameter (high-tech recognition’s R&D ratio)', () => {
    const prepared = prepareParameterOverrides(rules, { 'national.hte-recognition': { rd_ratio_small: '0.06' } });
    expect(prepared.get('national.hte-recognition')?.values.rd_ratio_small).toEqual(X.parseDecimal('0.06'));
  });

  it('refuses an unknown incentive, an unknown parameter and a value that is not a decimal, naming each', () => {
    const refusal = (overrides: Record<string, Record<string, string>>) => {
      try {
        prepareParameterOverrides(rules, overrides);
      } catch (error) {
        if (error instanceof AppError) return { code: error.code, zh: error.message, en: error.messageEn };
        throw error;
      }
      return undefined;
    };
    expect(refusal({ 'no.such': { rate: '0.2' } })).toMatchObject({ code: 'bad_request', en: expect.stringContaining('"no.such"') });
    expect(refusal({ [award]: { ratio: '0.2' } })).toMatchObject({ code: 'bad_request', zh: expect.stringContaining('没有参数“ratio”'), en: expect.stringContaining('no parameter "ratio"') });
    expect(refusal({ [award]: { rate: '1e3' } })).toMatchObject({ code: 'bad_request', en: expect.stringContaining(`overrides.${award}.rate`) });
    expect(refusal({ [award]: { base_year_offset: '-1.5' } })).toMatchObject({ code: 'bad_request', en: expect.stringContaining('whole') });
  });
});
