import { calculateOutcomes, toFixedText, type CompiledRule, type RuleOutcome } from '../incentives/index.ts';
import { profileRecordOf, type EnterpriseRecordText } from '../registry/index.ts';

/** A rule a run evaluates, with the ids its result rows carry. */
export interface PageRule {
  packId: string;
  incentiveId: string;
  rule: CompiledRule;
}

/**
 * What one statement pair writes for a chunk of a page: the columns of its screened enterprises
 * and of its eligible and needs_info results, each column a PostgreSQL array literal (text[]) for
 * `unnest`. Built where the page is evaluated (possibly a worker thread), so that the thread that
 * holds the transaction only sends them.
 */
export interface PageWrite {
  enterprises: number;
  /** area_code, credit_code, enterprise_name, profile_hash, synthetic ('t' / 'f'). */
  screened: [string, string, string, string, string];
  results: number;
  /** enterprise_id, area_code, incentive_id, pack_id, status, amount, cap, score, missing (joined by U+001F), outputs (JSON). */
  resultColumns: [string, string, string, string, string, string, string, string, string, string];
}

/** What joins a result's missing fields in its column (string_to_array splits them again). */
export const missingSeparator = '\u001f';

/**
 * Evaluates every rule on each enterprise of the page (the engine's lean path) and lays out the
 * rows to write, `chunkSize` enterprises a statement pair. Ineligible results are not written.
 */
export function evaluatePage(rows: readonly EnterpriseRecordText[], rules: readonly PageRule[], year: number, chunkSize: number): PageWrite[] {
  const compiled = rules.map((rule) => rule.rule);
  const writes: PageWrite[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    const screened = [new ArrayLiteral(), new ArrayLiteral(), new ArrayLiteral(), new ArrayLiteral(), new ArrayLiteral()] as const;
    const results = Array.from({ length: 10 }, () => new ArrayLiteral());
    let resultCount = 0;
    const end = Math.min(rows.length, start + chunkSize);
    for (let index = start; index < end; index++) {
      const { profile, digest } = profileRecordOf(rows[index]!);
      screened[0].add(profile.org);
      screened[1].add(profile.credit_code);
      screened[2].add(profile.name);
      screened[3].add(digest);
      screened[4].add(profile.synthetic ? 't' : 'f');
      const outcomes = calculateOutcomes(compiled, profile, year);
      for (let rule = 0; rule < outcomes.length; rule++) {
        const outcome = outcomes[rule]!;
        if (outcome.status === 'ineligible') continue;
        resultCount++;
        results[0]!.add(profile.credit_code);
        results[1]!.add(profile.org);
        results[2]!.add(rules[rule]!.incentiveId);
        results[3]!.add(rules[rule]!.packId);
        results[4]!.add(outcome.status);
        results[5]!.add(money(outcome.amount));
        results[6]!.add(money(outcome.cap));
        results[7]!.add(money(outcome.score));
        results[8]!.add(outcome.missing.join(missingSeparator));
        results[9]!.add(JSON.stringify(outputsOf(outcome)));
      }
    }
    writes.push({
      enterprises: end - start,
      screened: [screened[0].text(), screened[1].text(), screened[2].text(), screened[3].text(), screened[4].text()],
      results: resultCount,
      resultColumns: results.map((column) => column.text()) as PageWrite['resultColumns'],
    });
  }
  return writes;
}

const money = (value: RuleOutcome['amount']) => (value === null ? null : toFixedText(value, 2));

/** The outcome's named outputs as exact texts; a rule that could not be computed (a division by zero) says why beside its needs_info. */
function outputsOf(outcome: RuleOutcome): Record<string, string | null> {
  const outputs: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(outcome.outputs)) outputs[name] = money(value);
  if (outcome.error !== undefined) outputs.error = outcome.error;
  return outputs;
}

/** A PostgreSQL array literal built element by element: `{"a","b",NULL}`, quotes and backslashes escaped. */
export class ArrayLiteral {
  #parts: string[] = [];

  add(value: string | null): void {
    if (value === null) this.#parts.push('NULL');
    else this.#parts.push(`"${needsEscape.test(value) ? value.replace(escaped, '\\$&') : value}"`);
  }

  text(): string {
    return `{${this.#parts.join(',')}}`;
  }
}

const needsEscape = /["\\]/;
const escaped = /["\\]/g;
