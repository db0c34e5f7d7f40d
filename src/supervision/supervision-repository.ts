import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { supervisionAssignments, supervisionEvidence, supervisionMeasures, supervisionMilestones, supervisionReportHistory, supervisionReports, supervisionWorkPoints } from './supervision-schema.ts';

export type MeasureRow = typeof supervisionMeasures.$inferSelect;
export type AssignmentRow = typeof supervisionAssignments.$inferSelect;
export type ReportRow = typeof supervisionReports.$inferSelect;
export type HistoryRow = typeof supervisionReportHistory.$inferSelect;
export type EvidenceRow = typeof supervisionEvidence.$inferSelect;
export type WorkPointRow = typeof supervisionWorkPoints.$inferSelect;
export type MilestoneRow = typeof supervisionMilestones.$inferSelect;

/**
 * Which assignees' rows a caller may read: everything, one unit, some areas (an area and its
 * subtree), or nothing. Every read of assignments and reports takes it (see supervision-scope.ts).
 */
export type AssigneeScope = { kind: 'all' } | { kind: 'unit'; unitId: string } | { kind: 'areas'; codes: readonly string[] } | { kind: 'none' };

function assigneeCondition(kindColumn: typeof supervisionAssignments.assigneeKind | typeof supervisionReports.assigneeKind, idColumn: typeof supervisionAssignments.assigneeId | typeof supervisionReports.assigneeId, scope: AssigneeScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'unit':
      return and(eq(kindColumn, 'unit'), eq(idColumn, scope.unitId));
    case 'areas':
      return scope.codes.length === 0 ? sql`false` : and(eq(kindColumn, 'area'), inArray(idColumn, [...scope.codes]));
    case 'none':
      return sql`false`;
  }
}

// ---------------------------------------------------------------- measures

export async function findMeasures(db: DatabaseOrTransaction, filter: { packId?: string | undefined; taskId?: string; ids?: readonly string[] } = {}): Promise<MeasureRow[]> {
  const conditions: SQL[] = [];
  if (filter.packId) conditions.push(eq(supervisionMeasures.packId, filter.packId));
  if (filter.taskId) conditions.push(eq(supervisionMeasures.taskId, filter.taskId));
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    conditions.push(inArray(supervisionMeasures.id, [...filter.ids]));
  }
  return db
    .select()
    .from(supervisionMeasures)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(supervisionMeasures.packId), asc(supervisionMeasures.position), asc(supervisionMeasures.key));
}

export async function findMeasure(db: DatabaseOrTransaction, id: string): Promise<MeasureRow | undefined> {
  const [row] = await db.select().from(supervisionMeasures).where(eq(supervisionMeasures.id, id));
  return row;
}

export async function lockMeasure(db: DatabaseOrTransaction, id: string): Promise<MeasureRow | undefined> {
  const [row] = await db.select().from(supervisionMeasures).where(eq(supervisionMeasures.id, id)).for('update');
  return row;
}

/** The measure, held against a concurrent close-off until the caller's transaction ends (shared: reports of one measure do not wait on each other). */
export async function shareMeasure(db: DatabaseOrTransaction, id: string): Promise<MeasureRow | undefined> {
  const [row] = await db.select().from(supervisionMeasures).where(eq(supervisionMeasures.id, id)).for('share');
  return row;
}

export async function findChildMeasures(db: DatabaseOrTransaction, parentId: string): Promise<MeasureRow[]> {
  return db.select().from(supervisionMeasures).where(eq(supervisionMeasures.parentId, parentId)).orderBy(asc(supervisionMeasures.position), asc(supervisionMeasures.key));
}

export async function updateMeasure(db: DatabaseOrTransaction, id: string, set: Partial<MeasureRow>): Promise<MeasureRow> {
  const [row] = await db.update(supervisionMeasures).set(set).where(eq(supervisionMeasures.id, id)).returning();
  return row!;
}

// ---------------------------------------------------------------- assignments

export async function findAssignments(db: DatabaseOrTransaction, filter: { scope: AssigneeScope; measureIds?: readonly string[] }): Promise<AssignmentRow[]> {
  const conditions: (SQL | undefined)[] = [assigneeCondition(supervisionAssignments.assigneeKind, supervisionAssignments.assigneeId, filter.scope)];
  if (filter.measureIds) {
    if (filter.measureIds.length === 0) return [];
    conditions.push(inArray(supervisionAssignments.measureId, [...filter.measureIds]));
  }
  return db
    .select()
    .from(supervisionAssignments)
    .where(and(...conditions))
    .orderBy(asc(supervisionAssignments.measureId), sql`case ${supervisionAssignments.role} when 'lead' then 0 else 1 end`, asc(supervisionAssignments.createdAt), asc(supervisionAssignments.assigneeKind), asc(supervisionAssignments.assigneeId));
}

export async function findAssignment(db: DatabaseOrTransaction, measureId: string, assignee: { kind: 'unit' | 'area'; id: string }): Promise<AssignmentRow | undefined> {
  const [row] = await db
    .select()
    .from(supervisionAssignments)
    .where(and(eq(supervisionAssignments.measureId, measureId), eq(supervisionAssignments.assigneeKind, assignee.kind), eq(supervisionAssignments.assigneeId, assignee.id)));
  return row;
}

// ---------------------------------------------------------------- reports

export async function findReports(db: DatabaseOrTransaction, filter: { scope: AssigneeScope; measureIds?: readonly string[]; period?: string; states?: readonly ReportRow['state'][]; kind?: ReportRow['kind']; packId?: string | undefined }): Promise<ReportRow[]> {
  const conditions: (SQL | undefined)[] = [assigneeCondition(supervisionReports.assigneeKind, supervisionReports.assigneeId, filter.scope)];
  if (filter.measureIds) {
    if (filter.measureIds.length === 0) return [];
    conditions.push(inArray(supervisionReports.measureId, [...filter.measureIds]));
  }
  if (filter.period) conditions.push(eq(supervisionReports.period, filter.period));
  if (filter.states) conditions.push(inArray(supervisionReports.state, [...filter.states]));
  if (filter.kind) conditions.push(eq(supervisionReports.kind, filter.kind));
  if (filter.packId) conditions.push(inArray(supervisionReports.measureId, db.select({ id: supervisionMeasures.id }).from(supervisionMeasures).where(eq(supervisionMeasures.packId, filter.packId))));
  return db.select().from(supervisionReports).where(and(...conditions)).orderBy(asc(supervisionReports.submittedAt), asc(supervisionReports.createdAt));
}

export async function countReportsByState(db: DatabaseOrTransaction, filter: { scope: AssigneeScope; kind?: ReportRow['kind']; packId?: string | undefined }): Promise<Record<ReportRow['state'], number>> {
  const conditions: (SQL | undefined)[] = [assigneeCondition(supervisionReports.assigneeKind, supervisionReports.assigneeId, filter.scope)];
  if (filter.kind) conditions.push(eq(supervisionReports.kind, filter.kind));
  if (filter.packId) conditions.push(inArray(supervisionReports.measureId, db.select({ id: supervisionMeasures.id }).from(supervisionMeasures).where(eq(supervisionMeasures.packId, filter.packId))));
  const rows = await db
    .select({ state: supervisionReports.state, count: sql<number>`count(*)::int` })
    .from(supervisionReports)
    .where(and(...conditions))
    .groupBy(supervisionReports.state);
  const counts = { draft: 0, submitted: 0, returned: 0, approved: 0 };
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}

export async function findReport(db: DatabaseOrTransaction, id: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(supervisionReports).where(eq(supervisionReports.id, id));
  return row;
}

export async function lockReport(db: DatabaseOrTransaction, id: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(supervisionReports).where(eq(supervisionReports.id, id)).for('update');
  return row;
}

export async function findReportByKey(db: DatabaseOrTransaction, key: { measureId: string; assigneeKind: 'unit' | 'area'; assigneeId: string; period: string }, lock = false): Promise<ReportRow | undefined> {
  const query = db
    .select()
    .from(supervisionReports)
    .where(and(eq(supervisionReports.measureId, key.measureId), eq(supervisionReports.assigneeKind, key.assigneeKind), eq(supervisionReports.assigneeId, key.assigneeId), eq(supervisionReports.period, key.period)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** The first write of a report: an upsert that leaves an existing row alone (two first saves at once give one row). */
export async function insertReportIfAbsent(db: DatabaseOrTransaction, row: typeof supervisionReports.$inferInsert): Promise<void> {
  await db.insert(supervisionReports).values(row).onConflictDoNothing({ target: [supervisionReports.measureId, supervisionReports.assigneeKind, supervisionReports.assigneeId, supervisionReports.period] });
}

export async function updateReport(db: DatabaseOrTransaction, id: string, set: Partial<ReportRow>): Promise<ReportRow> {
  const [row] = await db.update(supervisionReports).set(set).where(eq(supervisionReports.id, id)).returning();
  return row!;
}

export async function insertHistory(db: DatabaseOrTransaction, row: typeof supervisionReportHistory.$inferInsert): Promise<void> {
  await db.insert(supervisionReportHistory).values(row);
}

export async function findHistory(db: DatabaseOrTransaction, reportId: string): Promise<HistoryRow[]> {
  return db.select().from(supervisionReportHistory).where(eq(supervisionReportHistory.reportId, reportId)).orderBy(asc(supervisionReportHistory.id));
}

// ---------------------------------------------------------------- evidence

export async function findEvidence(db: DatabaseOrTransaction, reportIds: readonly string[]): Promise<EvidenceRow[]> {
  if (reportIds.length === 0) return [];
  return db.select().from(supervisionEvidence).where(inArray(supervisionEvidence.reportId, [...reportIds])).orderBy(asc(supervisionEvidence.uploadedAt), asc(supervisionEvidence.id));
}

export async function findEvidenceByIds(db: DatabaseOrTransaction, ids: readonly string[]): Promise<EvidenceRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(supervisionEvidence).where(inArray(supervisionEvidence.id, [...ids]));
}

export async function getEvidenceRow(db: DatabaseOrTransaction, id: string): Promise<EvidenceRow | undefined> {
  const [row] = await db.select().from(supervisionEvidence).where(eq(supervisionEvidence.id, id));
  return row;
}

export async function insertEvidence(db: DatabaseOrTransaction, row: typeof supervisionEvidence.$inferInsert): Promise<EvidenceRow> {
  const [inserted] = await db.insert(supervisionEvidence).values(row).returning();
  return inserted!;
}

export async function deleteEvidenceRow(db: DatabaseOrTransaction, id: string): Promise<void> {
  await db.delete(supervisionEvidence).where(eq(supervisionEvidence.id, id));
}

// ---------------------------------------------------------------- work points and milestones

export async function findWorkPoints(db: DatabaseOrTransaction, measureIds: readonly string[]): Promise<WorkPointRow[]> {
  if (measureIds.length === 0) return [];
  return db.select().from(supervisionWorkPoints).where(inArray(supervisionWorkPoints.measureId, [...measureIds])).orderBy(asc(supervisionWorkPoints.year), asc(supervisionWorkPoints.createdAt));
}

export async function findMilestones(db: DatabaseOrTransaction, measureIds?: readonly string[]): Promise<MilestoneRow[]> {
  if (measureIds && measureIds.length === 0) return [];
  return db
    .select()
    .from(supervisionMilestones)
    .where(measureIds ? inArray(supervisionMilestones.measureId, [...measureIds]) : undefined)
    .orderBy(asc(supervisionMilestones.dueDate), asc(supervisionMilestones.createdAt));
}
