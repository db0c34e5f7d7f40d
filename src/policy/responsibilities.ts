import { notFound } from '../shared/index.ts';
import type { PolicyPack, Target, Task, Unit } from './pack-schema.ts';

export type Role = 'lead' | 'co';

export interface Responsibility {
  task_id: string;
  clause: number;
  clause_label: string;
  task_title: string;
  measure_id?: string;
  measure_title?: string;
  role: Role;
  /** Set when the unit is responsible as a member of a group (e.g. 各市、县〔区〕). */
  via_group?: string;
}

/** The groups a unit belongs to (a group lists its members). */
export function groupsOf(pack: PolicyPack, unitId: string): string[] {
  return pack.units.filter((unit) => unit.kind === 'group' && unit.members?.includes(unitId)).map((unit) => unit.id);
}

export function getUnit(pack: PolicyPack, unitId: string): Unit {
  const unit = pack.units.find((candidate) => candidate.id === unitId);
  if (!unit) throw notFound('责任单位', 'Unit', unitId);
  return unit;
}

/**
 * Everything a unit answers for: each task whose responsibility list names it, and each measure
 * assigned to it — directly, or through a group it belongs to.
 */
export function findResponsibilities(pack: PolicyPack, unitId: string): Responsibility[] {
  getUnit(pack, unitId);
  const identities = [unitId, ...groupsOf(pack, unitId)];
  const result: Responsibility[] = [];
  for (const task of pack.tasks) {
    const base = { task_id: task.id, clause: task.clause, clause_label: clauseLabel(pack, task.clause), task_title: task.title };
    const taskRole = roleIn(identities, task.lead_units, task.co_units);
    if (taskRole) result.push({ ...base, ...taskRole });
    for (const measure of task.measures) {
      const measureRole = roleIn(identities, measure.lead_units, measure.co_units);
      if (measureRole) result.push({ ...base, measure_id: measure.id, measure_title: measure.title, ...measureRole });
    }
  }
  return result;
}

/** Tasks a unit is responsible for (for the task or one of its measures), with its strongest role. */
export function findTasksOfUnit(pack: PolicyPack, unitId: string): (Task & { role: Role })[] {
  const byTask = new Map<string, Role>();
  for (const responsibility of findResponsibilities(pack, unitId)) {
    if (byTask.get(responsibility.task_id) !== 'lead') byTask.set(responsibility.task_id, responsibility.role);
  }
  return pack.tasks.flatMap((task) => {
    const role = byTask.get(task.id);
    return role ? [{ ...task, role }] : [];
  });
}

/** How many tasks and measures a unit leads or co-owns (directly or through a group). */
export function countResponsibilities(pack: PolicyPack, unitId: string): { lead: number; co: number } {
  const counts = { lead: 0, co: 0 };
  for (const responsibility of findResponsibilities(pack, unitId)) counts[responsibility.role] += 1;
  return counts;
}

export function clauseLabel(pack: PolicyPack, clauseNumber: number): string {
  return pack.clauses.find((clause) => clause.number === clauseNumber)?.label ?? String(clauseNumber);
}

function roleIn(identities: readonly string[], lead: readonly string[], co: readonly string[]): { role: Role; via_group?: string } | undefined {
  const [self, ...groups] = identities;
  for (const [role, list] of [['lead', lead], ['co', co]] as const) {
    if (self !== undefined && list.includes(self)) return { role };
    const group = groups.find((id) => list.includes(id));
    if (group) return { role, via_group: group };
  }
  return undefined;
}

/** The unit that supplies a target's figure, and how the pack names it. */
export interface TargetSupplier {
  unit: Unit;
  /** indicator: the indicator's `supplier`; measure: the lead of the measure that carries the target; task: the lead of the task of the target's (or the indicator's) clause. */
  via: 'indicator' | 'measure' | 'task';
}

/**
 * Who supplies the figure of a target (an empty target names it, with links to entry and
 * import): the indicator's own `supplier`, else the first lead unit of the measure that carries the
 * target, else the first lead unit of the task of the target's clause, then of the indicator's
 * clause. Undefined when the pack names none.
 */
export function findTargetSupplier(pack: PolicyPack, target: Pick<Target, 'id' | 'indicator' | 'clause'>): TargetSupplier | undefined {
  const unitOf = (id: string | undefined) => (id === undefined ? undefined : pack.units.find((unit) => unit.id === id));
  const indicator = pack.indicators.find((candidate) => candidate.code === target.indicator);
  const own = unitOf(indicator?.supplier);
  if (own) return { unit: own, via: 'indicator' };
  for (const task of pack.tasks) {
    const measure = task.measures.find((candidate) => candidate.target === target.id);
    const lead = unitOf(measure?.lead_units[0]);
    if (lead) return { unit: lead, via: 'measure' };
  }
  for (const clause of [target.clause, indicator?.clause]) {
    const lead = unitOf(pack.tasks.find((task) => task.clause === clause)?.lead_units[0]);
    if (lead) return { unit: lead, via: 'task' };
  }
  return undefined;
}
