import { inArray, sql } from 'drizzle-orm';
import type { Actor, RequestOrigin } from '../accounts/actor.ts';
import type { PermissionTable } from '../accounts/permissions.ts';
import type { AreaTree } from '../areas/area-tree.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { inTransaction, type DatabaseOrTransaction, type Transaction } from '../db/open-database.ts';
import { assertColumns, type TableFile } from '../shared/read-table-file.ts';
import { sameFinancialYear, type FinancialYear } from './enterprise-financials.ts';
import { parseRegistryRow, registryColumns, type EvaluationResult, type ParsedRow, type PlatformEvaluation, type RegistryKind } from './registry-kinds.ts';
import type { registryHistory } from './registry-schema.ts';
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

const historyKind = { enterprises: 'enterprise', certifications: 'certification', platforms: 'platform', tech_contracts: 'tech_contract', enterprise_years: 'enterprise', platform_evaluations: 'platform' } as const;

/** Rows that belong to a record of another registry, which must exist first. */
const enterpriseParent = { registry: 'enterprises', field: 'creditCode', column: 'credit_code', missing: '登记库中没有该企业（请先导入企业）', missingEn: 'no such enterprise in the registry (import it first)' } as const;
const parentOf = {
  certifications: enterpriseParent,
  enterprise_years: enterpriseParent,
  platform_evaluations: { registry: 'platforms', field: 'registrationNumber', column: 'registration_number', missing: '登记库中没有该平台（请先导入平台）', missingEn: 'no such platform in the registry (import it first)' },
} as const;

/** Looks records up by key, 5,000 keys a query (a parameter list stays well below the driver's limits). */
async function selectByKeys<T>(keys: readonly string[], select: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let start = 0; start < keys.length; start += 5000) found.push(...(await select(keys.slice(start, start + 5000))));
  return found;
}

async function findExistingKeys(db: DatabaseOrTransaction, registry: 'enterprises' | 'platforms', keys: string[]): Promise<Set<string>> {
  const rows = await selectByKeys(keys, (slice) =>
    registry === 'enterprises'
      ? db.select({ key: enterprises.creditCode }).from(enterprises).where(inArray(enterprises.creditCode, slice))
      : db.select({ key: platforms.registrationNumber }).from(platforms).where(inArray(platforms.registrationNumber, slice)),
  );
  return new Set(rows.map((row) => row.key));
}

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
  const parent = parentOf[kind as keyof typeof parentOf];
  if (parent && parsed.length > 0) {
    const keys = [...new Set(parsed.map((row) => String(row.values[parent.field])))];
    const known = await findExistingKeys(db, parent.registry, keys);
    for (const row of parsed) {
      if (!known.has(String(row.values[parent.field]))) problems.push({ line: Number(row.values.line), field: parent.column, message: `${fileName}:${row.values.line} ${parent.column}：${parent.missing}`, message_en: `${fileName}:${row.values.line} ${parent.column}: ${parent.missingEn}` });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  const report: RegistryImportReport = { registry: kind, file: fileName, dry_run: Boolean(options.dryRun), rows: table.rows.length, created: 0, updated: 0, unchanged: 0, problems };
  if (table.rows.length === 0) problems.push({ line: 0, field: 'file', message: `${fileName}：没有数据行`, message_en: `${fileName}: no data rows` });
  if (problems.length > 0 || options.dryRun) return report;
  return inTransaction(db, async (tx) => {
    const rows = parsed.map((row) => ({ key: row.key, values: withoutLine(row.values) }));
    const at = options.now ?? new Date();
    const counts =
      kind === 'enterprise_years' ? await writeEnterpriseYears(tx, rows, options.actor.username, at)
      : kind === 'platform_evaluations' ? await writePlatformEvaluations(tx, rows, options.actor.username, at)
      : await writeRows(tx, kind, rows, options.actor.username, at);
    await recordAuditEvent(tx, { actor: options.actor, action: 'registry.import', entityType: kind, entityId: fileName, after: { rows: table.rows.length, ...counts, synthetic: Boolean(options.synthetic) }, origin: options.origin });
    return { ...report, ...counts };
  });
}

function withoutLine(values: Record<string, unknown>): Record<string, unknown> {
  const { line: _line, ...rest } = values;
  return rest;
}

const tables = { enterprises, certifications, platforms, tech_contracts: techContracts } as const;
/** The kinds that are records of their own (the others are rows of a record). */
type RecordKind = keyof typeof tables;
/** Fields computed from others or set by the import itself: never a change in their own right. */
const derivedFields = new Set(['nameGrams', 'partyGrams', 'synthetic']);

/** Inserts new records and updates changed ones, one history row per real change. */
async function writeRows(tx: Transaction, kind: RecordKind, rows: ParsedRow[], actor: string, at: Date): Promise<{ created: number; updated: number; unchanged: number }> {
  const existing = await findExisting(tx, kind, rows.map((row) => row.key));
  const fresh = rows.filter((row) => !existing.has(row.key));
  const changed = rows.filter((row) => {
    const before = existing.get(row.key);
    return before !== undefined && Object.entries(row.values).some(([field, value]) => !derivedFields.has(field) && normalise(before[field]) !== normalise(value));
  });
  const table = tables[kind];
  // New enterprises write their own history rows in the same statement (see insertEnterprises).
  if (kind === 'enterprises') await insertEnterprises(tx, fresh.map((row) => row.values), actor, at);
  else for (let start = 0; start < fresh.length; start += 2000) await tx.insert(table).values(fresh.slice(start, start + 2000).map((row) => row.values) as never);
  for (const row of changed) {
    await tx.update(table).set({ ...row.values, ...(kind === 'enterprises' || kind === 'platforms' ? { updatedAt: at } : {}) } as never).where(keyCondition(kind, row.key));
  }
  const history = [
    ...(kind === 'enterprises' ? [] : fresh).map((row) => ({ registry: historyKind[kind], key: row.key, change: 'create' as const, before: null, after: presentable(row.values), changedBy: actor, changedAt: at })),
    ...changed.map((row) => ({ registry: historyKind[kind], key: row.key, change: 'update' as const, before: presentable(existing.get(row.key) ?? {}), after: presentable(row.values), changedBy: actor, changedAt: at })),
  ];
  await insertHistory(tx, history);
  return { created: fresh.length, updated: changed.length, unchanged: rows.length - fresh.length - changed.length };
}

async function findExisting(tx: Transaction, kind: RecordKind, keys: string[]): Promise<Map<string, Record<string, unknown>>> {
  if (kind === 'enterprises') return new Map((await selectByKeys(keys, (slice) => tx.select().from(enterprises).where(inArray(enterprises.creditCode, slice)))).map((row) => [row.creditCode, row]));
  if (kind === 'platforms') return new Map((await selectByKeys(keys, (slice) => tx.select().from(platforms).where(inArray(platforms.registrationNumber, slice)))).map((row) => [row.registrationNumber, row]));
  if (kind === 'tech_contracts') return new Map((await selectByKeys(keys, (slice) => tx.select().from(techContracts).where(inArray(techContracts.registrationNumber, slice)))).map((row) => [row.registrationNumber, row]));
  const found = await selectByKeys(keys, (slice) => tx.select().from(certifications).where(inArray(sql`${certifications.creditCode} || '|' || ${certifications.type} || '|' || ${certifications.validFrom}`, slice)));
  return new Map(found.map((row) => [`${row.creditCode}|${row.type}|${row.validFrom}`, row]));
}

function keyCondition(kind: RecordKind, key: string) {
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
  const { nameGrams: _grams, partyGrams: _partyGrams, ...rest } = values;
  return rest;
}

/**
 * Financials per enterprise and year: a row replaces that year's record (an update of the
 * enterprise, kept in its history with the year before and after). One statement per 10,000 rows.
 */
async function writeEnterpriseYears(tx: Transaction, rows: ParsedRow[], actor: string, at: Date): Promise<{ created: number; updated: number; unchanged: number }> {
  const codes = [...new Set(rows.map((row) => String(row.values.creditCode)))];
  const found = await selectByKeys(codes, (slice) => tx.select({ creditCode: enterprises.creditCode, years: enterprises.years }).from(enterprises).where(inArray(enterprises.creditCode, slice)));
  const before = new Map<string, Record<string, FinancialYear>>(found.map((row) => [row.creditCode, row.years]));
  const changes = rows
    .map((row) => ({ code: String(row.values.creditCode), year: String(row.values.year), record: row.values.record as FinancialYear }))
    .map((change) => ({ ...change, previous: before.get(change.code)?.[change.year] }))
    .filter((change) => !sameFinancialYear(change.previous, change.record));
  const patches = new Map<string, Record<string, FinancialYear>>();
  for (const change of changes) patches.set(change.code, { ...patches.get(change.code), [change.year]: change.record });
  const patched = [...patches.entries()];
  for (let start = 0; start < patched.length; start += batchSize) {
    const batch = patched.slice(start, start + batchSize);
    await tx.execute(sql`
      update enterprises e set years = e.years || t.patch::jsonb, updated_at = ${at.toISOString()}::timestamptz
      from unnest(${sql.param(batch.map(([code]) => code))}::text[], ${sql.param(batch.map(([, patch]) => JSON.stringify(patch)))}::text[]) as t(code, patch)
      where e.credit_code = t.code`);
  }
  await insertHistory(
    tx,
    changes.map((change) => ({ registry: 'enterprise', key: change.code, change: 'update', before: { years: { [change.year]: change.previous ?? null } }, after: { years: { [change.year]: change.record } }, changedBy: actor, changedAt: at })),
  );
  const created = changes.filter((change) => change.previous === undefined).length;
  return { created, updated: changes.length - created, unchanged: rows.length - changes.length };
}

/** Evaluations per platform and date: a row adds one, or replaces the one of the same date. */
async function writePlatformEvaluations(tx: Transaction, rows: ParsedRow[], actor: string, at: Date): Promise<{ created: number; updated: number; unchanged: number }> {
  const numbers = [...new Set(rows.map((row) => String(row.values.registrationNumber)))];
  const found = await selectByKeys(numbers, (slice) => tx.select({ number: platforms.registrationNumber, evaluations: platforms.evaluations }).from(platforms).where(inArray(platforms.registrationNumber, slice)));
  const current = new Map<string, PlatformEvaluation[]>(found.map((row) => [row.number, row.evaluations]));
  let created = 0;
  let updated = 0;
  const history: (typeof registryHistory.$inferInsert)[] = [];
  const changedNumbers = new Set<string>();
  for (const row of rows) {
    const number = String(row.values.registrationNumber);
    const evaluation: PlatformEvaluation = { date: String(row.values.date), result: row.values.result as EvaluationResult, ...(row.values.note ? { note: String(row.values.note) } : {}) };
    const list = current.get(number) ?? [];
    const previous = list.find((entry) => entry.date === evaluation.date);
    if (previous && previous.result === evaluation.result && (previous.note ?? '') === (evaluation.note ?? '')) continue;
    if (previous) updated += 1;
    else created += 1;
    current.set(number, [...list.filter((entry) => entry.date !== evaluation.date), evaluation].sort((a, b) => a.date.localeCompare(b.date)));
    changedNumbers.add(number);
    history.push({ registry: 'platform', key: number, change: 'update', before: { evaluation: previous ?? null }, after: { evaluation }, changedBy: actor, changedAt: at });
  }
  for (const number of changedNumbers) {
    await tx.update(platforms).set({ evaluations: current.get(number) ?? [], updatedAt: at }).where(sql`${platforms.registrationNumber} = ${number}`);
  }
  await insertHistory(tx, history);
  return { created, updated, unchanged: rows.length - created - updated };
}

const batchSize = 10_000;
/** Separates the grams of one name inside a text parameter (never part of a name). */
const gramSeparator = '\u001f';

/**
 * New enterprises as one statement per 10,000 rows: each column travels as one array (unnest).
 * Row-by-row SQL building costs more than the database's own work at this volume. The same
 * statement writes each new enterprise's history row from what it inserted, rather than sending
 * every record a second time as JSON.
 */
async function insertEnterprises(tx: Transaction, rows: Record<string, unknown>[], actor: string, at: Date): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const column = (field: string) => sql.param(batch.map((row) => (row[field] === undefined || row[field] === null ? null : String(row[field]))));
    await tx.execute(sql`
      with created as (
      insert into enterprises (credit_code, name, name_grams, org, industry, founded, above_scale, contact_name, contact_phone, synthetic)
      select credit_code, name, string_to_array(grams, ${gramSeparator}), org, industry, founded::date, above_scale::boolean, contact_name, contact_phone, synthetic::boolean
      from unnest(${column('creditCode')}::text[], ${column('name')}::text[], ${sql.param(batch.map((row) => (row.nameGrams as string[]).join(gramSeparator)))}::text[],
                  ${column('org')}::text[], ${column('industry')}::text[], ${column('founded')}::text[], ${column('aboveScale')}::text[],
                  ${column('contactName')}::text[], ${column('contactPhone')}::text[], ${column('synthetic')}::text[])
        as t(credit_code, name, grams, org, industry, founded, above_scale, contact_name, contact_phone, synthetic)
      returning *)
      insert into registry_history (registry, key, change, before, after, changed_by, changed_at)
      select 'enterprise', credit_code, 'create', null,
             jsonb_build_object('creditCode', credit_code, 'name', name, 'org', org, 'industry', industry, 'founded', founded, 'aboveScale', above_scale,
                                'contactName', contact_name, 'contactPhone', contact_phone, 'synthetic', synthetic),
             ${actor}, ${at.toISOString()}::timestamptz
      from created`);
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
