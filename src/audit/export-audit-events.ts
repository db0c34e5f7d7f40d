import { findDisplayNames, type Actor, type RequestOrigin, type PermissionTable, type ScopeNames } from '../accounts/index.ts';
import type { Database } from '../db/index.ts';
import { AppError, formatBeijingTime } from '../shared/index.ts';
import { utf8Bom, writeCsv } from './audit-csv.ts';
import type { AuditHashAlgorithm } from './audit-hash.ts';
import { assertTimeRange, type AuditFilter } from './audit-filter.ts';
import { countAuditRows, findAuditRows } from './audit-repository.ts';
import type { AuditEvent } from './audit-contract.ts';
import { accountIdsOf, presentAuditEvent } from './present-audit-event.ts';
import { recordAuditEvent } from './record-audit-event.ts';

/** The export is built in memory; past this, the administrator narrows the filter (by time, say). */
export const maxAuditExportRows = 100_000;

/**
 * Both languages in the header: the file is read by people, and by scripts keyed on the English.
 * People read the time in Beijing time, labelled so; the last column keeps the instant in UTC
 * exactly as hashed, so that a row's hash can still be re-checked from the file.
 */
const columns: readonly { header: string; value: (event: AuditEvent) => string | number | null }[] = [
  { header: '序号 seq', value: (event) => event.seq },
  { header: '时间（北京时间） time (Beijing time)', value: (event) => formatBeijingTime(new Date(event.occurred_at)) },
  { header: '操作者编号 actor id', value: (event) => event.actor_id },
  { header: '操作者 actor', value: (event) => event.actor_username },
  { header: '角色 role', value: (event) => event.actor_role },
  { header: '操作 action', value: (event) => event.action },
  { header: '对象类型 entity type', value: (event) => event.entity_type },
  { header: '对象编号 entity id', value: (event) => event.entity_id },
  { header: '变更前 before', value: (event) => json(event.before) },
  { header: '变更后 after', value: (event) => json(event.after) },
  { header: '结果 outcome', value: (event) => event.outcome },
  { header: '请求编号 request id', value: (event) => event.request_id },
  { header: '客户端地址 client address', value: (event) => event.client_ip },
  { header: '哈希算法 hash algorithm', value: (event) => event.hash_algorithm },
  { header: '前一哈希 previous hash', value: (event) => event.prev_hash },
  { header: '哈希 hash', value: (event) => event.hash },
  { header: '记录时间（UTC，参与哈希） occurred at (UTC, as hashed)', value: (event) => event.occurred_at },
  // The same row in words, after the machine columns (which keep their places for scripts).
  { header: '操作名称 action name', value: (event) => event.action_label.zh },
  { header: '对象类型名称 entity type name', value: (event) => event.entity_label.zh },
  { header: '操作者姓名 actor name', value: (event) => event.actor_name },
  { header: '对象名称 entity name', value: (event) => event.entity_name },
  { header: '结果名称 outcome name', value: (event) => outcomeLabels[event.outcome] },
  { header: '变更内容 details', value: (event) => detailsText(event) },
];

const outcomeLabels = { success: '成功', failure: '失败', denied: '拒绝' } as const;

/** 字段：变更前 → 变更后, one field after another. */
function detailsText(event: AuditEvent): string | null {
  if (event.details.length === 0) return null;
  return event.details
    .map((detail) => {
      const value = detail.before && detail.after ? `${detail.before.zh} → ${detail.after.zh}` : (detail.after ?? detail.before)?.zh ?? '—';
      return `${detail.label.zh}：${value}`;
    })
    .join('；');
}

/** The filter as recorded with the export (snake_case like the rest of the log; unset keys dropped). */
function describeFilter(filter: AuditFilter) {
  return {
    actor: filter.actor,
    entity_type: filter.entityType,
    entity_id: filter.entityId,
    action: filter.action,
    outcome: filter.outcome,
    from: filter.from,
    to: filter.to,
  };
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/**
 * The events the filter matches, newest first, as CSV (UTF-8 with a BOM, so that Excel shows the
 * Chinese). The export is itself recorded, with the filter used and the number of rows: it takes
 * personal data out of the platform, so who took what must be traceable.
 *
 * The record is written after the rows are read, in a transaction of its own: reading up to
 * 100,000 rows while holding the append lock would stall every write of the platform.
 *
 * @example
 * const csv = await exportAuditEvents(db, permissions, actor, { actor: 'zhang' }, { origin });
 */
export async function exportAuditEvents(
  db: Database,
  permissions: PermissionTable,
  actor: Actor | null,
  filter: AuditFilter,
  options: { origin: RequestOrigin; algorithm?: AuditHashAlgorithm; maxRows?: number; scopeNames?: ScopeNames },
): Promise<string> {
  permissions.assertCan(actor, 'audit.export');
  assertTimeRange(filter);
  const maxRows = options.maxRows ?? maxAuditExportRows;
  const total = await countAuditRows(db, filter);
  if (total > maxRows) {
    throw new AppError(
      'bad_request',
      `符合条件的审计记录有 ${total} 条，超过单次导出上限 ${maxRows} 条，请缩小时间范围或增加筛选条件`,
      `${total} audit events match, more than the ${maxRows} one export may hold: narrow the time range or add a filter`,
      { total, limit: maxRows },
    );
  }
  const rows = await findAuditRows(db, filter, { limit: maxRows, offset: 0 });
  const names = await findDisplayNames(db, accountIdsOf(rows));
  const events = rows.map((row) => presentAuditEvent(row, names, options.scopeNames));
  const csv = utf8Bom + writeCsv([columns.map((column) => column.header), ...events.map((event) => columns.map((column) => column.value(event)))]);
  await recordAuditEvent(db, {
    actor,
    action: 'audit.export',
    entityType: 'audit_log',
    entityId: null,
    after: { filter: describeFilter(filter), rows: events.length, first_seq: events.at(-1)?.seq ?? null, last_seq: events[0]?.seq ?? null },
    origin: options.origin,
    ...(options.algorithm ? { algorithm: options.algorithm } : {}),
  });
  return csv;
}
