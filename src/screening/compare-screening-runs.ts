import type { DatabaseOrTransaction } from '../db/index.ts';
import { readableAreas, type ScreeningCaller } from './screening-caller.ts';
import type { ScreeningComparison } from './screening-contract.ts';
import { readableRun } from './get-screening-run.ts';
import { areaNameOf, incentiveTitleOf, presentRun } from './present-screening.ts';
import { runRulesOf, sameRules } from './screening-packs.ts';
import { findChangedResults } from './screening-repository.ts';

/**
 * Who changed status or amount between run a and run b, and why: `data` when the enterprise's
 * profile differs between the runs (its hash), `rules` when the runs evaluated different rules
 * (year, pack versions, parameter values); both may hold. A result present in one run only is a
 * data change when the firm is absent from the other run (it entered or left the register or the
 * area), else a rules change (an incentive evaluated in one run only).
 */
export async function compareScreeningRuns(db: DatabaseOrTransaction, caller: ScreeningCaller, query: { a: string; b: string; limit: number; offset: number }): Promise<ScreeningComparison> {
  const a = await readableRun(db, caller, query.a);
  const b = await readableRun(db, caller, query.b);
  const rulesChanged = !sameRules(a, b);
  const { rows, total } = await findChangedResults(db, { id: a.id, rules: runRulesOf(a) }, { id: b.id, rules: runRulesOf(b) }, readableAreas(caller), { limit: query.limit, offset: query.offset });
  const brief = (run: typeof a) => {
    const presented = presentRun(run, caller.tree);
    return { id: presented.id, year: presented.year, started_at: presented.started_at, started_at_text: presented.started_at_text, packs: presented.packs, parameters: presented.parameters };
  };
  return {
    a: brief(a),
    b: brief(b),
    rules_changed: rulesChanged,
    total,
    changes: rows.map((row) => ({
      enterprise_id: row.enterprise_id,
      credit_code: row.credit_code,
      name: row.enterprise_name,
      area_code: row.area_code,
      area_name: areaNameOf(caller.tree, row.area_code),
      incentive_id: row.incentive_id,
      incentive_title: incentiveTitleOf(b.packs.some((pack) => pack.incentives.some((incentive) => incentive.id === row.incentive_id)) ? b : a, row.incentive_id),
      before: row.before_status === null ? null : { status: row.before_status, amount: row.before_amount },
      after: row.after_status === null ? null : { status: row.after_status, amount: row.after_amount },
      reasons: [...(row.data_changed ? (['data'] as const) : []), ...(rulesChanged ? (['rules'] as const) : [])],
      synthetic: row.synthetic,
    })),
  };
}
