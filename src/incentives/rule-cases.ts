import { loadPack, readPackFolder, type PackProblem, type RuleCase } from '../policy/index.ts';
import { compilePack, lintPackRules } from './compile-pack.ts';
import { evaluateRule } from './evaluate-rule.ts';
import * as X from './exact.ts';
import { describeProfileIssues, enterpriseProfileSchema, otherProfileSchema } from './profile-schema.ts';
import type { RuleProfile } from './compile-expression.ts';

export interface CaseMismatch {
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface CaseResult {
  file: string;
  line: number;
  name: string;
  incentive: string;
  ok: boolean;
  mismatches: CaseMismatch[];
}

export type RuleCaseRun = { ok: true; pack: string; cases: CaseResult[]; passed: number; failed: number } | { ok: false; problems: PackProblem[] };

/** The expected amount as the exact text the engine reports ("2000000.00"), or null. */
function expectedText(value: number | string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const parsed = typeof value === 'number' ? X.fromNumber(value) : X.parseDecimal(value);
  return parsed === undefined ? `invalid: ${value}` : X.toFixedText(parsed, 2);
}

/** Runs a pack's tests/*.yaml rule cases; every mismatch names the field, expected and actual. */
export function runRuleCases(dir: string): RuleCaseRun {
  const loaded = loadPack(dir);
  if (!loaded.ok) return { ok: false, problems: loaded.problems };
  const lint = lintPackRules(dir);
  if (lint.length > 0) return { ok: false, problems: lint };
  const compiled = compilePack(loaded.pack);
  const folder = readPackFolder(dir);
  const cases: CaseResult[] = [];
  for (const file of folder.ruleCases) {
    (file.content?.cases ?? []).forEach((ruleCase, index) => {
      cases.push({ file: file.source.file, line: file.source.lineOf(['cases', index]), ...runCase(compiled, ruleCase) });
    });
  }
  const failed = cases.filter((c) => !c.ok).length;
  return { ok: true, pack: loaded.pack.metadata.id, cases, passed: cases.length - failed, failed };
}

function runCase(compiled: ReturnType<typeof compilePack>, ruleCase: RuleCase): Omit<CaseResult, 'file' | 'line'> {
  const base = { name: ruleCase.name, incentive: ruleCase.incentive };
  const rule = compiled.rules.find((r) => r.incentive.id === ruleCase.incentive);
  if (!rule) return { ...base, ok: false, mismatches: [{ field: 'incentive', expected: 'a rule', actual: 'no rule (not computable)' }] };
  const schema = rule.rule.profile === 'enterprise' ? enterpriseProfileSchema : otherProfileSchema;
  const parsed = schema.safeParse(ruleCase.profile);
  if (!parsed.success) return { ...base, ok: false, mismatches: [{ field: 'profile', expected: 'a valid profile', actual: describeProfileIssues(parsed.error).join('; ') }] };
  const benefit = evaluateRule(rule, compiled.ref, parsed.data as RuleProfile, ruleCase.year, ruleCase.date);
  const mismatches: CaseMismatch[] = [];
  const expect = ruleCase.expect;
  if (benefit.status !== expect.status) mismatches.push({ field: 'status', expected: expect.status, actual: benefit.status + (benefit.error ? ` (${benefit.error})` : benefit.missing.length > 0 ? ` (missing ${benefit.missing.join(', ')})` : '') });
  const money: [keyof typeof expect, string | null | undefined][] = [
    ['amount', benefit.amount_text],
    ['cap', benefit.cap_text],
    ['tax_saving', benefit.tax_saving_text],
  ];
  for (const [field, actual] of money) {
    const wanted = expectedText(expect[field] as number | string | null | undefined);
    if (wanted === undefined) continue;
    if (wanted !== (actual ?? null)) mismatches.push({ field, expected: wanted, actual: actual ?? null });
  }
  if (expect.score !== undefined) {
    const wanted = expect.score === null ? null : X.toText(typeof expect.score === 'number' ? X.fromNumber(expect.score) : (X.parseDecimal(expect.score) ?? 0));
    if (wanted !== (benefit.score_text ?? null)) mismatches.push({ field: 'score', expected: wanted, actual: benefit.score_text ?? null });
  }
  if (expect.missing !== undefined) {
    const wanted = [...expect.missing].sort();
    if (JSON.stringify(wanted) !== JSON.stringify(benefit.missing)) mismatches.push({ field: 'missing', expected: wanted, actual: benefit.missing });
  }
  return { ...base, ok: mismatches.length === 0, mismatches };
}

/** `file:line: case "name" (incentive): status expected eligible, got ineligible; …` */
export function formatCaseFailure(result: CaseResult): string {
  const parts = result.mismatches.map((m) => `${m.field} expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`);
  return `${result.file}:${result.line}: case "${result.name}" (${result.incentive}) failed: ${parts.join('; ')}`;
}
