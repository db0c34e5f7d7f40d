import type { Actor, PermissionTable, Action } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { indicatorsOf, findPacks, type Indicator } from '../policy/index.ts';
import { notFound } from '../shared/index.ts';
import type { EntrySheet, ValueBoundsView } from './indicator-contract.ts';
import { presentPeriodClosure } from './period-closure.ts';
import { boundsOf } from './value-quality.ts';
import { presentEntryValue } from './present-value-row.ts';
import { findPeriodClosure, findSheetComments, findValueRows } from './value-repository.ts';
import { mayReviewAt } from './value-workflow.ts';
import { unionOfValueScopes, valueScopeOf, type ValueScope } from './value-scope.ts';

/**
 * The entry sheet of one area and period: every indicator of the loaded packs, the area's values
 * of every status, whether the period is closed, and what the caller may do here. For those who
 * may enter values for the area or review them (401/403 for anyone else); the values are read
 * within the caller's scope as well, so that a check forgotten here would still leak nothing.
 */
export async function findEntrySheet(db: DatabaseOrTransaction, key: { org: string; period: string }, options: { actor: Actor | null; permissions: PermissionTable }): Promise<EntrySheet> {
  const { actor, permissions } = options;
  const tree = await findAreaTree(db);
  const resource = { orgCode: key.org };
  const mayEnter = permissions.canOn(actor, 'indicators.enter', resource, tree);
  const mayApprove = permissions.canOn(actor, 'indicators.approve', resource, tree);
  if (!mayEnter && !mayApprove) permissions.assertCanOn(actor, 'indicators.enter', resource, tree);
  const area = tree.find(key.org);
  if (!area) throw notFound('行政区划', 'Area', key.org);
  const [rows, closure, packs, comments] = await Promise.all([findValueRows(db, reviewScopeOf(actor, permissions, tree), key), findPeriodClosure(db, key.org, key.period), findPacks(db), findSheetComments(db, key.org, key.period)]);
  return {
    org: key.org,
    org_name: area.name,
    period: key.period,
    closure: presentPeriodClosure(closure),
    indicators: indicatorsOf(packs).map((indicator) => ({ code: indicator.code, name: indicator.name, unit: indicator.unit, derived: indicator.formula !== undefined, bounds: presentBounds(indicator) })),
    values: rows.map((row) => presentEntryValue(row, actor !== null && row.status === 'submitted' && mayReviewAt(permissions, actor, tree, row.org, row.reviewLevel ?? 'region'), comments)),
    abilities: { enter: mayEnter, approve: mayApprove, close: permissions.can(actor, 'indicators.approve') },
  };
}

/** The unreviewed values the caller may read: where it may enter values, and where it may review them. */
function reviewScopeOf(actor: Actor | null, permissions: PermissionTable, tree: AreaTree): ValueScope {
  const scopeOf = (action: Action): ValueScope => (permissions.holds(actor, action) ? valueScopeOf(permissions.dataScopeOf(actor, action), tree) : { kind: 'none' });
  return unionOfValueScopes([scopeOf('indicators.enter'), scopeOf('indicators.approve')]);
}

/** The bounds the form checks as one types (the server checks them again on saving). */
function presentBounds(indicator: Indicator): ValueBoundsView {
  const bounds = boundsOf(indicator);
  return { value_type: bounds.valueType, min: bounds.min.toNumber(), max: bounds.max.toNumber(), decimals: bounds.decimals ?? null };
}
