import type { DatabaseOrTransaction } from '../db/index.ts';
import { costRulesOf, evaluateRegister, Sum, type CostRule, type RegisterContext } from './evaluate-register.ts';

/** One incentive's forecast in one area. */
export interface ForecastCell {
  rule: CostRule;
  area: string;
  amount: Sum;
  eligible: number;
  capOnly: number;
  needsInfo: number;
}

/**
 * Next year's cost (docs/fiscal.md, "Forecast"): the engine evaluated for `year` on the
 * registry's latest data (the figures of the years before it, the certifications and events
 * recorded), with the parameters in force for that year. Events that have not happened, and
 * amounts the text gives only as a ceiling, are not forecast (counted apart).
 */
export async function forecastCost(db: DatabaseOrTransaction, context: RegisterContext, year: number): Promise<{ rules: CostRule[]; cells: Map<string, ForecastCell>; enterprises: number }> {
  const rules = costRulesOf(context.packs, year);
  const cells = new Map<string, ForecastCell>();
  const enterprises = await evaluateRegister(db, context, rules, year, (profile, outcomes) => {
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'ineligible') return;
      const rule = rules[index]!;
      const key = `${rule.rule.incentive.id}|${profile.org}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { rule, area: profile.org, amount: new Sum(), eligible: 0, capOnly: 0, needsInfo: 0 }));
      if (outcome.status === 'needs_info') cell.needsInfo += 1;
      else {
        cell.eligible += 1;
        if (outcome.capOnly) cell.capOnly += 1;
        cell.amount.add(outcome.cost);
      }
    });
  });
  return { rules, cells, enterprises };
}
