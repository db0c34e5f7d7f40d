import { Decimal } from 'decimal.js';
import type { RuleProfile } from './compile-expression.ts';
import type { CompiledPack } from './compile-pack.ts';
import { evaluateRule } from './evaluate-rule.ts';

/**
 * "Close to high-tech recognition" (the tier pipeline's candidates, issue 12 Build 5) decided by
 * the pack's own rule, national.hte-recognition, so that the 5/4/3 % brackets and the 60 % share
 * live in one place (packs/national-hte-recognition). A firm is close when the rule's R&D-ratio
 * condition (（五）, by the bracket of the latest year's sales, over the fiscal years the rule
 * reads) and its high-tech revenue condition (（六）) both hold on its latest accounts: the firm
 * is assessed as if it applied the year after its latest financial year. The other conditions
 * (tech staff, IP, the experts' score …) are what the near-miss advice and the status tell.
 */
export const hteRecognitionIncentive = 'national.hte-recognition';
const closeConditions = ['rd_ratio', 'high_tech_revenue'] as const;

export interface HteCandidateDecision {
  credit_code: string;
  /** The financial year the decision reads (the latest on record); the rule's application year is the next. */
  year: number;
  close: boolean;
  status: string;
  /** R&D ÷ sales over the fiscal years the rule sums, exact (null when unknown). */
  rd_ratio: string | null;
  /** High-tech revenue ÷ revenue of the latest year, exact (null when unknown). */
  high_tech_share: string | null;
  /** The rule's near-miss advice in words (conditions not met, with what would meet them). */
  advice: string[];
}

export interface HteCandidates {
  /** The labels of the rule's conditions that make a firm a candidate, as the pack words them. */
  criteria: string[];
  decisions: HteCandidateDecision[];
}

function ratioText(numerator: unknown, denominator: unknown): string | null {
  const exact = (x: unknown) => (typeof x === 'number' && Number.isFinite(x)) || (typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x));
  if (!exact(numerator) || !exact(denominator)) return null;
  const d = new Decimal(denominator as string | number);
  return d.isZero() ? null : new Decimal(numerator as string | number).dividedBy(d).toSignificantDigits(12).toFixed();
}

/** Runs national.hte-recognition of the packs given on each profile; none when no pack has the rule. */
export function decideHteCandidates(packs: readonly CompiledPack[], profiles: readonly (RuleProfile & { credit_code: string; years?: Record<string, Record<string, unknown>> })[]): HteCandidates {
  const compiled = packs.flatMap((pack) => pack.rules.map((rule) => ({ pack, rule }))).find(({ rule }) => rule.incentive.id === hteRecognitionIncentive);
  if (!compiled) return { criteria: [], decisions: [] };
  const criteria = closeConditions.map((name) => compiled.rule.conditions.find((step) => step.name === name)?.label ?? name);
  const decisions: HteCandidateDecision[] = [];
  for (const profile of profiles) {
    const years = Object.keys(profile.years ?? {}).map(Number).filter(Number.isInteger);
    if (years.length === 0) continue;
    const latest = Math.max(...years);
    const benefit = evaluateRule(compiled.rule, compiled.pack.ref, profile, latest + 1);
    const outcome = (name: string) => benefit.trace.find((step) => step.step === name)?.outcome;
    const value = (name: string) => benefit.trace.find((step) => step.step === name)?.value;
    const figures = profile.years?.[String(latest)] ?? {};
    decisions.push({
      credit_code: profile.credit_code,
      year: latest,
      close: closeConditions.every((name) => outcome(name) === 'met'),
      status: benefit.status,
      rd_ratio: ratioText(value('rd_total'), value('revenue_total')),
      high_tech_share: ratioText(figures.high_tech_revenue, figures.revenue),
      advice: benefit.advice.map((advice) => advice.text),
    });
  }
  return { criteria, decisions };
}
