import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import { checkEvidenceFile, safeFileName } from './evidence-files.ts';
import { presentEvidence } from './present-supervision.ts';
import { reportStateLabels } from './supervision-vocabulary.ts';
import { assigneeScopeOf, nameAssignee, resourceOf, type SupervisionCommandOptions, type SupervisionOptions } from './supervision-context.ts';
import type { Evidence } from './supervision-contract.ts';
import { deleteEvidenceRow, findAssignments, findEvidence, findMeasure, findReport, getEvidenceRow, insertEvidence, lockReport, type EvidenceRow, type ReportRow } from './supervision-repository.ts';
import { evidenceLimits } from './supervision-vocabulary.ts';

/**
 * Where evidence files live: `<files root>/supervision/<random id>` — the platform's stored-files
 * folder under its data directory (`$DATA_DIR/files`, also with DATABASE_URL), which backups
 * cover. A platform on a throwaway in-memory database keeps them in a temporary folder.
 */
export class EvidenceStore {
  private fallback: string | undefined;

  constructor(private readonly root: string | undefined) {}

  folder(): string {
    const base = this.root ?? (this.fallback ??= mkdtempSync(join(tmpdir(), 'kechuang-files-')));
    const folder = join(base, 'supervision');
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  pathOf(storageKey: string): string {
    const id = storageKey.replace(/^supervision\//, '');
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('not_found', '找不到佐证文件', 'evidence file not found');
    return join(this.folder(), id);
  }
}

function editableBy(report: ReportRow, options: SupervisionCommandOptions, label: string): void {
  options.permissions.assertCanOn(options.actor, 'supervision.report', resourceOf({ kind: report.assigneeKind, id: report.assigneeId }), options.tree);
  if (report.state !== 'draft' && report.state !== 'returned') {
    const locked = report.state === 'approved' ? '（已审核的报告已锁定）' : '';
    throw new AppError('conflict', `${label}当前状态为“${reportStateLabels[report.state].zh}”${locked}，不能增删佐证材料`, `${label} is ${reportStateLabels[report.state].en}: evidence cannot be added or removed`, { state: report.state });
  }
}

const labelOf = (report: ReportRow, options: SupervisionOptions) => `${nameAssignee({ kind: report.assigneeKind, id: report.assigneeId }, options).name}${report.period}报告`;

/** Stores one evidence file for a draft or returned report: ≤ 10 MB, ≤ 10 a report, allowed types by extension and content, a safe name. */
export async function uploadEvidence(db: DatabaseOrTransaction, reportId: string, uploadedName: string, bytes: Uint8Array, store: EvidenceStore, options: SupervisionCommandOptions): Promise<Evidence> {
  const { fileName, originalName } = safeFileName(uploadedName);
  const { mediaType } = checkEvidenceFile(fileName, bytes);
  // Nothing reaches the disk for a report the caller may not add to (checked again, locked, below).
  const target = await findReport(db, reportId);
  if (!target || !options.permissions.canOn(options.actor, 'supervision.read', resourceOf({ kind: target.assigneeKind, id: target.assigneeId }), options.tree)) throw new AppError('not_found', `找不到督查报告“${reportId}”`, `supervision report "${reportId}" not found`);
  editableBy(target, options, labelOf(target, options));
  const id = randomUUID();
  const path = join(store.folder(), id);
  writeFileSync(path, bytes, { flag: 'wx', mode: 0o600 });
  try {
    const row = await inTransaction(db, async (tx) => {
      const report = await lockReport(tx, reportId);
      if (!report || !options.permissions.canOn(options.actor, 'supervision.read', resourceOf({ kind: report.assigneeKind, id: report.assigneeId }), options.tree)) throw new AppError('not_found', `找不到督查报告“${reportId}”`, `supervision report "${reportId}" not found`);
      const label = labelOf(report, options);
      editableBy(report, options, label);
      const measure = await findMeasure(tx, report.measureId);
      if (measure?.state === 'closed') throw new AppError('conflict', `督查事项“${measure.title}”已销号，不再接收材料`, `the measure "${measure.title}" is closed off`, { state: 'closed' });
      const existing = await findEvidence(tx, [report.id]);
      if (existing.length >= evidenceLimits.maxPerReport) {
        throw new AppError('conflict', `${label}已有 ${existing.length} 个佐证文件，每份报告最多 ${evidenceLimits.maxPerReport} 个；“${fileName}”未上传`, `${label} already has ${existing.length} evidence files (at most ${evidenceLimits.maxPerReport}); "${fileName}" was not stored`, { limit: evidenceLimits.maxPerReport });
      }
      const inserted = await insertEvidence(tx, {
        id,
        reportId: report.id,
        fileName,
        originalName,
        mediaType,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        storageKey: `supervision/${id}`,
        uploadedBy: options.actor.username,
        uploadedAt: options.now,
      });
      await recordAuditEvent(tx, { actor: options.actor, action: 'supervision.evidence.upload', entityType: 'supervision_evidence', entityId: id, after: { report_id: report.id, file_name: fileName, original_name: originalName, size: bytes.length, media_type: mediaType }, origin: options.origin });
      return inserted;
    });
    return presentEvidence(row);
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
}

/** May the caller read this report's files: its own, a contribution to a measure it leads, or everything. */
async function mayRead(db: DatabaseOrTransaction, report: ReportRow, options: SupervisionOptions): Promise<boolean> {
  if (options.permissions.canOn(options.actor, 'supervision.read', resourceOf({ kind: report.assigneeKind, id: report.assigneeId }), options.tree)) return true;
  if (report.kind !== 'contribution' || report.state === 'draft' || !options.actor) return false;
  const scope = assigneeScopeOf(options.permissions.dataScopeOf(options.actor, 'supervision.read'), options.tree);
  return (await findAssignments(db, { scope, measureIds: [report.measureId] })).some((row) => row.role === 'lead');
}

/** An evidence file to download, 404 outside the caller's scope. */
export async function readEvidence(db: DatabaseOrTransaction, id: string, store: EvidenceStore, options: SupervisionOptions): Promise<{ row: EvidenceRow; path: string }> {
  const row = await getEvidenceRow(db, id);
  const report = row ? await findReport(db, row.reportId) : undefined;
  if (!row || !report || !(await mayRead(db, report, options))) throw new AppError('not_found', `找不到佐证文件“${id}”`, `evidence file "${id}" not found`);
  return { row, path: store.pathOf(row.storageKey) };
}

/** Removes an evidence file from a draft or returned report. */
export async function deleteEvidence(db: DatabaseOrTransaction, id: string, store: EvidenceStore, options: SupervisionCommandOptions): Promise<{ id: string; deleted: true }> {
  const row = await inTransaction(db, async (tx) => {
    const evidence = await getEvidenceRow(tx, id);
    const report = evidence ? await lockReport(tx, evidence.reportId) : undefined;
    if (!evidence || !report || !options.permissions.canOn(options.actor, 'supervision.read', resourceOf({ kind: report.assigneeKind, id: report.assigneeId }), options.tree)) throw new AppError('not_found', `找不到佐证文件“${id}”`, `evidence file "${id}" not found`);
    editableBy(report, options, labelOf(report, options));
    await deleteEvidenceRow(tx, id);
    await recordAuditEvent(tx, { actor: options.actor, action: 'supervision.evidence.delete', entityType: 'supervision_evidence', entityId: id, before: { report_id: report.id, file_name: evidence.fileName, size: evidence.size }, after: null, origin: options.origin });
    return evidence;
  });
  rmSync(store.pathOf(row.storageKey), { force: true });
  return { id, deleted: true };
}
