import { calculateOutcomes, toFixedText, type CompiledRule, type RuleOutcome } from '../incentives/index.ts';
import { copyField, copyTextArray } from '../db/index.ts';
import { profileRecordOf, type EnterpriseRecordText } from '../registry/index.ts';

/** A rule a run evaluates, with the ids its result rows carry. */
export interface PageRule {
  packId: string;
  incentiveId: string;
  rule: CompiledRule;
}

/**
 * What one pair of COPY statements writes for a chunk of a page: its screened enterprises and its
 * eligible and needs_info results, as COPY text lines (src/db/copy-rows.ts).
 */
export interface PageWrite {
  enterprises: number;
  /** Lines of run_id, area_code, credit_code, enterprise_name, profile_hash, synthetic (`screenedCopyColumns`). */
  screenedRows: string;
  results: number;
  /** Lines of run_id, enterprise_id, area_code, incentive_id, pack_id, status, amount, cap, score, missing, outputs (`resultCopyColumns`). */
  resultRows: string;
}

/** The columns of `PageWrite.screenedRows`, in order. */
export const screenedCopyColumns = ['run_id', 'area_code', 'credit_code', 'enterprise_name', 'profile_hash', 'synthetic'] as const;
/** The columns of `PageWrite.resultRows`, in order. */
export const resultCopyColumns = ['run_id', 'enterprise_id', 'area_code', 'incentive_id', 'pack_id', 'status', 'amount', 'cap', 'score', 'missing', 'outputs'] as const;

/**
 * Evaluates every rule on each enterprise of the page (the engine's lean path) and lays out the
 * rows the run `runId` writes, `chunkSize` enterprises a pair of statements. Ineligible results
 * are not written.
 */
export function evaluatePage(rows: readonly EnterpriseRecordText[], rules: readonly PageRule[], year: number, chunkSize: number, runId: string): PageWrite[] {
  const compiled = rules.map((rule) => rule.rule);
  // The same for every row of the run: the run's id, and each rule's incentive and pack.
  const run = copyField(runId);
  const ruleFields = rules.map((rule) => `${copyField(rule.incentiveId)}\t${copyField(rule.packId)}`);
  const writes: PageWrite[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    let screenedRows = '';
    let resultRows = '';
    let resultCount = 0;
    const end = Math.min(rows.length, start + chunkSize);
    for (let index = start; index < end; index++) {
      const { profile, digest } = profileRecordOf(rows[index]!);
      const org = copyField(profile.org);
      const creditCode = copyField(profile.credit_code);
      screenedRows += `${run}\t${org}\t${creditCode}\t${copyField(profile.name)}\t${copyField(digest)}\t${profile.synthetic ? 't' : 'f'}\n`;
      const outcomes = calculateOutcomes(compiled, profile, year);
      for (let rule = 0; rule < outcomes.length; rule++) {
        const outcome = outcomes[rule]!;
        if (outcome.status === 'ineligible') continue;
        resultCount++;
        resultRows +=
          `${run}\t${creditCode}\t${org}\t${ruleFields[rule]!}\t${outcome.status}\t${moneyField(outcome.amount)}\t${moneyField(outcome.cap)}\t${moneyField(outcome.score)}\t` +
          `${copyTextArray(outcome.missing)}\t${copyField(JSON.stringify(outputsOf(outcome)))}\n`;
      }
    }
    writes.push({ enterprises: end - start, screenedRows, results: resultCount, resultRows });
  }
  return writes;
}

const moneyField = (value: RuleOutcome['amount']) => (value === null ? '\\N' : toFixedText(value, 2));

/** The outcome's named outputs as exact texts; a rule that could not be computed (a division by zero) says why beside its needs_info. */
function outputsOf(outcome: RuleOutcome): Record<string, string | null> {
  const outputs: Record<string, string | null> = {};
  for (const name in outcome.outputs) {
    const value = outcome.outputs[name]!;
    outputs[name] = value === null ? null : toFixedText(value, 2);
  }
  if (outcome.error !== undefined) outputs.error = outcome.error;
  return outputs;
}
