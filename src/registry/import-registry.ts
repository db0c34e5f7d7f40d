import { inArray, sql } from 'drizzle-orm';
import type { Actor, RequestOrigin } from '../accounts/actor.ts';
import type { PermissionTable } from '../accounts/permissions.ts';
import type { AreaTree } from '../areas/area-tree.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { inTransaction, type DatabaseOrTransaction, type Transaction } from '../db/open-database.ts';
import { assertColumns, type TableFile } from '../shared/read-table-file.ts';
import { parseRegistryRow, registryColumns, type ParsedRow, type RegistryKind } from './registry-kinds.ts';
import type { registryHistory} from './registry-schema.ts';
import { certifications, enterprises, platforms, techContracts } from './registry-schema.ts';

export interface RegistryImportProblem {
  line: number;
  field: string;
  message: string;
  message_en: string;
}

export interface RegistryImportReport {
  registry: RegistryKind;
  file: string;
  dry_run: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  problems: RegistryImportProblem[];
}

const historyKind = { enterprises: 'enterprise', certifications: 'certification', platforms: 'platform', tech_contracts: 'tech_contract' } as const;

/**
 * Imports one registry file all or nothing: every row is checked (credit codes by their check
 * character, areas, dates, enumerations, amounts; duplicates in the file; certifications of
 * unknown enterprises) and any problem stops the import with every bad row listed. Existing
 * records (same credit code or registration number) are updated, each change kept in
 * `registry_history`.
 */
export async function importRegistry(
  db: DatabaseOrTransaction,
  kind: RegistryKind,
  fileName: string,
  table: TableFile,
  options: { tree: AreaTree; actor: Actor; permissions: PermissionTable; origin: RequestOrigin; dryRun?: boolean; synthetic?: boolean; now?: Date },
): Promise<RegistryImportReport> {
  options.permissions.assertCan(options.actor, 'registry.import');
  const spec = registryColumns[kind];
  assertColumns(fileName, table, spec.required, spec.columns);
  const problems: RegistryImportProblem[] = [];
  const parsed: ParsedRow[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const result = parseRegistryRow(kind, row.cells, options.tree);
    for (const problem of result.problems) problems.push({ line: row.line, field: problem.field, message: `${fileName}:${row.line} ${problem.field}：${problem.message}`, message_en: `${fileName}:${row.line} ${problem.field}: ${problem.message_en}` });
    if (!result.row) continue;
    const earlier = seen.get(result.row.key);
    if (earlier !== undefined) {
      problems.push({ line: row.line, field: spec.key, message: `${fileName}:${row.line} ${spec.key}：与第 ${earlier} 行重复`, message_en: `${fileName}:${row.line} ${spec.key}: same record as line ${earlier}` });
      continue;
    }
    seen.set(result.row.key, row.line);
    parsed.push({ ...result.row, values: { ...result.row.values, synthetic: Boolean(options.synthetic), line: row.line } });
  }
  if (kind === 'certifications' && parsed.length > 0) {
    const codes = [...new Set(parsed.map((row) => String(row.values.creditCode)))];
    const known = new Set<string>();
    for (let start = 0; start < codes.length; start += 5000) {
      const found = await db.select({ code: enterprises.creditCode }).from(enterprises).where(inArray(enterprises.creditCode, codes.slice(start, start + 5000)));
      for (const row of found) known.add(row.code);
    }
    for (const row of parsed) {
      if (!known.has(String(row.values.creditCode))) problems.push({ line: Number(row.values.line), field: 'credit_code', message: `${fileName}:${row.values.line} credit_code：登记库中没有该企业（请先导入企业）`, message_en: `${fileName}:${row.values.line} credit_code: no such enterprise in the registry (import it first)` });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  const report: RegistryImportReport = { registry: kind, file: fileName, dry_run: Boolean(options.dryRun), rows: table.rows.length, created: 0, updated: 0, unchanged: 0, problems };
  if (table.rows.length === 0) problems.push({ line: 0, field: 'file', message: `${fileName}：没有数据行`, message_en: `${fileName}: no data rows` });
  if (problems.length > 0 || options.dryRun) return report;
  return inTransaction(db, async (tx) => {
    const counts = await writeRows(tx, kind, parsed.map((row) => ({ key: row.key, values: withoutLine(row.values) })), options.actor.username, options.now ?? new Date());
    await recordAuditEvent(tx, { actor: options.actor, action: 'registry.import', entityType: kind, entityId: fileName, after: { rows: table.rows.length, ...counts, synthetic: Boolean(options.synthetic) }, origin: options.origin });
    return { ...report, ...counts };
  });
}

function withoutLine(values: Record<string, unknown>): Record<string, unknown> {
  const { line: _line, ...rest } = values;
  return rest;
}

const tables = { enterprises, certifications, platforms, tech_contracts: techContracts } as const;

/** Inserts new records and updates changed ones, one history row per real change. */
async function writeRows(tx: Transaction, kind: RegistryKind, rows: ParsedRow[], actor: string, at: Date): Promise<{ created: number; updated: number; unchanged: number }> {
  const existing = await findExisting(tx, kind, rows.map((row) => row.key));
  const fresh = rows.filter((row) => !existing.has(row.key));
  const changed = rows.filter((row) => {
    const before = existing.get(row.key);
    return before !== undefined && Object.entries(row.values).some(([field, value]) => field !== 'nameGrams' && field !== 'synthetic' && normalise(before[field]) !== normalise(value));
  });
  const table = tables[kind];
  if (kind === 'enterprises') await insertEnterprises(tx, fresh.map((row) => row.values));
  else for (let start = 0; start < fresh.length; start += 2000) await tx.insert(table).values(fresh.slice(start, start + 2000).map((row) => row.values) as never);
  for (const row of changed) {
    await tx.update(table).set({ ...row.values, ...(kind === 'enterprises' || kind === 'platforms' ? { updatedAt: at } : {}) } as never).where(keyCondition(kind, row.key));
  }
  const history = [
    ...fresh.map((row) => ({ registry: historyKind[kind], key: row.key, change: 'create' as const, before: null, after: presentable(row.values), changedBy: actor, changedAt: at })),
    ...changed.map((row) => ({ registry: historyKind[kind], key: row.key, change: 'update' as const, before: presentable(existing.get(row.key) ?? {}), after: presentable(row.values), changedBy: actor, changedAt: at })),
  ];
  await insertHistory(tx, history);
  return { created: fresh.length, updated: changed.length, unchanged: rows.length - fresh.length - changed.length };
}

async function findExisting(tx: Transaction, kind: RegistryKind, keys: string[]): Promise<Map<string, Record<string, unknown>>> {
  const result = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < keys.length; start += 5000) {
    const slice = keys.slice(start, start + 5000);
    if (kind === 'enterprises') for (const row of await tx.select().from(enterprises).where(inArray(enterprises.creditCode, slice))) result.set(row.creditCode, row);
    if (kind === 'platforms') for (const row of await tx.select().from(platforms).where(inArray(platforms.registrationNumber, slice))) result.set(row.registrationNumber, row);
    if (kind === 'tech_contracts') for (const row of await tx.select().from(techContracts).where(inArray(techContracts.registrationNumber, slice))) result.set(row.registrationNumber, row);
    if (kind === 'certifications') {
      for (const row of await tx.select().from(certifications).where(inArray(sql`${certifications.creditCode} || '|' || ${certifications.type} || '|' || ${certifications.validFrom}`, slice))) {
        result.set(`${row.creditCode}|${row.type}|${row.validFrom}`, row);
      }
    }
  }
  return result;
}

function keyCondition(kind: RegistryKind, key: string) {
  if (kind === 'enterprises') return sql`${enterprises.creditCode} = ${key}`;
  if (kind === 'platforms') return sql`${platforms.registrationNumber} = ${key}`;
  if (kind === 'tech_contracts') return sql`${techContracts.registrationNumber} = ${key}`;
  const [creditCode, type, validFrom] = key.split('|');
  return sql`${certifications.creditCode} = ${creditCode} and ${certifications.type} = ${type} and ${certifications.validFrom} = ${validFrom}`;
}

function normalise(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return String(Number(value));
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** History keeps what a person can read: no search grams. */
function presentable(values: Record<string, unknown>): Record<string, unknown> {
  const { nameGrams: _grams, ...rest } = values;
  return rest;
}

const batchSize = 10_000;
/** Separates the grams of one name inside a text parameter (never part of a name). */
const gramSeparator = '\u001f';

/**
 * New enterprises as one statement per 10,000 rows: each column travels as one array (unnest).
 * Row-by-row SQL building costs more than the database's own work at this volume.
 */
async function insertEnterprises(tx: Transaction, rows: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const column = (field: string) => sql.param(batch.map((row) => (row[field] === undefined || row[field] === null ? null : String(row[field]))));
    await tx.execute(sql`
      insert into enterprises (credit_code, name, name_grams, org, industry, founded, above_scale, contact_name, contact_phone, synthetic)
      select credit_code, name, string_to_array(grams, ${gramSeparator}), org, industry, founded::date, above_scale::boolean, contact_name, contact_phone, synthetic::boolean
      from unnest(${column('creditCode')}::text[], ${column('name')}::text[], ${sql.param(batch.map((row) => (row.nameGrams as string[]).join(gramSeparator)))}::text[],
                  ${column('org')}::text[], ${column('industry')}::text[], ${column('founded')}::text[], ${column('aboveScale')}::text[],
                  ${column('contactName')}::text[], ${column('contactPhone')}::text[], ${column('synthetic')}::text[])
        as t(credit_code, name, grams, org, industry, founded, above_scale, contact_name, contact_phone, synthetic)`);
  }
}

async function insertHistory(tx: Transaction, rows: (typeof registryHistory.$inferInsert)[]): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    await tx.execute(sql`
      insert into registry_history (registry, key, change, before, after, changed_by, changed_at)
      select registry, key, change, before::jsonb, after::jsonb, changed_by, changed_at::timestamptz
      from unnest(${sql.param(batch.map((row) => row.registry))}::text[], ${sql.param(batch.map((row) => row.key))}::text[], ${sql.param(batch.map((row) => row.change))}::text[],
                  ${sql.param(batch.map((row) => (row.before === null || row.before === undefined ? null : JSON.stringify(row.before))))}::text[],
                  ${sql.param(batch.map((row) => (row.after === null || row.after === undefined ? null : JSON.stringify(row.after))))}::text[],
                  ${sql.param(batch.map((row) => row.changedBy ?? null))}::text[], ${sql.param(batch.map((row) => (row.changedAt instanceof Date ? row.changedAt.toISOString() : String(row.changedAt))))}::text[])
        as t(registry, key, change, before, after, changed_by, changed_at)`);
  }
}
