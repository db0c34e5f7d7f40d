/**
 * The hand-written reference rules (bench/reference-rules.ts) against every rule case of every pack
 * (`packs/<pack>/tests/*.yaml`): status, amount, missing paths, score and tax_saving where a case states them.
 * The cases are the specification written by hand; the reference is the independent oracle the rule engine and the
 * bench are checked against. Also: the synthetic profiles of the bench reach every status of every rule.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evaluateReference, formatFen, referenceIncentives, toFen, type OtherReferenceProfile, type ReferenceProfile } from '../bench/reference-rules.ts';
import { SYNTHETIC_YEAR, syntheticProfile } from '../bench/synthetic-profiles.ts';

interface RuleCase {
  name: string;
  incentive: string;
  year: number;
  profile: ReferenceProfile | OtherReferenceProfile;
  expect: { status: string; amount?: number | string | null; missing?: string[]; score?: number | string | null; tax_saving?: number | string | null };
}

const packsDir = new URL('.', import.meta.url).pathname;

function ruleCases(): { file: string; ruleCase: RuleCase }[] {
  const found: { file: string; ruleCase: RuleCase }[] = [];
  for (const pack of readdirSync(packsDir, { withFileTypes: true })) {
    if (!pack.isDirectory()) continue;
    const testsDir = join(packsDir, pack.name, 'tests');
    if (!existsSync(testsDir)) continue;
    for (const file of readdirSync(testsDir).filter((name) => name.endsWith('.yaml')).sort()) {
      const document = parse(readFileSync(join(testsDir, file), 'utf8')) as { cases: RuleCase[] };
      for (const ruleCase of document.cases) found.push({ file: `${pack.name}/tests/${file}`, ruleCase });
    }
  }
  return found;
}

/** A YAML number (or decimal string) of yuan as the exact two-decimal string (through fen, never a float's digits). */
const yuan = (value: number | string): string => formatFen(toFen(value));

const cases = ruleCases();

describe('the reference rules against every rule case', () => {
  it('finds the cases of every pack with rules', () => {
    const files = new Set(cases.map((entry) => entry.file.split('/')[0]));
    expect([...files].sort()).toEqual(['national-hte-recognition', 'national-rd-super-deduction', 'national-tech-sme', 'ningxia-2022-st-action']);
    for (const incentive of ['ningxia-2022.first-above-scale-rd-award', 'national.hte-recognition', 'national.tech-sme-evaluation', 'national.rd-super-deduction']) {
      expect(cases.some((entry) => entry.ruleCase.incentive === incentive), incentive).toBe(true);
    }
  });

  for (const { file, ruleCase } of cases) {
    it(`${file}: ${ruleCase.name}`, () => {
      const result = evaluateReference(ruleCase.profile, ruleCase.year).find((entry) => entry.incentive === ruleCase.incentive);
      expect(result, `no reference rule for ${ruleCase.incentive}`).toBeDefined();
      if (!result) return;
      const expected = ruleCase.expect;
      expect(result.status).toBe(expected.status);
      if (expected.amount !== undefined) expect(result.amount).toBe(expected.amount === null ? null : yuan(expected.amount));
      if (expected.missing !== undefined) expect([...result.missing].sort()).toEqual([...expected.missing].sort());
      if (expected.score !== undefined) expect(result.score ?? null).toBe(expected.score === null ? null : String(expected.score));
      if (expected.tax_saving !== undefined) expect(result.tax_saving ?? null).toBe(expected.tax_saving === null ? null : yuan(expected.tax_saving));
    });
  }
});

describe('the synthetic profiles', () => {
  it('are deterministic', () => {
    expect(JSON.stringify(syntheticProfile(12345))).toBe(JSON.stringify(syntheticProfile(12345)));
    expect(JSON.stringify(syntheticProfile(1))).not.toBe(JSON.stringify(syntheticProfile(2)));
  });

  it('reach eligible, ineligible and (where a rule reads figures) needs_info for every rule', () => {
    const seen = new Map<string, Set<string>>();
    for (let i = 0; i < 3000; i++) {
      for (const result of evaluateReference(syntheticProfile(i), SYNTHETIC_YEAR)) {
        const statuses = seen.get(result.incentive) ?? new Set<string>();
        statuses.add(result.status);
        seen.set(result.incentive, statuses);
      }
    }
    for (const incentive of referenceIncentives) {
      const expected = incentive === 'ningxia-2022.innovative-demo-enterprise-award' ? ['eligible', 'ineligible'] : ['eligible', 'ineligible', 'needs_info'];
      expect([...(seen.get(incentive) ?? [])].sort(), incentive).toEqual(expected);
    }
  });
});
