import { Decimal } from 'decimal.js';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { numericParametersInForce, prepareParameterOverrides } from '../incentives/index.ts';
import { areaNamesOf, costRulesOf, evaluateRegister, registerContextOf, Sum, type AreaNames } from './evaluate-register.ts';
import type { FiscalCaller } from './fiscal-caller.ts';
import type { WhatIfChange, WhatIfInput, WhatIfResult } from './fiscal-contract.ts';

/** How many changed firms a what-if lists (all are counted). */
export const whatIfChangesLimit = 1000;

/**
 * What-if (模拟测算): every enterprise of the scope evaluated twice for the year, with the
 * parameters in force and with the overrides; the cost (sum of eligible amounts, exact) before and
 * after by incentive and by area, the difference, and the firms whose status or amount changes.
 * Nothing is stored (a scenario is saved only on request: saveScenario).
 */
export async function runWhatIf(db: DatabaseOrTransaction, caller: FiscalCaller, input: WhatIfInput): Promise<WhatIfResult> {
  caller.permissions.assertCan(caller.actor, 'fiscal.read');
  const context = await registerContextOf(db, caller, input.org);
  const rules = costRulesOf(context.packs, input.year, { qualifications: true });
  // Unknown incentives and parameters are refused here, before any firm is read.
  prepareParameterOverrides(
    rules.map((rule) => rule.rule),
    input.overrides,
  );
  const byIncentive = rules.map(() => ({ baseline: new Sum(), whatIf: new Sum(), baselineEligible: 0, whatIfEligible: 0 }));
  const byArea = new Map<string, { baseline: Sum; whatIf: Sum }>();
  const changes: WhatIfChange[] = [];
  let changesTotal = 0;
  const areaNames = new Map<string, AreaNames>();
  const namesOf = (code: string) => {
    let names = areaNames.get(code);
    if (!names) areaNames.set(code, (names = areaNamesOf(context.tree, code)));
    return names;
  };
  const enterprises = await evaluateRegister(
    db,
    context,
    rules,
    input.year,
    (profile, baseline, whatIfOutcomes) => {
      const whatIf = whatIfOutcomes ?? baseline;
      let area = byArea.get(profile.org);
      if (!area) byArea.set(profile.org, (area = { baseline: new Sum(), whatIf: new Sum() }));
      for (let index = 0; index < rules.length; index += 1) {
        const before = baseline[index]!;
        const after = whatIf[index]!;
        const line = byIncentive[index]!;
        line.baseline.add(before.cost);
        line.whatIf.add(after.cost);
        if (before.status === 'eligible') line.baselineEligible += 1;
        if (after.status === 'eligible') line.whatIfEligible += 1;
        area.baseline.add(before.cost);
        area.whatIf.add(after.cost);
        if (before.status === after.status && before.cost === after.cost) continue;
        changesTotal += 1;
        if (changes.length >= whatIfChangesLimit) continue;
        const rule = rules[index]!;
        changes.push({
          credit_code: profile.credit_code,
          name: profile.name,
          synthetic: profile.synthetic,
          ...namesOf(profile.org),
          incentive_id: rule.rule.incentive.id,
          incentive_title: rule.rule.incentive.title,
          pack_id: rule.packId,
          before_status: before.status,
          after_status: after.status,
          before_amount: before.cost,
          after_amount: after.cost,
        });
      }
    },
    input.overrides,
  );
  const baselineTotal = byIncentive.reduce((sum, line) => sum.plus(line.baseline.decimal), new Decimal(0));
  const whatIfTotal = byIncentive.reduce((sum, line) => sum.plus(line.whatIf.decimal), new Decimal(0));
  const overridden: WhatIfResult['overridden'] = [];
  for (const rule of rules) {
    const values = input.overrides[rule.rule.incentive.id];
    if (!values) continue;
    const inForce = numericParametersInForce(rule.rule, input.year);
    for (const [name, value] of Object.entries(values).sort(([a], [b]) => a.localeCompare(b))) {
      const parameter = inForce.find((candidate) => candidate.name === name);
      const declared = rule.rule.incentive.parameters.find((candidate) => candidate.name === name);
      overridden.push({ incentive_id: rule.rule.incentive.id, incentive_title: rule.rule.incentive.title, pack_id: rule.packId, name, label: declared?.label ?? name, unit: declared?.unit ?? '', in_force: parameter?.value ?? null, what_if: new Decimal(value).toString() });
    }
  }
  return {
    year: input.year,
    org: input.org ?? null,
    org_name: context.orgName,
    overrides: input.overrides,
    overridden,
    enterprises,
    baseline_total: baselineTotal.toFixed(2),
    what_if_total: whatIfTotal.toFixed(2),
    difference_total: whatIfTotal.minus(baselineTotal).toFixed(2),
    by_incentive: rules.map((rule, index) => {
      const line = byIncentive[index]!;
      return {
        incentive_id: rule.rule.incentive.id,
        incentive_title: rule.rule.incentive.title,
        pack_id: rule.packId,
        baseline: line.baseline.text,
        what_if: line.whatIf.text,
        difference: line.whatIf.decimal.minus(line.baseline.decimal).toFixed(2),
        baseline_eligible: line.baselineEligible,
        what_if_eligible: line.whatIfEligible,
      };
    }),
    by_area: [...byArea.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, sums]) => ({ ...namesOf(code), baseline: sums.baseline.text, what_if: sums.whatIf.text, difference: sums.whatIf.decimal.minus(sums.baseline.decimal).toFixed(2) })),
    changes,
    changes_total: changesTotal,
    changes_limit: whatIfChangesLimit,
  };
}
