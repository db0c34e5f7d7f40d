import type { Actor, PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { notFound } from '../shared/index.ts';
import type { PolicyPack, Unit } from './pack-schema.ts';
import type { UnitWorkspace, Workspace, WorkspaceScope } from './policy-contract.ts';
import { findResponsibilities, getUnit } from './responsibilities.ts';

function presentWorkspaceUnit(pack: PolicyPack, unit: Unit): UnitWorkspace {
  return {
    pack_id: pack.metadata.id,
    unit: { id: unit.id, name: unit.name, short_name: unit.short_name, kind: unit.kind, area: unit.area ?? null },
    responsibilities: findResponsibilities(pack, unit.id),
  };
}

/** A unit's workspace: what it answers for in one pack. Refused outside the actor's scope. */
export function getUnitWorkspace(pack: PolicyPack, unitId: string, actor: Actor | null, permissions: PermissionTable, tree: AreaTree): UnitWorkspace {
  const unit = getUnit(pack, unitId);
  permissions.assertCanOn(actor, 'workspace.read', { unitId: unit.id, orgCode: unit.area ?? null }, tree);
  return presentWorkspaceUnit(pack, unit);
}

/**
 * The caller's own workspace: its unit, the governments of its area and subtree, or — for the
 * coordinator — every unit; an enterprise has no policy responsibilities.
 */
export function findWorkspace(packs: readonly PolicyPack[], actor: Actor | null, permissions: PermissionTable, tree: AreaTree): Workspace {
  permissions.assertHolds(actor, 'workspace.read');
  const scope = permissions.scopeOf(actor?.role ?? 'public', 'workspace.read');
  const units = packs.flatMap((pack) =>
    pack.units
      .filter((unit) => unit.kind !== 'group')
      .filter((unit) => permissions.canOn(actor, 'workspace.read', { unitId: unit.id, orgCode: unit.area ?? null }, tree))
      .map((unit) => presentWorkspaceUnit(pack, unit)),
  );
  const area = actor?.orgCode ? tree.find(actor.orgCode) : undefined;
  const own = actor?.unitId ? units.find((entry) => entry.unit.id === actor.unitId) : undefined;
  if (actor?.unitId && !own && scope === 'own_unit') throw notFound('责任单位', 'Unit', actor.unitId);
  const workspaceScope: WorkspaceScope = {
    kind: scope === 'own_unit' ? 'unit' : scope === 'own_area' ? 'area' : scope === 'own_enterprise' ? 'enterprise' : 'all',
    ...(own ? { unit: { ...own.unit, pack_id: own.pack_id } } : {}),
    ...(area ? { area: { code: area.code, name: area.name } } : {}),
    ...(actor?.creditCode ? { credit_code: actor.creditCode } : {}),
  };
  return { scope: workspaceScope, units: scope === 'own_enterprise' ? [] : units };
}
