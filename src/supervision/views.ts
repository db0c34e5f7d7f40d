import type { DatabaseOrTransaction } from '../db/index.ts';
import { AppError, today } from '../shared/index.ts';
import { loadBoard, progressOf, type Board, type Progress } from './board.ts';
import { cycleOf } from './cycles.ts';
import { presentAssignee, presentCycle, presentMeasureSummary, presentProgressRow, presentReportSummary } from './present-supervision.ts';
import { assigneeScopeOf, inAssigneeScope, ownAssignee, type SupervisionOptions } from './supervision-context.ts';
import type { AssigneeList, AssigneeViewAnswer, HeatMap, ReviewQueue, SupervisionTaskList, TaskView, Workbench, WorkItem } from './supervision-contract.ts';
import { countReportsByState, findReports, type AssigneeScope, type AssignmentRow, type MeasureRow } from './supervision-repository.ts';
import { assignmentRoleLabels, lightLabels, lights, worstLight, type Assignee, type Light, type ReportState } from './supervision-vocabulary.ts';

/**
 * The views (by task, by unit or area, heat map, workbench, review queue): each loads the board
 * within the caller's data scope and computes every row with `progressOf`, on each measure's
 * current cycle unless a period is asked for.
 */
interface ViewQuery {
  period?: string | undefined;
  pack?: string | undefined;
}

interface Row {
  measure: MeasureRow;
  assignment: AssignmentRow;
  progress: Progress;
}

async function rowsOf(db: DatabaseOrTransaction, query: ViewQuery, options: SupervisionOptions, reportScope?: AssigneeScope): Promise<{ board: Board; rows: Row[]; day: string }> {
  if (query.period) cycleOf(query.period);
  const scope = reportScope ?? assigneeScopeOf(options.permissions.dataScopeOf(options.actor, 'supervision.read'), options.tree);
  const board = await loadBoard(db, { scope, packId: query.pack });
  const day = today(options.now);
  const rows = board.assignments.map((assignment) => {
    const measure = board.measureById.get(assignment.measureId)!;
    return { measure, assignment, progress: progressOf(board, measure, assignment, day, query.period) };
  });
  return { board, rows, day };
}

function countLights(values: readonly Light[]): Record<Light, number> {
  const counts = Object.fromEntries(lights.map((light) => [light, 0])) as Record<Light, number>;
  for (const value of values) counts[value] += 1;
  return counts;
}

function averagePercent(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.floor(known.reduce((sum, value) => sum + value, 0) / known.length);
}

function taskOverview(packId: string, taskId: string, rows: readonly Row[], measures: readonly MeasureRow[], options: SupervisionOptions) {
  const pack = options.packs.find((candidate) => candidate.metadata.id === packId);
  const task = pack?.tasks.find((candidate) => candidate.id === taskId);
  const clause = pack?.clauses.find((candidate) => candidate.number === task?.clause);
  const taskLights = rows.map((row) => row.progress.light);
  return {
    id: taskId,
    pack_id: packId,
    clause: task?.clause ?? 0,
    clause_label: clause?.label ?? '',
    title: task?.title ?? taskId,
    measures: measures.length,
    lights: countLights(taskLights),
    worst_light: worstLight(taskLights),
    percent: averagePercent(rows.filter((row) => row.assignment.role === 'lead').map((row) => row.progress.percent)),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const taskKey = (measure: MeasureRow) => `${measure.packId}|${measure.taskId}`;

/** Every task with its measures' lights counted and the lead assignees' average percent. */
export async function findSupervisionTasks(db: DatabaseOrTransaction, query: ViewQuery, options: SupervisionOptions): Promise<SupervisionTaskList> {
  const { board, rows, day } = await rowsOf(db, query, options);
  const rowsByTask = groupBy(rows, (row) => taskKey(row.measure));
  const visibleMeasures = new Set(rows.map((row) => row.measure.id));
  const measuresByTask = groupBy(
    board.measures.filter((measure) => visibleMeasures.has(measure.id)),
    taskKey,
  );
  const tasks = [...measuresByTask.entries()].map(([key, measures]) => {
    const [packId, taskId] = key.split('|') as [string, string];
    return taskOverview(packId, taskId, rowsByTask.get(key) ?? [], measures, options);
  });
  return { as_of: day, tasks };
}

/** By task: every measure of the task with every assignee's progress and light. */
export async function getSupervisionTask(db: DatabaseOrTransaction, taskId: string, query: ViewQuery, options: SupervisionOptions): Promise<TaskView> {
  const { board, rows, day } = await rowsOf(db, query, options);
  const taskRows = rows.filter((row) => row.measure.taskId === taskId);
  const measures = board.measures.filter((measure) => measure.taskId === taskId && taskRows.some((row) => row.measure.id === measure.id));
  if (measures.length === 0) throw new AppError('not_found', `找不到督查任务“${taskId}”`, `supervised task "${taskId}" not found`);
  const packId = measures[0]!.packId;
  return {
    as_of: day,
    task: taskOverview(packId, taskId, taskRows, measures, options),
    measures: measures.map((measure) => ({
      ...presentMeasureSummary(measure, options),
      progress: taskRows.filter((row) => row.measure.id === measure.id).map((row) => presentProgressRow(row.assignment, row.progress, options)),
    })),
  };
}

const assigneeKeyOf = (row: Pick<AssignmentRow, 'assigneeKind' | 'assigneeId'>) => `${row.assigneeKind}|${row.assigneeId}`;

/** Every unit and area (within scope) with its measures' lights counted. */
export async function findSupervisionAssignees(db: DatabaseOrTransaction, query: ViewQuery, options: SupervisionOptions): Promise<AssigneeList> {
  const { rows, day } = await rowsOf(db, query, options);
  const groups = groupBy(rows, (row) => assigneeKeyOf(row.assignment));
  const assignees = [...groups.values()].map((group) => {
    const values = group.map((row) => row.progress.light);
    return { assignee: presentAssignee(group[0]!.assignment, options), measures: group.length, lights: countLights(values), worst_light: worstLight(values) };
  });
  assignees.sort((a, b) => a.assignee.kind.localeCompare(b.assignee.kind) || a.assignee.id.localeCompare(b.assignee.id));
  return { as_of: day, assignees };
}

/** By unit or area: its measures and their lights (404 outside the caller's scope). */
export async function getSupervisionAssignee(db: DatabaseOrTransaction, assignee: Assignee, query: ViewQuery, options: SupervisionOptions): Promise<AssigneeViewAnswer> {
  const scope = assigneeScopeOf(options.permissions.dataScopeOf(options.actor, 'supervision.read'), options.tree);
  const name = presentAssignee({ assigneeKind: assignee.kind, assigneeId: assignee.id }, options);
  if (!inAssigneeScope(scope, assignee)) throw new AppError('not_found', `找不到责任单位“${name.name}”的督查事项`, `no supervised measures of "${name.name}" found`);
  const { rows, day } = await rowsOf(db, query, options);
  const own = rows.filter((row) => row.assignment.assigneeKind === assignee.kind && row.assignment.assigneeId === assignee.id);
  return {
    as_of: day,
    assignee: name,
    lights: countLights(own.map((row) => row.progress.light)),
    measures: own.map((row) => ({ ...presentMeasureSummary(row.measure, options), role: row.assignment.role, role_label: assignmentRoleLabels[row.assignment.role], progress: presentProgressRow(row.assignment, row.progress, options) })),
  };
}

/** Heat map: assignees × tasks → the worst light and the lead rows' average percent. */
export async function getSupervisionHeatMap(db: DatabaseOrTransaction, query: ViewQuery, options: SupervisionOptions): Promise<HeatMap> {
  const { rows, day } = await rowsOf(db, query, options);
  const taskIds: string[] = [];
  const seenAssignees = new Map<string, Row['assignment']>();
  for (const row of rows) {
    if (!taskIds.includes(taskKey(row.measure))) taskIds.push(taskKey(row.measure));
    if (!seenAssignees.has(assigneeKeyOf(row.assignment))) seenAssignees.set(assigneeKeyOf(row.assignment), row.assignment);
  }
  const cells = [...groupBy(rows, (row) => `${assigneeKeyOf(row.assignment)}|${taskKey(row.measure)}`).values()].map((group) => {
    const first = group[0]!;
    return {
      assignee_kind: first.assignment.assigneeKind,
      assignee_id: first.assignment.assigneeId,
      task_id: first.measure.taskId,
      light: worstLight(group.map((row) => row.progress.light)),
      percent: averagePercent(group.filter((row) => row.assignment.role === 'lead').map((row) => row.progress.percent)),
      measures: group.length,
    };
  });
  const tasks = taskIds.map((key) => {
    const [packId, taskId] = key.split('|') as [string, string];
    const pack = options.packs.find((candidate) => candidate.metadata.id === packId);
    const task = pack?.tasks.find((candidate) => candidate.id === taskId);
    return { id: taskId, clause_label: pack?.clauses.find((clause) => clause.number === task?.clause)?.label ?? '', title: task?.title ?? taskId };
  });
  const assignees = [...seenAssignees.values()].map((row) => presentAssignee(row, options));
  assignees.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
  return { as_of: day, tasks, assignees, cells };
}

/** The caller's workbench: 待办 (open or overdue cycles not submitted), 已退回 with the reason, submitted, and counts. */
export async function getWorkbench(db: DatabaseOrTransaction, options: SupervisionOptions): Promise<Workbench> {
  // The workbench lists what the caller reports for (a coordinator, who reports nothing, has the review queue).
  const reportScope = options.permissions.holds(options.actor, 'supervision.report') ? assigneeScopeOf(options.permissions.dataScopeOf(options.actor, 'supervision.report'), options.tree) : ({ kind: 'none' } as const);
  const { board, rows, day } = await rowsOf(db, {}, options, reportScope);
  const due: (WorkItem & { sort: string })[] = [];
  const returned: WorkItem[] = [];
  const submitted: WorkItem[] = [];
  let overdue = 0;
  let approved = 0;
  const item = (row: Row, cycle = row.progress.cycle, light: Light = row.progress.light): WorkItem => {
    const report = board.reportByKey.get(`${row.measure.id}|${row.assignment.assigneeKind}|${row.assignment.assigneeId}|${cycle.period}`);
    return {
      measure: presentMeasureSummary(row.measure, options),
      assignee: presentAssignee(row.assignment, options),
      role: row.assignment.role,
      role_label: assignmentRoleLabels[row.assignment.role],
      cycle: presentCycle(cycle),
      light,
      light_label: lightLabels[light],
      report: report ? presentReportSummary(report, row.measure, options) : null,
    };
  };
  for (const row of rows) {
    if (row.measure.state === 'closed') continue;
    for (const cycle of row.progress.overdue) {
      overdue += 1;
      const work = item(row, cycle, 'red');
      if (work.report?.state === 'returned') returned.push(work);
      else due.push({ ...work, sort: cycle.due_on });
    }
    const state: ReportState | undefined = row.progress.report?.state;
    if (row.progress.overdue.some((cycle) => cycle.period === row.progress.cycle.period)) continue;
    if (state === 'returned') returned.push(item(row));
    else if (state === 'submitted') submitted.push(item(row));
    else if (state === 'approved') approved += 1;
    else if (day >= row.progress.cycle.opens_on) due.push({ ...item(row), sort: row.progress.cycle.due_on });
  }
  due.sort((a, b) => a.sort.localeCompare(b.sort));
  const assignees = new Map<string, AssignmentRow>();
  for (const row of rows) assignees.set(assigneeKeyOf(row.assignment), row.assignment);
  const own = [...assignees.values()].map((row) => presentAssignee(row, options));
  // An account whose unit or area has nothing assigned still sees whom it reports for.
  const self = options.actor ? ownAssignee(options.actor) : undefined;
  if (own.length === 0 && self && options.permissions.holds(options.actor, 'supervision.report')) own.push(presentAssignee({ assigneeKind: self.kind, assigneeId: self.id }, options));
  return {
    as_of: day,
    assignees: own,
    counts: { due: due.length, overdue, returned: returned.length, submitted: submitted.length, approved },
    due: due.map(({ sort: _sort, ...work }) => work),
    returned,
    submitted,
  };
}

/** The coordinator's review queue: reports in a state (default submitted), oldest submission first, with counts per state. */
export async function getReviewQueue(db: DatabaseOrTransaction, query: { state?: ReportState | undefined; pack?: string | undefined }, options: SupervisionOptions): Promise<ReviewQueue> {
  options.permissions.assertCan(options.actor, 'supervision.review');
  const state = query.state ?? 'submitted';
  const [counts, reports, board] = await Promise.all([
    countReportsByState(db, { scope: { kind: 'all' }, kind: 'lead', packId: query.pack }),
    findReports(db, { scope: { kind: 'all' }, states: [state], kind: 'lead', packId: query.pack }),
    loadBoard(db, { scope: { kind: 'none' }, packId: query.pack }),
  ]);
  return {
    counts,
    state,
    reports: reports.flatMap((report) => {
      const measure = board.measureById.get(report.measureId);
      return measure ? [presentReportSummary(report, measure, options)] : [];
    }),
  };
}
