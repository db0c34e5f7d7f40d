import { Decimal } from 'decimal.js';
import type { Actor, RequestOrigin, PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction, type Transaction } from '../db/index.ts';
import { today, assertColumns, nextTurn, type TableFile } from '../shared/index.ts';
import { eventKey, sameEvents, sortedEvents, type StoredEnterpriseEvent } from './enterprise-events.ts';
import { sameFinancialYear, type StoredFinancialYear } from './enterprise-financials.ts';
import type { PlatformEvaluation, RegistryImportProblem, RegistryImportReport } from './registry-contract.ts';
import { parseRegistryRow, registryColumnNames, registryColumns, registryTable, whereRowLies, type ParsedRow } from './registry-kinds.ts';
import { areaName } from './registry-presenters.ts';
import {
  findCertificationsByKey,
  findContractLocations,
  findContractsByKey,
  findEnterpriseLocations,
  findEnterprisesByKey,
  findEvaluationsOf,
  findEventsOf,
  findPlatformLocations,
  findPlatformsByKey,
  findYearsOf,
  insertEnterprises,
  insertHistory,
  insertRecords,
  patchEnterpriseYears,
  setEnterpriseEvents,
  setPlatformEvaluations,
  updateRecord,
  type HistoryInsert,
} from './registry-repository.ts';
import { registryScopeOf, scopeCovers, wholeRegistry, type RegistryLocation, type RegistryScope } from './registry-scope.ts';
import type { RegistryKind } from './registry-vocabulary.ts';

export type { RegistryImportProblem, RegistryImportReport } from './registry-contract.ts';

const historyKind = { enterprises: 'enterprise', certifications: 'certification', platforms: 'platform', tech_contracts: 'tech_contract', enterprise_years: 'enterprise', platform_evaluations: 'platform', enterprise_events: 'enterprise' } as const;

/** Rows that belong to a record of another registry, which must exist first; that record's place decides the importer's scope. */
const enterpriseParent = { registry: 'enterprises', field: 'creditCode', column: 'credit_code', missing: '登记库中没有该企业（请先导入企业）', missingEn: 'no such enterprise in the registry (import it first)' } as const;
const parentOf = {
  certifications: enterpriseParent,
  enterprise_years: enterpriseParent,
  enterprise_events: enterpriseParent,
  platform_evaluations: { registry: 'platforms', field: 'registrationNumber', column: 'registration_number', missing: '登记库中没有该平台（请先导入平台）', missingEn: 'no such platform in the registry (import it first)' },
} as const;

/** The column that says where a record of its own lies, named when the row is outside the importer's scope. */
const locationColumn = { enterprises: 'org', platforms: 'org', tech_contracts: 'seller_org' } as const;

export interface ImportOptions {
  tree: AreaTree;
  actor: Actor;
  permissions: PermissionTable;
  origin: RequestOrigin;
  /** The injected clock: "today" for the checks (Beijing), and the time of the change. */
  now: Date;
  dryRun?: boolean;
  synthetic?: boolean;
}

/** What the importer's scope is, in words, for a refusal. */
function scopeWords(scope: RegistryScope, tree: AreaTree): [string, string] {
  if (scope.kind === 'areas' && scope.orgs[0]) return [`您的导入范围（${areaName(tree, scope.orgs[0])}）`, `your import scope (${areaName(tree, scope.orgs[0])})`];
  if (scope.kind === 'enterprise') return ['您的导入范围（本企业）', 'your import scope (your own enterprise)'];
  return ['您的导入范围', 'your import scope'];
}

/**
 * Imports one registry file all or nothing: every row is checked (by its kind's schema, the one
 * edits go through: credit codes by their check character, areas, dates, enumerations, amounts
 * exact to the 分; duplicates in the file; rows of unknown enterprises or platforms) and any
 * problem stops the import with every bad row listed (the whole list: the HTTP answer caps it). A scoped `registry.import` grant (an area
 * role's own area) fails closed row by row: a row whose record lies outside the importer's scope —
 * by its own area, the existing record's area, or for certifications, financials and evaluations
 * the area of the enterprise or platform they belong to — is refused, naming the row. Existing
 * records (same credit code or registration number) are updated, each change kept in
 * `registry_history`.
 */
export async function importRegistry(db: DatabaseOrTransaction, kind: RegistryKind, fileName: string, file: TableFile, options: ImportOptions): Promise<RegistryImportReport> {
  const scope = registryScopeOf(options.actor, options.permissions, options.tree, 'registry.import');
  const spec = registryColumns[kind];
  // Chinese headers (统一社会信用代码, 企业名称 …) read as the English columns.
  const table = registryTable(kind, fileName, file);
  assertColumns(fileName, table, spec.required, spec.columns, registryColumnNames[kind]);
  const problems: RegistryImportProblem[] = [];
  const problem = (line: number, field: string, message: string, messageEn: string) =>
    problems.push({ line, field, message: `${fileName}:${line} ${field}：${message}`, message_en: `${fileName}:${line} ${field}: ${messageEn}` });
  const context = { tree: options.tree, today: today(options.now) };
  const parsed: (ParsedRow & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const [index, row] of table.rows.entries()) {
    if (index % 2_000 === 1_999) await nextTurn();
    const result = parseRegistryRow(kind, row.cells, context);
    for (const found of result.problems) problem(row.line, found.field, found.message, found.message_en);
    if (!result.row) continue;
    const earlier = seen.get(result.row.key);
    if (earlier !== undefined) {
      problem(row.line, spec.key, `与第 ${earlier} 行重复`, `same record as line ${earlier}`);
      continue;
    }
    seen.set(result.row.key, row.line);
    parsed.push({ ...result.row, values: { ...result.row.values, synthetic: Boolean(options.synthetic) }, line: row.line });
  }
  await checkPlaces(db, kind, table, new Set(parsed.map((row) => row.line)), scope, options.tree, problem);
  problems.sort((a, b) => a.line - b.line);
  if (table.rows.length === 0) problems.push({ line: 0, field: 'file', message: `${fileName}：没有数据行`, message_en: `${fileName}: no data rows` });
  // Every problem: the HTTP answer caps the list (capReport), the problems file and the CLI take it whole.
  const report: RegistryImportReport = { registry: kind, file: fileName, dry_run: Boolean(options.dryRun), rows: table.rows.length, created: 0, updated: 0, unchanged: 0, problems, problems_total: problems.length, problems_truncated: false };
  if (problems.length > 0) return report;
  return inTransaction(db, async (tx) => {
    const rows = parsed.map(({ key, values }) => ({ key, values }));
    const actor = options.actor.username;
    // A dry run compares with the stored records as the import would, and counts, writing nothing.
    const write = !options.dryRun;
    // Every row lies within the importer's scope (checkPlaces): the records it replaces are read within it too.
    const counts =
      kind === 'enterprise_years' ? await writeEnterpriseYears(tx, scope, rows, actor, options.now, write)
      : kind === 'enterprise_events' ? await writeEnterpriseEvents(tx, scope, rows, actor, options.now, write)
      : kind === 'platform_evaluations' ? await writePlatformEvaluations(tx, scope, rows, actor, options.now, write)
      : await writeRecords(tx, scope, kind, rows, actor, options.now, write);
    if (!write) return { ...report, ...counts };
    await recordAuditEvent(tx, { actor: options.actor, action: 'registry.import', entityType: kind, entityId: fileName, after: { rows: table.rows.length, ...counts, synthetic: Boolean(options.synthetic) }, origin: options.origin });
    return { ...report, ...counts };
    // Two imports of the same new record at once both read "no such record" and both insert it:
    // the one that loses the race on the unique key runs again, finds the record and updates it
    // (or leaves it unchanged), so both answer 200 and the history has one creation.
  }, { retryUniqueViolations: true });
}

/**
 * Refuses the rows that lie outside the importer's scope — every row whose place can be read,
 * whatever else is wrong with it — and checked rows of a record that does not exist. Existing
 * records are looked up in the whole registry on purpose: a row must not take over another area's
 * record (or add to its certificates, financials or evaluations) by naming its key.
 */
async function checkPlaces(
  db: DatabaseOrTransaction,
  kind: RegistryKind,
  table: TableFile,
  checkedLines: ReadonlySet<number>,
  scope: RegistryScope,
  tree: AreaTree,
  problem: (line: number, field: string, message: string, messageEn: string) => void,
): Promise<void> {
  const rows = table.rows.map((row) => ({ line: row.line, ...whereRowLies(kind, row.cells) }));
  const [outside, outsideEn] = scopeWords(scope, tree);
  const refuse = (line: number, field: string, location: RegistryLocation) =>
    problem(line, field, `${areaName(tree, location.org)}（${location.org}）的记录不在${outside}内`, `a record of ${areaName(tree, location.org)} (${location.org}) is outside ${outsideEn}`);
  const keysOf = (values: (string | undefined)[]) => [...new Set(values.filter((value): value is string => value !== undefined))];
  if (kind === 'enterprises' || kind === 'platforms' || kind === 'tech_contracts') {
    const keys = keysOf(rows.map((row) => row.key));
    const existing =
      kind === 'enterprises' ? await findEnterpriseLocations(db, wholeRegistry, keys)
      : kind === 'platforms' ? await findPlatformLocations(db, wholeRegistry, keys)
      : await findContractLocations(db, wholeRegistry, keys);
    for (const row of rows) {
      const stored = row.key === undefined ? undefined : existing.get(row.key);
      if (row.location && !scopeCovers(scope, row.location)) refuse(row.line, locationColumn[kind], row.location);
      else if (stored && !scopeCovers(scope, stored)) refuse(row.line, registryColumns[kind].key, stored);
    }
    return;
  }
  const parent = parentOf[kind];
  const keys = keysOf(rows.map((row) => row.parentKey));
  const found = parent.registry === 'enterprises' ? await findEnterpriseLocations(db, wholeRegistry, keys) : await findPlatformLocations(db, wholeRegistry, keys);
  for (const row of rows) {
    const location = row.parentKey === undefined ? undefined : found.get(row.parentKey);
    if (location && !scopeCovers(scope, location)) refuse(row.line, parent.column, location);
    else if (!location && checkedLines.has(row.line)) problem(row.line, parent.column, parent.missing, parent.missingEn);
  }
}

type RecordKind = 'enterprises' | 'certifications' | 'platforms' | 'tech_contracts';
interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** Fields computed from others or set by the import itself: never a change in their own right. */
const derivedFields = new Set(['nameGrams', 'partyGrams', 'synthetic']);

/** A stored or new value as compared for a change: numbers and numeric text as exact decimals (date columns are text). */
function comparable(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number') return new Decimal(String(value)).toFixed();
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return new Decimal(value).toFixed();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** History keeps what a person can read: no search grams. */
function presentable(values: Record<string, unknown>): Record<string, unknown> {
  const { nameGrams: _grams, partyGrams: _partyGrams, ...rest } = values;
  return rest;
}

/** Inserts new records and updates changed ones, one history row per real change (with `write` false, only counts them). */
async function writeRecords(tx: Transaction, scope: RegistryScope, kind: RecordKind, rows: ParsedRow[], actor: string, at: Date, write: boolean): Promise<WriteCounts> {
  const keys = rows.map((row) => row.key);
  const existing =
    kind === 'enterprises' ? await findEnterprisesByKey(tx, scope, keys)
    : kind === 'platforms' ? await findPlatformsByKey(tx, scope, keys)
    : kind === 'tech_contracts' ? await findContractsByKey(tx, scope, keys)
    : await findCertificationsByKey(tx, scope, keys);
  const fresh = rows.filter((row) => !existing.has(row.key));
  const changed = rows.filter((row) => {
    const before = existing.get(row.key);
    return before !== undefined && Object.entries(row.values).some(([field, value]) => !derivedFields.has(field) && comparable(before[field]) !== comparable(value));
  });
  const counts = { created: fresh.length, updated: changed.length, unchanged: rows.length - fresh.length - changed.length };
  if (!write) return counts;
  // New enterprises write their own history rows in the same statement (see insertEnterprises).
  if (kind === 'enterprises') await insertEnterprises(tx, fresh.map((row) => row.values), actor, at);
  else await insertRecords(tx, kind, fresh.map((row) => row.values));
  for (const row of changed) await updateRecord(tx, kind, row.key, row.values, at);
  const history: HistoryInsert[] = [
    ...(kind === 'enterprises' ? [] : fresh).map((row) => ({ registry: historyKind[kind], key: row.key, change: 'create' as const, before: null, after: presentable(row.values), changedBy: actor, changedAt: at })),
    ...changed.map((row) => ({ registry: historyKind[kind], key: row.key, change: 'update' as const, before: presentable(existing.get(row.key) ?? {}), after: presentable(row.values), changedBy: actor, changedAt: at })),
  ];
  await insertHistory(tx, history);
  return counts;
}

/**
 * Financials per enterprise and year: a row replaces that year's record (an update of the
 * enterprise, kept in its history with the year before and after).
 */
async function writeEnterpriseYears(tx: Transaction, scope: RegistryScope, rows: ParsedRow[], actor: string, at: Date, write: boolean): Promise<WriteCounts> {
  const before = await findYearsOf(tx, scope, [...new Set(rows.map((row) => String(row.values.creditCode)))]);
  const changes = rows
    .map((row) => ({ code: String(row.values.creditCode), year: String(row.values.year), record: row.values.record as StoredFinancialYear }))
    .map((change) => ({ ...change, previous: before.get(change.code)?.[change.year] }))
    .filter((change) => !sameFinancialYear(change.previous, change.record));
  const created = changes.filter((change) => change.previous === undefined).length;
  const counts = { created, updated: changes.length - created, unchanged: rows.length - changes.length };
  if (!write) return counts;
  const patches = new Map<string, Record<string, StoredFinancialYear>>();
  for (const change of changes) patches.set(change.code, { ...patches.get(change.code), [change.year]: change.record });
  await patchEnterpriseYears(tx, [...patches.entries()], at);
  await insertHistory(
    tx,
    changes.map((change) => ({ registry: 'enterprise', key: change.code, change: 'update', before: { years: { [change.year]: change.previous ?? null } }, after: { years: { [change.year]: change.record } }, changedBy: actor, changedAt: at })),
  );
  return counts;
}

/**
 * Events per enterprise, type and year: a row adds the event, or replaces the one of the same
 * type and year (its amount). Each changed enterprise gets one history row with its list of
 * events before and after, as an edit of the list keeps it.
 */
async function writeEnterpriseEvents(tx: Transaction, scope: RegistryScope, rows: ParsedRow[], actor: string, at: Date, write: boolean): Promise<WriteCounts> {
  const stored = await findEventsOf(tx, scope, [...new Set(rows.map((row) => String(row.values.creditCode)))], { lock: write });
  const next = new Map<string, StoredEnterpriseEvent[]>();
  let created = 0;
  let updated = 0;
  for (const row of rows) {
    const code = String(row.values.creditCode);
    const event = row.values.event as StoredEnterpriseEvent;
    const list = next.get(code) ?? stored.get(code) ?? [];
    const previous = list.find((entry) => eventKey(entry) === eventKey(event));
    if (previous && sameEvents([previous], [event])) continue;
    if (previous) updated += 1;
    else created += 1;
    next.set(code, sortedEvents([...list.filter((entry) => eventKey(entry) !== eventKey(event)), event]));
  }
  const counts = { created, updated, unchanged: rows.length - created - updated };
  if (!write) return counts;
  for (const [code, events] of next) await setEnterpriseEvents(tx, code, events, at);
  await insertHistory(
    tx,
    [...next.entries()].map(([code, events]) => ({ registry: 'enterprise', key: code, change: 'update', before: { events: sortedEvents(stored.get(code) ?? []) }, after: { events }, changedBy: actor, changedAt: at })),
  );
  return counts;
}

/** Evaluations per platform and date: a row adds one, or replaces the one of the same date. */
async function writePlatformEvaluations(tx: Transaction, scope: RegistryScope, rows: ParsedRow[], actor: string, at: Date, write: boolean): Promise<WriteCounts> {
  const current = await findEvaluationsOf(tx, scope, [...new Set(rows.map((row) => String(row.values.registrationNumber)))]);
  let created = 0;
  let updated = 0;
  const history: HistoryInsert[] = [];
  const changedNumbers = new Set<string>();
  for (const row of rows) {
    const number = String(row.values.registrationNumber);
    const note = typeof row.values.note === 'string' && row.values.note !== '' ? row.values.note : undefined;
    const evaluation: PlatformEvaluation = { date: String(row.values.date), result: row.values.result as PlatformEvaluation['result'], ...(note ? { note } : {}) };
    const list = current.get(number) ?? [];
    const previous = list.find((entry) => entry.date === evaluation.date);
    if (previous && previous.result === evaluation.result && (previous.note ?? '') === (evaluation.note ?? '')) continue;
    if (previous) updated += 1;
    else created += 1;
    current.set(number, [...list.filter((entry) => entry.date !== evaluation.date), evaluation].sort((a, b) => a.date.localeCompare(b.date)));
    changedNumbers.add(number);
    history.push({ registry: 'platform', key: number, change: 'update', before: { evaluation: previous ?? null }, after: { evaluation }, changedBy: actor, changedAt: at });
  }
  if (!write) return { created, updated, unchanged: rows.length - created - updated };
  for (const number of changedNumbers) await setPlatformEvaluations(tx, number, current.get(number) ?? [], at);
  await insertHistory(tx, history);
  return { created, updated, unchanged: rows.length - created - updated };
}
