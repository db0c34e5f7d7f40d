import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction, type Transaction } from '../db/index.ts';
import { AppError, today } from '../shared/index.ts';
import { boardOf, cycleFor, progressOf } from './board.ts';
import { cycleOf, frequencyOfPeriod } from './cycles.ts';
import { checkIndicatorLinks, resolveIndicatorLinks } from './indicator-links.ts';
import { presentCycle, presentEvidence, presentHistory, presentMeasureSummary, presentProgressRow, presentReportSummary, type Naming } from './present-supervision.ts';
import { nextReportState, submitActionOf, type ReportAction } from './report-states.ts';
import { assigneeScopeOf, inAssigneeScope, measureNotFound, nameAssignee, ownAssignee, reportNotFound, resourceOf, type SupervisionCommandOptions, type SupervisionOptions } from './supervision-context.ts';
import type { CycleView, ReportDetail, SaveReportBody } from './supervision-contract.ts';
import {
  findAssignment,
  findAssignments,
  findEvidence,
  findHistory,
  findMeasure,
  findMilestones,
  findReport,
  findReportByKey,
  findReports,
  insertHistory,
  insertReportIfAbsent,
  lockReport,
  shareMeasure,
  updateReport,
  type MeasureRow,
  type ReportRow,
} from './supervision-repository.ts';
import { lightLabels, type Assignee } from './supervision-vocabulary.ts';

const labelOf = (report: Pick<ReportRow, 'period' | 'kind'>, assigneeName: string) => `${assigneeName}${report.period}${report.kind === 'lead' ? '报告' : '配合材料'}`;

function assertMeasureOpen(measure: MeasureRow): void {
  if (measure.state === 'closed') {
    throw new AppError('conflict', `督查事项“${measure.title}”已销号，不再接收报告`, `the measure "${measure.title}" is closed off and takes no reports`, { state: 'closed' });
  }
}

function snapshotOf(report: ReportRow) {
  return { status: report.status, percent: report.percent, narrative: report.narrative, figures: report.figures, indicator_links: report.indicatorLinks };
}

/** May the caller read this report: its own (within scope), or a contribution to a measure it leads, or everything. */
async function canRead(db: DatabaseOrTransaction, report: ReportRow, options: SupervisionOptions): Promise<boolean> {
  const assignee: Assignee = { kind: report.assigneeKind, id: report.assigneeId };
  if (options.permissions.canOn(options.actor, 'supervision.read', resourceOf(assignee), options.tree)) return true;
  if (report.kind !== 'contribution' || !options.actor) return false;
  const scope = assigneeScopeOf(options.permissions.dataScopeOf(options.actor, 'supervision.read'), options.tree);
  const leads = await findAssignments(db, { scope, measureIds: [report.measureId] });
  return leads.some((row) => row.role === 'lead');
}

/** Creates or updates the caller's report (lead) or contribution (co-responsible) for a cycle; `submit` submits it in the same transaction. */
export async function saveReport(db: DatabaseOrTransaction, measureId: string, period: string, body: SaveReportBody, options: SupervisionCommandOptions): Promise<ReportDetail> {
  const assignee = body.assignee ?? ownAssignee(options.actor);
  if (!assignee) throw new AppError('bad_request', '请指明填报的单位或地区（assignee）', 'name the unit or area you report for (assignee)', [{ field: 'assignee', message: '缺少填报单位', message_en: 'missing assignee' }]);
  options.permissions.assertCanOn(options.actor, 'supervision.report', resourceOf(assignee), options.tree);
  const measure = await findMeasure(db, measureId);
  if (!measure) throw measureNotFound(measureId);
  assertMeasureOpen(measure);
  const assignment = await findAssignment(db, measure.id, assignee);
  const name = nameAssignee(assignee, options).name;
  if (!assignment) throw new AppError('bad_request', `${name}不是督查事项“${measure.title}”的责任单位`, `${name} is not assigned to the measure "${measure.title}"`, [{ field: 'assignee', message: '不是该事项的责任单位', message_en: 'not assigned' }]);
  if (frequencyOfPeriod(period) !== measure.frequency) {
    throw new AppError('bad_request', `期间“${period}”不是该事项的报送周期（${measure.frequency}）`, `"${period}" is not a cycle of this measure (${measure.frequency})`, [{ field: 'period', message: '报送周期不符', message_en: 'wrong cycle' }]);
  }
  const cycle = cycleOf(period, measure.dueDay);
  const day = today(options.now);
  if (day < cycle.opens_on) throw new AppError('conflict', `${cycle.period_label}的报送期尚未开始（${cycle.opens_on} 开始）`, `the ${period} cycle has not opened yet (opens ${cycle.opens_on})`, { opens_on: cycle.opens_on });
  const kind = assignment.role === 'lead' ? 'lead' : 'contribution';
  if (kind === 'contribution' && (body.status !== undefined || body.percent !== undefined)) {
    throw new AppError('bad_request', '配合单位报送配合材料（情况说明、数据、佐证），不填进展状态和完成比例', 'a co-responsible contribution has a narrative, figures and evidence: no status or percent', [{ field: body.status !== undefined ? 'status' : 'percent', message: '配合材料不填此项', message_en: 'not for a contribution' }]);
  }
  checkIndicatorLinks(body.indicator_links, options);
  const id = await inTransaction(db, async (tx) => {
    // A close-off committed since the check above is seen here: the measure is held until this report is saved.
    assertMeasureOpen((await shareMeasure(tx, measure.id))!);
    await insertReportIfAbsent(tx, {
      measureId: measure.id,
      assigneeKind: assignee.kind,
      assigneeId: assignee.id,
      period,
      kind,
      state: 'draft',
      narrative: '',
      figures: [],
      indicatorLinks: [],
      dueOn: cycle.due_on,
      createdAt: options.now,
      createdBy: options.actor.username,
      updatedAt: options.now,
    });
    const row = (await findReportByKey(tx, { measureId: measure.id, assigneeKind: assignee.kind, assigneeId: assignee.id, period }, true))!;
    const label = labelOf(row, name);
    nextReportState(row.state, 'save', { label, revision: row.revision });
    const saved = await updateReport(tx, row.id, {
      status: kind === 'lead' ? (body.status ?? row.status) : null,
      percent: kind === 'lead' ? (body.percent ?? row.percent) : null,
      narrative: body.narrative,
      figures: body.figures.map((figure) => ({ label: figure.label, value: figure.value, unit: figure.unit })),
      indicatorLinks: body.indicator_links,
      updatedAt: options.now,
    });
    if (body.submit) return (await moveReport(tx, saved, submitActionOf(saved.state), { ...options, label })).id;
    await recordAuditEvent(tx, { actor: options.actor, action: 'supervision.report.save', entityType: 'supervision_report', entityId: saved.id, before: { state: row.state }, after: { state: saved.state, period, ...snapshotOf(saved) }, origin: options.origin });
    return saved.id;
  });
  return getReportDetail(db, id, options);
}

/** Moves a locked report along the state machine: history with a snapshot, and one audit row. */
async function moveReport(tx: Transaction, row: ReportRow, action: ReportAction, options: SupervisionCommandOptions & { label: string; comment?: string | undefined }): Promise<ReportRow> {
  if ((action === 'submit' || action === 'resubmit') && row.kind === 'lead' && (row.status === null || row.percent === null)) {
    throw new AppError('bad_request', `${options.label}报送前须填写进展状态和完成比例`, `${options.label} needs a status and a percent complete before it is submitted`, [{ field: row.status === null ? 'status' : 'percent', message: '报送前必填', message_en: 'required to submit' }]);
  }
  const next = nextReportState(row.state, action, { label: options.label, revision: row.revision });
  const set: Partial<ReportRow> = { state: next.state, revision: next.revision, updatedAt: options.now };
  if (action === 'submit' || action === 'resubmit') Object.assign(set, { submittedAt: options.now, submittedBy: options.actor.username, firstSubmittedAt: row.firstSubmittedAt ?? options.now, returnComment: null });
  if (action === 'approve') Object.assign(set, { reviewedAt: options.now, reviewedBy: options.actor.username });
  if (action === 'return') Object.assign(set, { reviewedAt: options.now, reviewedBy: options.actor.username, returnComment: options.comment ?? null });
  const moved = await updateReport(tx, row.id, set);
  await insertHistory(tx, { reportId: row.id, revision: moved.revision, action, fromState: row.state, toState: moved.state, actor: options.actor.username, at: options.now, comment: options.comment ?? null, snapshot: action === 'submit' || action === 'resubmit' ? snapshotOf(moved) : null });
  await recordAuditEvent(tx, {
    actor: options.actor,
    action: `supervision.report.${action}`,
    entityType: 'supervision_report',
    entityId: row.id,
    before: { state: row.state, revision: row.revision },
    after: { state: moved.state, revision: moved.revision, period: moved.period, ...(options.comment ? { comment: options.comment } : {}), ...(action === 'submit' || action === 'resubmit' ? { status: moved.status, percent: moved.percent } : {}) },
    origin: options.origin,
  });
  return moved;
}

async function lockedForMove(tx: Transaction, id: string, options: SupervisionCommandOptions): Promise<{ row: ReportRow; measure: MeasureRow; label: string }> {
  const row = await lockReport(tx, id);
  if (!row || !(await canRead(tx, row, options))) throw reportNotFound(id);
  const measure = (await findMeasure(tx, row.measureId))!;
  return { row, measure, label: labelOf(row, nameAssignee({ kind: row.assigneeKind, id: row.assigneeId }, options).name) };
}

/** The assignee submits its draft, or resubmits a returned report (revision + 1). */
export async function submitReport(db: DatabaseOrTransaction, id: string, options: SupervisionCommandOptions): Promise<ReportDetail> {
  await inTransaction(db, async (tx) => {
    // The measure first, then the report: the order every writer takes them in (no deadlock with a close-off).
    const found = await findReport(tx, id);
    if (found) assertMeasureOpen((await shareMeasure(tx, found.measureId))!);
    const { row, label } = await lockedForMove(tx, id, options);
    options.permissions.assertCanOn(options.actor, 'supervision.report', resourceOf({ kind: row.assigneeKind, id: row.assigneeId }), options.tree);
    await moveReport(tx, row, submitActionOf(row.state), { ...options, label });
  });
  return getReportDetail(db, id, options);
}

/** The coordinator approves a submitted report: it is locked. */
export async function approveReport(db: DatabaseOrTransaction, id: string, comment: string | undefined, options: SupervisionCommandOptions): Promise<ReportDetail> {
  options.permissions.assertCan(options.actor, 'supervision.review');
  await inTransaction(db, async (tx) => {
    const { row, label } = await lockedForMove(tx, id, options);
    await moveReport(tx, row, 'approve', { ...options, label, comment: comment?.trim() || undefined });
  });
  return getReportDetail(db, id, options);
}

/** The coordinator returns a submitted report with a comment (required); the assignee corrects and resubmits it. */
export async function returnReport(db: DatabaseOrTransaction, id: string, comment: string, options: SupervisionCommandOptions): Promise<ReportDetail> {
  options.permissions.assertCan(options.actor, 'supervision.review');
  const text = comment.trim();
  if (text === '') throw new AppError('bad_request', '退回报告须写明理由（comment）', 'returning a report needs a comment', [{ field: 'comment', message: '退回理由不能为空', message_en: 'a comment is required' }]);
  await inTransaction(db, async (tx) => {
    const { row, label } = await lockedForMove(tx, id, options);
    await moveReport(tx, row, 'return', { ...options, label, comment: text });
  });
  return getReportDetail(db, id, options);
}

async function presentContribution(db: DatabaseOrTransaction, report: ReportRow, measure: MeasureRow, options: SupervisionOptions & Naming) {
  const evidence = await findEvidence(db, [report.id]);
  return {
    ...presentReportSummary(report, measure, options),
    narrative: report.narrative,
    figures: report.figures,
    indicator_links: await resolveIndicatorLinks(db, report.indicatorLinks, options),
    evidence: evidence.map(presentEvidence),
  };
}

/** One report with its history, evidence, linked figures, light, and (a lead's) the co-responsible contributions. 404 outside the caller's scope. */
export async function getReportDetail(db: DatabaseOrTransaction, id: string, options: SupervisionOptions): Promise<ReportDetail> {
  const report = await findReport(db, id);
  if (!report || !(await canRead(db, report, options))) throw reportNotFound(id);
  const measure = (await findMeasure(db, report.measureId))!;
  const assignment = await findAssignment(db, measure.id, { kind: report.assigneeKind, id: report.assigneeId });
  const day = today(options.now);
  const ownScope = report.assigneeKind === 'unit' ? ({ kind: 'unit', unitId: report.assigneeId } as const) : ({ kind: 'areas', codes: [report.assigneeId] } as const);
  const own = await findReports(db, { scope: ownScope, measureIds: [measure.id] });
  const board = boardOf([measure], assignment ? [assignment] : [], own, await findMilestones(db, [measure.id]));
  const progress = progressOf(board, measure, { assigneeKind: report.assigneeKind, assigneeId: report.assigneeId, role: assignment?.role ?? (report.kind === 'lead' ? 'lead' : 'co') }, day, report.period);
  const contributions = report.kind === 'lead' ? (await findReports(db, { scope: { kind: 'all' }, measureIds: [measure.id], period: report.period, kind: 'contribution' })).filter((row) => row.state !== 'draft') : [];
  const editable = (report.state === 'draft' || report.state === 'returned') && measure.state === 'open' && options.permissions.canOn(options.actor, 'supervision.report', resourceOf({ kind: report.assigneeKind, id: report.assigneeId }), options.tree);
  return {
    ...(await presentContribution(db, report, measure, options)),
    cycle: presentCycle(cycleOf(report.period, measure.dueDay)),
    light: progress.light,
    light_label: lightLabels[progress.light],
    history: (await findHistory(db, report.id)).map(presentHistory),
    contributions: await Promise.all(contributions.map((row) => presentContribution(db, row, measure, options))),
    editable,
  };
}

/** One cycle of one measure: every assignee's standing (within scope), the lead's report and the contributions inside it. */
export async function getCycleView(db: DatabaseOrTransaction, measureId: string, period: string, options: SupervisionOptions): Promise<CycleView> {
  const measure = await findMeasure(db, measureId);
  if (!measure) throw measureNotFound(measureId);
  const scope = assigneeScopeOf(options.permissions.dataScopeOf(options.actor, 'supervision.read'), options.tree);
  const assignments = await findAssignments(db, { scope, measureIds: [measure.id] });
  if (scope.kind !== 'all' && assignments.length === 0) throw measureNotFound(measureId);
  const reports = await findReports(db, { scope: { kind: 'all' }, measureIds: [measure.id] });
  const visible = reports.filter((row) => inAssigneeScope(scope, { kind: row.assigneeKind, id: row.assigneeId }));
  const board = boardOf([measure], assignments, visible, await findMilestones(db, [measure.id]));
  const day = today(options.now);
  const leadsInScope = assignments.filter((row) => row.role === 'lead');
  const cycle = cycleFor(measure, day, period);
  const leadReport = leadsInScope.map((row) => board.reportByKey.get(`${measure.id}|${row.assigneeKind}|${row.assigneeId}|${cycle.period}`)).find((row) => row !== undefined);
  const contributionRows = reports.filter(
    (row) => row.kind === 'contribution' && row.period === cycle.period && ((leadsInScope.length > 0 && row.state !== 'draft') || inAssigneeScope(scope, { kind: row.assigneeKind, id: row.assigneeId })),
  );
  return {
    measure: presentMeasureSummary(measure, options),
    cycle: presentCycle(cycle),
    progress: assignments.map((row) => presentProgressRow(row, progressOf(board, measure, row, day, cycle.period), options)),
    lead_report: leadReport ? await getReportDetail(db, leadReport.id, options) : null,
    contributions: await Promise.all(contributionRows.map((row) => presentContribution(db, row, measure, options))),
  };
}
