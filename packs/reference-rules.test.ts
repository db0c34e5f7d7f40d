/**
 * The hand-written reference rules (bench/reference-rules.ts) against every rule case of every pack
 * (`packs/<pack>/tests/*.yaml`): status, amount, missing paths, score and tax_saving where a case states them.
 * The cases are the specification written by hand; the reference is the independent oracle the rule engine and the
 * bench are checked against. Also: the synthetic profiles of the bench reach every status of every rule, and — where
 * the rule engine (src/incentives) is present — the engine and the reference agree on them, field for field.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** The engine's public surface as far as this check uses it (imported at run time: it lives on the engine's branch). */
interface EngineModule {
  compilePack(pack: unknown): { ref: unknown; rules: { rule: { profile: string }; incentive: { id: string } }[] };
  evaluateRule(rule: unknown, ref: unknown, profile: unknown, year: number): {
    status: string;
    amount_text: string | null;
    score_text?: string | null;
    tax_saving_text?: string | null;
    missing: string[];
  };
}
interface PackLoader {
  loadPacks(dir?: string): { ok: true; packs: unknown[] } | { ok: false };
}

const engineEntry = new URL('../src/incentives/index.ts', import.meta.url);

describe.skipIf(!existsSync(engineEntry))('the rule engine against the reference', () => {
  it('agrees on status, amount, score, tax saving and missing paths for 2,000 synthetic profiles and every enterprise rule', async () => {
    const engine = (await import(engineEntry.href)) as EngineModule;
    const loader = (await import(new URL('../src/policy/load-pack.ts', import.meta.url).href)) as PackLoader;
    const loaded = loader.loadPacks();
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const rules = loaded.packs.flatMap((pack) => {
      const compiled = engine.compilePack(pack);
      return compiled.rules.filter((rule) => rule.rule.profile === 'enterprise').map((rule) => ({ rule, ref: compiled.ref }));
    });
    expect(rules.map(({ rule }) => rule.incentive.id).sort()).toEqual([...referenceIncentives].sort());
    const differences: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const profile = syntheticProfile(i);
      const reference = new Map(evaluateReference(profile, SYNTHETIC_YEAR).map((result) => [result.incentive, result]));
      for (const { rule, ref } of rules) {
        const benefit = engine.evaluateRule(rule, ref, profile, SYNTHETIC_YEAR);
        const expected = reference.get(rule.incentive.id);
        const engineSays = { status: benefit.status, amount: benefit.amount_text, score: benefit.score_text ?? null, tax_saving: benefit.tax_saving_text ?? null, missing: [...benefit.missing].sort() };
        const referenceSays = { status: expected?.status, amount: expected?.amount ?? null, score: expected?.score ?? null, tax_saving: expected?.tax_saving ?? null, missing: [...(expected?.missing ?? [])].sort() };
        if (JSON.stringify(engineSays) !== JSON.stringify(referenceSays)) differences.push(`profile ${i}, ${rule.incentive.id}: engine ${JSON.stringify(engineSays)}, reference ${JSON.stringify(referenceSays)}`);
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });
});
