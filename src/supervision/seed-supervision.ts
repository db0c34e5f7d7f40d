import { and, eq, inArray } from 'drizzle-orm';
import { noOrigin, systemActor } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import type { PolicyPack } from '../policy/index.ts';
import { today } from '../shared/index.ts';
import { currentCycle } from './cycles.ts';
import { supervisionAssignments, supervisionMeasures } from './supervision-schema.ts';
import type { Assignee, AssignmentRole } from './supervision-vocabulary.ts';

/**
 * The assignees a responsibility list names: a unit as itself; an area government (kind
 * area_government with an area code) as its area; the group 各市、县（区） (a group with
 * `member_area_levels`) as every area of those levels under the pack's region; any other group
 * as its members. Duplicates are dropped.
 */
export function expandUnits(pack: PolicyPack, tree: AreaTree, ids: readonly string[], seen = new Set<string>()): Assignee[] {
  const result: Assignee[] = [];
  const add = (assignee: Assignee) => {
    const key = `${assignee.kind}:${assignee.id}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push(assignee);
    }
  };
  for (const id of ids) {
    const unit = pack.units.find((candidate) => candidate.id === id);
    if (!unit) continue;
    if (unit.kind === 'group') {
      if (unit.member_area_levels && unit.member_area_levels.length > 0) {
        const levels: readonly string[] = unit.member_area_levels;
        const region = tree.has(pack.metadata.region) ? tree.subtreeOf(pack.metadata.region) : [];
        for (const area of region) if (levels.includes(area.level)) add({ kind: 'area', id: area.code });
      } else {
        for (const member of expandUnits(pack, tree, unit.members ?? [], new Set([...seen, `group:${id}`]))) add(member);
      }
    } else if (unit.kind === 'area_government' && unit.area) {
      add({ kind: 'area', id: unit.area });
    } else {
      add({ kind: 'unit', id: unit.id });
    }
  }
  return result;
}

/** A measure's assignments: leads first; an assignee named as lead and co is the lead. */
export function assignmentsOf(pack: PolicyPack, tree: AreaTree, lead: readonly string[], co: readonly string[]): { assignee: Assignee; role: AssignmentRole }[] {
  const leads = expandUnits(pack, tree, lead);
  const seen = new Set(leads.map((assignee) => `${assignee.kind}:${assignee.id}`));
  const cos = expandUnits(pack, tree, co, seen);
  return [...leads.map((assignee) => ({ assignee, role: 'lead' as const })), ...cos.map((assignee) => ({ assignee, role: 'co' as const }))];
}

/**
 * Seeds every pack's measures and their assignments (idempotent: a measure or assignment already
 * stored is left as the coordinator may have changed it). Run at platform start after the packs
 * are stored. Measures start being tracked from the opening of the current quarterly cycle, so
 * that cycles due before supervision began are not counted as missed.
 */
export async function seedSupervision(db: DatabaseOrTransaction, packs: readonly PolicyPack[], tree: AreaTree, now: Date = new Date()): Promise<{ measures: number; assignments: number }> {
  const trackedFrom = currentCycle('quarterly', today(now)).opens_on;
  return inTransaction(db, async (tx) => {
    let measures = 0;
    let assignments = 0;
    let updated = 0;
    for (const pack of packs) {
      if (pack.tasks.length === 0) continue;
      const packId = pack.metadata.id;
      const rows = pack.tasks.flatMap((task, taskIndex) =>
        task.measures.map((measure, measureIndex) => ({
          packId,
          key: measure.id,
          taskId: task.id,
          position: taskIndex * 1000 + measureIndex * 10,
          title: measure.title,
          text: measure.text,
          source: 'pack' as const,
          trackedFrom,
          createdAt: now,
          createdBy: 'system',
          updatedAt: now,
        })),
      );
      if (rows.length === 0) continue;
      const inserted = await tx.insert(supervisionMeasures).values(rows).onConflictDoNothing({ target: [supervisionMeasures.packId, supervisionMeasures.key] }).returning({ id: supervisionMeasures.id });
      measures += inserted.length;
      const stored = await tx
        .select({ id: supervisionMeasures.id, key: supervisionMeasures.key, title: supervisionMeasures.title, text: supervisionMeasures.text, taskId: supervisionMeasures.taskId, position: supervisionMeasures.position })
        .from(supervisionMeasures)
        .where(and(eq(supervisionMeasures.packId, packId), eq(supervisionMeasures.source, 'pack'), inArray(supervisionMeasures.key, rows.map((row) => row.key))));
      const idOf = new Map(stored.map((row) => [row.key, row.id]));
      // A pack reloaded with a measure's words changed: the stored measure follows the pack's title, text, task and order.
      for (const row of rows) {
        const current = stored.find((candidate) => candidate.key === row.key);
        if (current && (current.title !== row.title || current.text !== row.text || current.taskId !== row.taskId || current.position !== row.position)) {
          await tx.update(supervisionMeasures).set({ title: row.title, text: row.text, taskId: row.taskId, position: row.position, updatedAt: now }).where(eq(supervisionMeasures.id, current.id));
          updated += 1;
        }
      }
      const assignmentRows = pack.tasks.flatMap((task) =>
        task.measures.flatMap((measure) =>
          assignmentsOf(pack, tree, measure.lead_units, measure.co_units).map(({ assignee, role }) => ({ measureId: idOf.get(measure.id)!, assigneeKind: assignee.kind, assigneeId: assignee.id, role, source: 'pack' as const, createdAt: now })),
        ),
      );
      for (let start = 0; start < assignmentRows.length; start += 1000) {
        const added = await tx.insert(supervisionAssignments).values(assignmentRows.slice(start, start + 1000)).onConflictDoNothing().returning({ id: supervisionAssignments.id });
        assignments += added.length;
      }
    }
    if (measures > 0 || assignments > 0 || updated > 0) {
      await recordAuditEvent(tx, { actor: systemActor, action: 'supervision.seed', entityType: 'supervision_measure', entityId: null, after: { measures, assignments, ...(updated > 0 ? { updated } : {}) }, origin: noOrigin });
    }
    return { measures, assignments };
  });
}
