import { and, eq, inArray } from 'drizzle-orm';
import type { Actor, RequestOrigin } from '../accounts/actor.ts';
import type { PermissionTable } from '../accounts/permissions.ts';
import type { AreaTree } from '../areas/area-tree.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/open-database.ts';
import type { Indicator } from '../policy/pack-schema.ts';
import { AppError } from '../shared/app-error.ts';
import { checkValueRows } from './import-indicator-values.ts';
import { indicatorPeriodLocks, indicatorValueRevisions, indicatorValues } from './indicators-schema.ts';
import type { ValueRow } from './value-repository.ts';

/**
 * The data-entry workflow (DHIS2-like): an area's reporter saves drafts and submits them; the
 * coordinator approves (which locks the value) or returns them; only the coordinator unlocks an
 * approved value. Every transition is checked — an illegal one is refused with 409 — and audited.
 */
export interface WorkflowOptions {
  actor: Actor;
  permissions: PermissionTable;
  tree: AreaTree;
  origin: RequestOrigin;
  now?: Date;
}

export interface EnteredValue {
  indicator: string;
  value: number;
  unit?: string | undefined;
  source?: string | undefined;
}

async function assertPeriodOpen(db: DatabaseOrTransaction, org: string, period: string): Promise<void> {
  const [lock] = await db.select().from(indicatorPeriodLocks).where(and(eq(indicatorPeriodLocks.org, org), eq(indicatorPeriodLocks.period, period)));
  if (lock) throw new AppError('conflict', `${org} 的 ${period} 期已锁定，不能修改`, `${org} ${period} is locked`);
}

async function rowsOf(db: DatabaseOrTransaction, org: string, period: string, indicators?: readonly string[]): Promise<ValueRow[]> {
  const conditions = [eq(indicatorValues.org, org), eq(indicatorValues.period, period)];
  if (indicators && indicators.length > 0) conditions.push(inArray(indicatorValues.indicator, [...indicators]));
  return db.select().from(indicatorValues).where(and(...conditions)).for('update');
}

async function recordRevision(db: DatabaseOrTransaction, row: ValueRow, change: 'create' | 'revise' | 'submit' | 'approve' | 'unlock' | 'return', actor: Actor, at: Date): Promise<void> {
  await db.insert(indicatorValueRevisions).values({ valueId: row.id, indicator: row.indicator, org: row.org, period: row.period, revision: row.revision, change, value: row.value, unit: row.unit, qualifier: row.qualifier, source: row.source, status: row.status, origin: row.origin, changedBy: actor.username, changedAt: at });
}

/** Saves drafts for one area and period. Submitted or approved values cannot be overwritten. */
export async function saveDraftValues(db: DatabaseOrTransaction, org: string, period: string, values: readonly EnteredValue[], indicators: readonly Indicator[], options: WorkflowOptions): Promise<ValueRow[]> {
  options.permissions.assertCanOn(options.actor, 'indicators.enter', { orgCode: org }, options.tree);
  const rows = values.map((value, index) => ({ line: index + 1, indicator: value.indicator, org, period, value: String(value.value), unit: value.unit ?? '', source: value.source ?? '', qualifier: '' }));
  const { writes, problems } = await checkValueRows(db, 'form', rows, { indicators, tree: options.tree });
  if (problems.length > 0) throw new AppError('bad_request', problems.map((problem) => problem.message).join('；'), problems.map((problem) => problem.message_en).join('; '), problems);
  const at = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    await assertPeriodOpen(tx, org, period);
    const existing = new Map((await rowsOf(tx, org, period, writes.map((write) => write.indicator))).map((row) => [row.indicator, row]));
    const saved: ValueRow[] = [];
    for (const write of writes) {
      const before = existing.get(write.indicator);
      if (before && before.status !== 'draft') {
        throw new AppError('conflict', `${write.indicator} 已${before.status === 'approved' ? '审核通过并锁定' : '提交审核'}，不能修改`, `${write.indicator} is ${before.status}; it cannot be changed`);
      }
      const values = { value: String(write.value), unit: write.unit, enteredValue: String(write.enteredValue), enteredUnit: write.enteredUnit, source: write.source, updatedBy: options.actor.username, updatedAt: at };
      const [row] = before
        ? await tx.update(indicatorValues).set({ ...values, revision: before.revision + 1 }).where(eq(indicatorValues.id, before.id)).returning()
        : await tx.insert(indicatorValues).values({ indicator: write.indicator, org, period, ...values, qualifier: 'exact', status: 'draft', origin: 'entry' }).returning();
      if (!row) continue;
      await recordRevision(tx, row, before ? 'revise' : 'create', options.actor, at);
      await recordAuditEvent(tx, { actor: options.actor, action: 'indicator_value.save_draft', entityType: 'indicator_value', entityId: `${row.indicator}|${org}|${period}`, before: before ? { value: before.value, source: before.source } : null, after: { value: row.value, source: row.source, status: row.status }, origin: options.origin });
      saved.push(row);
    }
    return saved;
  });
}

type Transition = { action: 'submit' | 'approve' | 'return' | 'unlock'; from: ValueRow['status']; to: ValueRow['status']; permission: 'indicators.enter' | 'indicators.approve' };

const transitions: Record<Transition['action'], Transition> = {
  submit: { action: 'submit', from: 'draft', to: 'submitted', permission: 'indicators.enter' },
  approve: { action: 'approve', from: 'submitted', to: 'approved', permission: 'indicators.approve' },
  return: { action: 'return', from: 'submitted', to: 'draft', permission: 'indicators.approve' },
  unlock: { action: 'unlock', from: 'approved', to: 'submitted', permission: 'indicators.approve' },
};

/** Moves an area's values of one period (all, or the named indicators) along the workflow. */
export async function transitionValues(db: DatabaseOrTransaction, action: Transition['action'], org: string, period: string, indicators: readonly string[] | undefined, options: WorkflowOptions & { reason?: string }): Promise<ValueRow[]> {
  const transition = transitions[action];
  options.permissions.assertCanOn(options.actor, transition.permission, { orgCode: org }, options.tree);
  const at = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    await assertPeriodOpen(tx, org, period);
    const rows = await rowsOf(tx, org, period, indicators);
    const candidates = indicators && indicators.length > 0 ? rows : rows.filter((row) => row.status === transition.from);
    if (candidates.length === 0) throw new AppError('conflict', `没有可${actionLabel[action]}的数据（${org}，${period}）`, `nothing to ${action} for ${org} ${period}`);
    const wrong = candidates.filter((row) => row.status !== transition.from);
    if (wrong.length > 0) {
      throw new AppError('conflict', `${wrong.map((row) => row.indicator).join('、')} 当前状态为“${statusLabel[wrong[0]!.status]}”，不能${actionLabel[action]}`, `${wrong.map((row) => row.indicator).join(', ')}: cannot ${action} from ${wrong[0]!.status}`);
    }
    const changed: ValueRow[] = [];
    for (const row of candidates) {
      const [updated] = await tx
        .update(indicatorValues)
        .set({ status: transition.to, updatedBy: options.actor.username, updatedAt: at, ...(transition.to === 'approved' ? { approvedBy: options.actor.username, approvedAt: at } : {}) })
        .where(eq(indicatorValues.id, row.id))
        .returning();
      if (!updated) continue;
      await recordRevision(tx, updated, action, options.actor, at);
      await recordAuditEvent(tx, { actor: options.actor, action: `indicator_value.${action}`, entityType: 'indicator_value', entityId: `${row.indicator}|${org}|${period}`, before: { status: row.status }, after: { status: updated.status, ...(options.reason ? { reason: options.reason } : {}) }, origin: options.origin });
      changed.push(updated);
    }
    return changed;
  });
}

const actionLabel = { submit: '提交', approve: '审核通过', return: '退回', unlock: '解锁' } as const;
const statusLabel = { draft: '草稿', submitted: '已提交', approved: '已审核' } as const;
