import type { Actor, DataScope, PermissionTable, RequestOrigin } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { PolicyPack } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import type { AssigneeView } from './supervision-contract.ts';
import type { AssigneeScope, MeasureRow } from './supervision-repository.ts';
import type { Assignee } from './supervision-vocabulary.ts';

/** What every supervision use case is given: who acts, with which permissions, when, and the area tree and packs in force. */
export interface SupervisionOptions {
  actor: Actor | null;
  permissions: PermissionTable;
  now: Date;
  tree: AreaTree;
  packs: readonly PolicyPack[];
}

export interface SupervisionCommandOptions extends SupervisionOptions {
  actor: Actor;
  origin: RequestOrigin;
}

/** An assignee with its Chinese name: a unit's short name from its pack, an area's name from the tree. */
export function nameAssignee(assignee: Assignee, context: { tree: AreaTree; packs: readonly PolicyPack[] }): AssigneeView {
  if (assignee.kind === 'area') {
    const area = context.tree.find(assignee.id);
    return { kind: 'area', id: assignee.id, name: area?.name ?? assignee.id, full_name: area?.name ?? assignee.id, name_en: null };
  }
  for (const pack of context.packs) {
    const unit = pack.units.find((candidate) => candidate.id === assignee.id);
    if (unit) return { kind: 'unit', id: unit.id, name: unit.short_name, full_name: unit.name, name_en: unit.name_en ?? null };
  }
  return { kind: 'unit', id: assignee.id, name: assignee.id, full_name: assignee.id, name_en: null };
}

/** The measure as a reference: its pack key, title, and its task's title and clause. */
export function measureRef(measure: MeasureRow, packs: readonly PolicyPack[]) {
  const pack = packs.find((candidate) => candidate.metadata.id === measure.packId);
  const task = pack?.tasks.find((candidate) => candidate.id === measure.taskId);
  const clause = pack?.clauses.find((candidate) => candidate.number === task?.clause);
  const packMeasure = task?.measures.find((candidate) => candidate.id === measure.key);
  return {
    id: measure.id,
    pack_id: measure.packId,
    key: measure.key,
    title: measure.title,
    // The pack's English only while the title is the pack's own.
    title_en: packMeasure && packMeasure.title === measure.title ? (packMeasure.title_en ?? null) : null,
    task_id: measure.taskId,
    task_title: task?.title ?? measure.taskId,
    task_title_en: task?.title_en ?? null,
    clause_label: clause?.label ?? '',
  };
}

/** The assignee rows a data scope reaches: one unit, an area's subtree, everything or nothing. */
export function assigneeScopeOf(scope: DataScope, tree: AreaTree): AssigneeScope {
  switch (scope.kind) {
    case 'all':
      return { kind: 'all' };
    case 'unit':
      return { kind: 'unit', unitId: scope.unitId };
    case 'area':
      return tree.has(scope.orgCode) ? { kind: 'areas', codes: tree.subtreeOf(scope.orgCode).map((area) => area.code) } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

export function inAssigneeScope(scope: AssigneeScope, assignee: Assignee): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'unit':
      return assignee.kind === 'unit' && assignee.id === scope.unitId;
    case 'areas':
      return assignee.kind === 'area' && scope.codes.includes(assignee.id);
    case 'none':
      return false;
  }
}

/** The resource an assignee is for a scoped permission check. */
export function resourceOf(assignee: Assignee): { unitId?: string; orgCode?: string } {
  return assignee.kind === 'unit' ? { unitId: assignee.id } : { orgCode: assignee.id };
}

/** The units or areas the actor reports for by default: its own unit, or its own area. */
export function ownAssignee(actor: Actor): Assignee | undefined {
  if (actor.unitId) return { kind: 'unit', id: actor.unitId };
  if (actor.orgCode) return { kind: 'area', id: actor.orgCode };
  return undefined;
}

export function measureNotFound(id: string): AppError {
  return new AppError('not_found', `找不到督查事项“${id}”`, `supervised measure "${id}" not found`);
}

export function reportNotFound(id: string): AppError {
  return new AppError('not_found', `找不到督查报告“${id}”`, `supervision report "${id}" not found`);
}
