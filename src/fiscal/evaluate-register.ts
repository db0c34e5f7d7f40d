import { Decimal } from 'decimal.js';
import { findAreaTree, type AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { calculateOutcomes, compilePack, packInForce, toFixedText, type CompiledRule, type ParameterOverrides } from '../incentives/index.ts';
import { findPacks, type PolicyPack } from '../policy/index.ts';
import { streamEnterpriseProfiles, type EnterpriseProfile, type ProfileAccess } from '../registry/index.ts';
import { AppError } from '../shared/index.ts';
import type { FiscalCaller } from './fiscal-caller.ts';

/** A rule that costs money: an amount or a cap (a qualification check such as high-tech recognition costs nothing by itself). */
export interface CostRule {
  rule: CompiledRule;
  packId: string;
  /** The cost of an eligible firm: the tax forgone (`tax_saving`) for a tax incentive, else the amount. */
  costOutput: 'amount' | 'tax_saving';
}

/**
 * The cost-bearing enterprise rules of the packs in force in the year, in pack order; with
 * `qualifications`, also the enterprise rules without money (high-tech recognition): a what-if on
 * their thresholds changes no cost but lists the firms whose status changes.
 */
export function costRulesOf(packs: readonly PolicyPack[], year: number, options: { qualifications?: boolean } = {}): CostRule[] {
  const rules: CostRule[] = [];
  for (const pack of packs) {
    if (!packInForce(pack, year)) continue;
    for (const rule of compilePack(pack).rules) {
      if (rule.rule.profile !== 'enterprise' || rule.incentive.beneficiary !== 'enterprise') continue;
      if (!options.qualifications && rule.amount === undefined && rule.cap === undefined) continue;
      rules.push({ rule, packId: pack.metadata.id, costOutput: rule.outputs.some((output) => output.name === 'tax_saving') ? 'tax_saving' : 'amount' });
    }
  }
  return rules;
}

/** One firm's result for one incentive, in words a table can hold. */
export interface FirmOutcome {
  status: 'eligible' | 'ineligible' | 'needs_info';
  /** The cost counted for it (null: not eligible, or eligible with only a cap known). */
  cost: string | null;
  /** Eligible, but the text gives only a ceiling: nothing is counted. */
  capOnly: boolean;
}

/** An area as people read it: the county (or the city, for a firm registered at city level) and its city. */
export interface AreaNames {
  area_code: string;
  city_name: string;
  county_name: string;
}

export function areaNamesOf(tree: AreaTree, code: string): AreaNames {
  const area = tree.find(code);
  const city = tree.ancestorsOf(code).find((candidate) => candidate.level === 'prefecture');
  return { area_code: code, city_name: city?.name ?? '', county_name: area?.name ?? code };
}

export interface RegisterContext {
  tree: AreaTree;
  packs: readonly PolicyPack[];
  access: ProfileAccess;
  org: string | undefined;
  orgName: string | null;
}

/** The tree, the packs and the registry access of a fiscal caller; `org` checked against the tree. */
export async function registerContextOf(db: DatabaseOrTransaction, caller: FiscalCaller, org: string | undefined): Promise<RegisterContext> {
  const [tree, packs] = await Promise.all([caller.tree ? Promise.resolve(caller.tree) : findAreaTree(db), caller.packs ? Promise.resolve(caller.packs) : findPacks(db)]);
  if (org !== undefined && !tree.has(org)) throw new AppError('bad_request', `地区：没有区划代码“${org}”`, `org: no area "${org}"`, { field: 'org' });
  return { tree, packs, access: { actor: caller.actor, permissions: caller.permissions, tree, now: caller.now }, org, orgName: org === undefined ? null : (tree.find(org)?.name ?? org) };
}

/**
 * Every enterprise of the scope, page by page (never the register at once), each evaluated
 * against the cost rules: `visit` gets the firm and its outcome per rule, in the rules' order.
 * Returns how many enterprises were read.
 */
export async function evaluateRegister(
  db: DatabaseOrTransaction,
  context: RegisterContext,
  rules: readonly CostRule[],
  year: number,
  visit: (profile: EnterpriseProfile, outcomes: FirmOutcome[], whatIf: FirmOutcome[] | undefined) => void,
  overrides?: ParameterOverrides,
): Promise<number> {
  const compiled = rules.map((rule) => rule.rule);
  const withOverrides = overrides !== undefined && Object.keys(overrides).length > 0 ? overrides : undefined;
  let count = 0;
  for await (const page of streamEnterpriseProfiles(db, { access: context.access, org: context.org, pageSize: 1000 })) {
    for (const profile of page) {
      count += 1;
      const baseline = calculateOutcomes(compiled, profile, year).map((outcome, index) => firmOutcome(rules[index]!, outcome));
      const whatIf = withOverrides ? calculateOutcomes(compiled, profile, year, undefined, withOverrides).map((outcome, index) => firmOutcome(rules[index]!, outcome)) : undefined;
      visit(profile, baseline, whatIf);
    }
  }
  return count;
}

function firmOutcome(rule: CostRule, outcome: ReturnType<typeof calculateOutcomes>[number]): FirmOutcome {
  if (outcome.status !== 'eligible') return { status: outcome.status, cost: null, capOnly: false };
  const value = rule.costOutput === 'tax_saving' ? (outcome.outputs.tax_saving ?? null) : outcome.amount;
  if (value === null) return { status: 'eligible', cost: null, capOnly: rule.costOutput === 'amount' && outcome.cap !== null };
  return { status: 'eligible', cost: toFixedText(value, 2), capOnly: false };
}

/** A running sum of decimal strings, exact (decimal.js), shown with two decimals. */
export class Sum {
  private value = new Decimal(0);
  add(amount: string | null): void {
    if (amount !== null) this.value = this.value.plus(amount);
  }
  get text(): string {
    return this.value.toFixed(2);
  }
  get decimal(): Decimal {
    return this.value;
  }
}

export const money = (value: Decimal) => value.toFixed(2);
