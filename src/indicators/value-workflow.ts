import type { Action, Actor, PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { ReviewLevel, ValueStatus, WorkflowAction } from './indicator-contract.ts';

/**
 * The data-entry workflow (DHIS2-like), as a state machine: an area's reporter saves drafts and
 * submits them; reviewers approve them level by level (which at the last level publishes and
 * locks the value) or return them with a reason (returned, 已退回); the reporter corrects a
 * returned value — it stays returned, with its reason shown, until submitted again — and submits
 * it again. Only the coordinator unlocks an approved value. Every transition is checked — an
 * illegal one is refused with 409 saying the value's state — and audited (transition-values.ts).
 * A closed period (close-period.ts) takes none of them.
 */
export interface Transition {
  from: readonly ValueStatus[];
  /** Where the value goes; approve stays `submitted` while a higher level is still to review it. */
  to: ValueStatus;
  permission: Action;
}

export const valueTransitions: Record<WorkflowAction, Transition> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', permission: 'indicators.enter' },
  approve: { from: ['submitted'], to: 'approved', permission: 'indicators.approve' },
  return: { from: ['submitted'], to: 'returned', permission: 'indicators.approve' },
  unlock: { from: ['approved'], to: 'submitted', permission: 'indicators.approve' },
};

/** Statuses whose figures the reporter may still change: drafts, and returned values being corrected. */
export const editableStatuses: readonly ValueStatus[] = ['draft', 'returned'];

/**
 * Review by level (REVIEW_LEVELS, default `city,region`): a county's value is reviewed first by
 * its city's leader (city) and then by the coordinator (region); a city's or the region's own
 * value by the coordinator. Leaving `city` out sends counties' values straight to the coordinator;
 * leaving `region` out makes the city leader's approval of a county's value final. A value that
 * no configured level would review (a city's, with `city` only) is reviewed at region level.
 */
export const defaultReviewLevels: readonly ReviewLevel[] = ['city', 'region'];

/** The levels that review a value of `org`, in order. */
export function reviewLevelsOf(tree: AreaTree, org: string, configured: readonly ReviewLevel[] = defaultReviewLevels): ReviewLevel[] {
  const levels: ReviewLevel[] = [];
  if (configured.includes('city') && cityOf(tree, org) !== undefined) levels.push('city');
  if (configured.includes('region') || levels.length === 0) levels.push('region');
  return levels;
}

/** The city (prefecture) whose leader reviews a county's value at city level; undefined for any other area. */
function cityOf(tree: AreaTree, org: string): string | undefined {
  const area = tree.find(org);
  if (area?.level !== 'county' || area.parentCode === null) return undefined;
  return tree.find(area.parentCode)?.level === 'prefecture' ? area.parentCode : undefined;
}

/** The area whose reviewer acts at `level` for a value of `org`: the county's city, or the region (province) it lies in. */
export function reviewingAreaOf(tree: AreaTree, org: string, level: ReviewLevel): string {
  if (level === 'city') return cityOf(tree, org) ?? org;
  const area = tree.find(org);
  if (area?.level === 'province' || area?.level === 'country') return org;
  return tree.ancestorsOf(org).find((ancestor) => ancestor.level === 'province')?.code ?? org;
}

/**
 * May the actor review a value of `org` at `level`? Those whose approve grant covers the level's
 * reviewing area: the city's leader (own_area at the city) at city level, the coordinator (all)
 * at region level. The coordinator may also stand in at city level (a city without a leader);
 * its approval then passes every level it covers at once.
 */
export function mayReviewAt(permissions: PermissionTable, actor: Actor, tree: AreaTree, org: string, level: ReviewLevel): boolean {
  return permissions.canOn(actor, 'indicators.approve', { orgCode: reviewingAreaOf(tree, org, level) }, tree);
}

/**
 * Whose queue a value waiting at `level` is in: its level's own reviewer — at city level an
 * area-scoped grant over the city (not the coordinator standing in), at region level a grant over
 * the region.
 */
export function isDesignatedReviewer(permissions: PermissionTable, actor: Actor, tree: AreaTree, org: string, level: ReviewLevel): boolean {
  if (level === 'city' && permissions.scopeOf(actor.role, 'indicators.approve') === 'all') return false;
  return mayReviewAt(permissions, actor, tree, org, level);
}

/**
 * Where an approval takes a value waiting at `current`: up past every level the approving actor
 * covers, to the next level's reviewer (still submitted) or, past the last, approved.
 */
export function levelAfterApproval(levels: readonly ReviewLevel[], current: ReviewLevel, covers: (level: ReviewLevel) => boolean): ReviewLevel | null {
  let index = Math.max(levels.indexOf(current), 0) + 1;
  while (index < levels.length && covers(levels[index]!)) index += 1;
  return index < levels.length ? levels[index]! : null;
}
