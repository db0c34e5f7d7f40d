import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError, today } from '../shared/index.ts';
import { boardOf, progressOf } from './board.ts';
import { currentCycle } from './cycles.ts';
import { presentAssignee, presentCycle, presentEvidence, presentMeasureSummary, presentProgressRow, beijing } from './present-supervision.ts';
import { assigneeScopeOf, measureNotFound, nameAssignee, type SupervisionCommandOptions, type SupervisionOptions } from './supervision-context.ts';
import type { AssigneeInput, MeasureDetail } from './supervision-contract.ts';
import { findAssignments, findChildMeasures, findEvidenceByIds, findMeasure, findMilestones, findReports, findWorkPoints, lockMeasure, updateMeasure, type MeasureRow } from './supervision-repository.ts';
import { supervisionAssignments, supervisionMeasures, supervisionMilestones, supervisionReports, supervisionWorkPoints, supervisionEvidence } from './supervision-schema.ts';
import { assignmentRoleLabels, measureStateLabels, type CycleFrequency } from './supervision-vocabulary.ts';

/** A measure with its assignments, work points, milestones, sub-measures, close-off and everyone's standing in the current cycle (within the caller's scope; 404 outside it). */
export async function getMeasureDetail(db: DatabaseOrTransaction, id: string, options: SupervisionOptions): Promise<MeasureDetail> {
  const measure = await findMeasure(db, id);
  if (!measure) throw measureNotFound(id);
  const scope = assigneeScopeOf(options.permissions.dataScopeOf(options.actor, 'supervision.read'), options.tree);
  const assignments = await findAssignments(db, { scope, measureIds: [id] });
  if (scope.kind !== 'all' && assignments.length === 0) throw measureNotFound(id);
  const [reports, milestones, workPoints, children] = await Promise.all([findReports(db, { scope, measureIds: [id] }), findMilestones(db, [id]), findWorkPoints(db, [id]), findChildMeasures(db, id)]);
  const allLeadReports = scope.kind === 'all' ? reports : await findReports(db, { scope: { kind: 'all' }, measureIds: [id], kind: 'lead' });
  const board = boardOf([measure], assignments, reports, milestones);
  const day = today(options.now);
  const leadPercent = Math.max(-1, ...allLeadReports.filter((row) => row.kind === 'lead' && (row.state === 'submitted' || row.state === 'approved')).map((row) => row.percent ?? -1));
  const closeEvidence = measure.closeEvidence && measure.closeEvidence.length > 0 ? await findEvidenceByIds(db, measure.closeEvidence) : [];
  return {
    ...presentMeasureSummary(measure, options),
    text: measure.text,
    assignments: assignments.map((row) => ({ id: row.id, assignee: presentAssignee(row, options), role: row.role, role_label: assignmentRoleLabels[row.role], source: row.source })),
    work_points: workPoints.map((row) => ({ id: row.id, measure_id: row.measureId, year: row.year, title: row.title, created_by: row.createdBy, created_at: row.createdAt.toISOString() })),
    milestones: milestones.map((row) => ({ id: row.id, measure_id: row.measureId, title: row.title, due_date: row.dueDate, target_percent: row.targetPercent, met: row.dueDate >= day ? (leadPercent >= row.targetPercent ? true : null) : leadPercent >= row.targetPercent })),
    sub_measures: children.map((child) => presentMeasureSummary(child, options)),
    current_cycle: presentCycle(currentCycle(measure.frequency, day, measure.dueDay)),
    progress: assignments.map((row) => presentProgressRow(row, progressOf(board, measure, row, day), options)),
    closure:
      measure.state === 'closed' && measure.closedAt
        ? { closed_at: measure.closedAt.toISOString(), closed_at_text: beijing(measure.closedAt), closed_by: measure.closedBy ?? '', comment: measure.closeComment ?? '', evidence: closeEvidence.map(presentEvidence) }
        : null,
  };
}

function measureAudit(measure: MeasureRow) {
  return { key: measure.key, title: measure.title, frequency: measure.frequency, due_day: measure.dueDay, deadline: measure.deadline, state: measure.state };
}

async function lockedMeasure(db: DatabaseOrTransaction, id: string): Promise<MeasureRow> {
  const measure = await lockMeasure(db, id);
  if (!measure) throw measureNotFound(id);
  return measure;
}

/** The coordinator changes a measure's cycle frequency, due day or deadline. */
export async function changeMeasure(db: DatabaseOrTransaction, id: string, body: { frequency?: CycleFrequency | undefined; due_day?: number | undefined; deadline?: string | null | undefined }, options: SupervisionCommandOptions): Promise<MeasureDetail> {
  options.permissions.assertCan(options.actor, 'supervision.manage');
  await inTransaction(db, async (tx) => {
    const before = await lockedMeasure(tx, id);
    const set: Partial<MeasureRow> = { updatedAt: options.now };
    if (body.frequency !== undefined) set.frequency = body.frequency;
    if (body.due_day !== undefined) set.dueDay = body.due_day;
    if (body.deadline !== undefined) set.deadline = body.deadline;
    const after = await updateMeasure(tx, id, set);
    await recordAuditEvent(tx, { actor: options.actor, action: 'supervision.measure.update', entityType: 'supervision_measure', entityId: id, before: measureAudit(before), after: measureAudit(after), origin: options.origin });
  });
  return getMeasureDetail(db, id, options);
}

export async function addWorkPoint(db: DatabaseOrTransaction, id: string, body: { year: number; title: string }, options: SupervisionCommandOptions): Promise<MeasureDetail> {
  options.permissions.assertCan(options.actor, 'supervision.manage');
  await inTransaction(db, async (tx) => {
    await lockedMeasure(tx, id);
    const [row] = await tx.insert(supervisionWorkPoints).values({ measureId: id, year: body.year, title: body.title.trim(), createdBy: options.actor.username, createdAt: options.now }).returning();
    await recordAuditEvent(tx, { actor: options.actor, action: 'supervision.work_point.add', entityType: 'supervision_work_point', entityId: row!.id, after: { measure_id: id, year: body.year, title: row!.title }, origin: options.origin });
  });
  return getMeasureDetail(db, id, options);
}

export async function removeWorkPoint(db: DatabaseOrTransaction, id: string, options: SupervisionCommandOptions): Promise<{ id: string; deleted: true }> {
  options.permissions.assertCan(options.actor, 'supervision.manage');
  return inTransaction(db, async (tx) => {
    const [row] = await tx.delete(supervisionWorkPoints).where(eq(supervisionWorkPoints.id, id)).returning();
    if (!row) throw new AppError('not_found', `找不到年度工作要点“${id}”`, `work point "${id}" not found`);
    await recordAuditEvent(tx, { actor: options.actor, action: 'supervision.work_point.remove', entityType: 'supervision_work_point', entityId: id, before: { measure_id: row.measureId, year: row.year, title: row.title }, after: null, origin: options.origin });
    return { id, deleted: true as const };
  });
}

export async function addMilestone(db: DatabaseOrTransaction, id: string, body: { title: string; due_date: string; target_percent: number }, options: SupervisionCommandOptions): Promise<MeasureDetail> {
  options.permissions.assertCan(options.actor, 'supervision.manage');
  await inTransaction(db, async (tx) => {
    await lockedMeasure(tx, id);
    const [row] = await tx.insert(supervisionMilestones).values({ measureId: id, title: body.title.trim(), dueDate: body.due_date, targetPercent: body.target_percent, createdBy: options.actor.username, createdAt: options.now }).returning();
    await recordAuditEvent(tx, { actor: options.actor, action: 'supervision.milestone.add', entityType: 'supervision_milestone', entityId: row!.id, after: { measure_id: id, title: row!.title, due_date: body.due_date, target_percent: body.target_percent }, origin: options.origin });
  });
  return getMeasureDetail(db, id, options);
}

export async function removeMilestone(db: DatabaseOrTransaction, id: string, options: SupervisionCommandOptions): Promise<{ id: string; deleted: true }> {
  options.permissions.assertCan(options.actor, 'supervision.manage');
  return inTransaction(db, async (tx) => {
    const [row] = await tx.delete(supervisionMilestones).where(eq(supervisionMilestones.id, id)).returning();
    if (!row) throw new AppError('not_found', `找不到节点“${id}”`, `milestone "${id}" not found`);
    await recordAuditEvent(tx, { actor: options.actor, action: 'supervision.milestone.remove', entityType: 'supervision_milestone', entityId: id, before: { measure_id: row.measureId, title: row.title, due_date: row.dueDate, target_percent: row.targetPercent }, after: null, origin: options.origin });
    return { id, deleted: true as const };
  });
}

function checkAssignees(list: readonly AssigneeInput[], options: SupervisionOptions, field: string): void {
  list.forEach((assignee, index) => {
    const known = assignee.kind === 'area' ? options.tree.has(assignee.id) : options.packs.some((pack) => pack.units.some((unit) => unit.id === assignee.id && unit.kind !== 'group'));
    if (!known) throw new AppError('bad_request', `${field === 'lead' ? '牵头' : '配合'}单位第 ${index + 1} 个“${assignee.id}”不存在`, `${field} assignee ${index + 1}, "${assignee.id}", does not exist`, [{ field: `${field}.${index}.id`, message: '单位或地区不存在', message_en: 'unknown unit or area' }]);
  });
}

/** The coordinator splits a measure: a sub-measure with its own assignees, frequency and deadline. */
export async function addSubMeasure(
  db: DatabaseOrTransaction,
  parentId: string,
  body: { title: string; text: string; lead: AssigneeInput[]; co: AssigneeInput[]; frequency?: CycleFrequency | undefined; deadline?: string | null | undefined },
  options: SupervisionCommandOptions,
): Promise<MeasureDetail> {
  options.permissions.assertCan(options.actor, 'supervision.manage');
  checkAssignees(body.lead, options, 'lead');
  checkAssignees(body.co, options, 'co');
  const id = await inTransaction(db, async (tx) => {
    const parent = await lockedMeasure(tx, parentId);
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(supervisionMeasures).where(and(eq(supervisionMeasures.packId, parent.packId), eq(supervisionMeasures.parentId, parent.id)));
    const number = Number(count?.n ?? 0) + 1;
    const [child] = await tx
      .insert(supervisionMeasures)
      .values({
        packId: parent.packId,
        key: `${parent.key}-${number}`,
        taskId: parent.taskId,
        parentId: parent.id,
        position: parent.position + number,
        title: body.title.trim(),
        text: body.text.trim(),
        source: 'manual',
        frequency: body.frequency ?? parent.frequency,
        dueDay: parent.dueDay,
        deadline: body.deadline ?? parent.deadline,
        trackedFrom: currentCycle(body.frequency ?? parent.frequency, today(options.now), parent.dueDay).opens_on,
        createdAt: options.now,
        createdBy: options.actor.username,
        updatedAt: options.now,
      })
      .returning();
    const seen = new Set<string>();
    const rows = [...body.lead.map((assignee) => ({ assignee, role: 'lead' as const })), ...body.co.map((assignee) => ({ assignee, role: 'co' as const }))].filter(({ assignee }) => {
      const key = `${assignee.kind}:${assignee.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    await tx.insert(supervisionAssignments).values(rows.map(({ assignee, role }) => ({ measureId: child!.id, assigneeKind: assignee.kind, assigneeId: assignee.id, role, source: 'manual' as const, createdAt: options.now })));
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: 'supervision.measure.split',
      entityType: 'supervision_measure',
      entityId: child!.id,
      after: { parent_id: parent.id, ...measureAudit(child!), assignees: rows.map(({ assignee, role }) => ({ ...assignee, role, name: nameAssignee(assignee, options).name })) },
      origin: options.origin,
    });
    return child!.id;
  });
  return getMeasureDetail(db, id, options);
}

/** 销号: the coordinator closes a measure that is done, with a comment and optionally evidence of its reports; it then takes no reports. */
export async function closeMeasure(db: DatabaseOrTransaction, id: string, body: { comment: string; evidence_ids: string[] }, options: SupervisionCommandOptions): Promise<MeasureDetail> {
  options.permissions.assertCan(options.actor, 'supervision.manage');
  const comment = body.comment.trim();
  if (comment === '') throw new AppError('bad_request', '销号须写明依据（comment）', 'closing off a measure needs a comment', [{ field: 'comment', message: '销号依据不能为空', message_en: 'a comment is required' }]);
  await inTransaction(db, async (tx) => {
    const before = await lockedMeasure(tx, id);
    if (before.state === 'closed') throw new AppError('conflict', `督查事项“${before.title}”当前状态为“${measureStateLabels.closed.zh}”，不能再次销号`, `the measure "${before.title}" is already closed off`, { state: 'closed' });
    if (body.evidence_ids.length > 0) {
      const rows = await tx
        .select({ id: supervisionEvidence.id })
        .from(supervisionEvidence)
        .innerJoin(supervisionReports, eq(supervisionReports.id, supervisionEvidence.reportId))
        .where(eq(supervisionReports.measureId, id));
      const known = new Set(rows.map((row) => row.id));
      const unknown = body.evidence_ids.find((evidenceId) => !known.has(evidenceId));
      if (unknown) throw new AppError('bad_request', `佐证文件“${unknown}”不属于该事项的报告`, `the evidence file "${unknown}" is not one of this measure's reports`, [{ field: 'evidence_ids', message: '佐证文件不属于该事项', message_en: 'not evidence of this measure' }]);
    }
    const after = await updateMeasure(tx, id, { state: 'closed', closedAt: options.now, closedBy: options.actor.username, closeComment: comment, closeEvidence: body.evidence_ids, updatedAt: options.now });
    await recordAuditEvent(tx, { actor: options.actor, action: 'supervision.measure.close', entityType: 'supervision_measure', entityId: id, before: measureAudit(before), after: { ...measureAudit(after), comment, evidence_ids: body.evidence_ids }, origin: options.origin });
  });
  return getMeasureDetail(db, id, options);
}

/** Reopens a closed measure, with a reason (audited): it takes reports again. */
export async function reopenMeasure(db: DatabaseOrTransaction, id: string, reason: string, options: SupervisionCommandOptions): Promise<MeasureDetail> {
  options.permissions.assertCan(options.actor, 'supervision.manage');
  const text = reason.trim();
  if (text === '') throw new AppError('bad_request', '重新打开须写明理由（reason）', 'reopening a measure needs a reason', [{ field: 'reason', message: '理由不能为空', message_en: 'a reason is required' }]);
  await inTransaction(db, async (tx) => {
    const before = await lockedMeasure(tx, id);
    if (before.state !== 'closed') throw new AppError('conflict', `督查事项“${before.title}”当前状态为“${measureStateLabels.open.zh}”，无须重新打开`, `the measure "${before.title}" is open: nothing to reopen`, { state: before.state });
    const after = await updateMeasure(tx, id, { state: 'open', closedAt: null, closedBy: null, closeComment: null, closeEvidence: null, updatedAt: options.now });
    await recordAuditEvent(tx, { actor: options.actor, action: 'supervision.measure.reopen', entityType: 'supervision_measure', entityId: id, before: { ...measureAudit(before), comment: before.closeComment }, after: { ...measureAudit(after), reason: text }, origin: options.origin });
  });
  return getMeasureDetail(db, id, options);
}
