import { Decimal } from 'decimal.js';
import { findAreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { getPack } from '../policy/index.ts';
import { assertColumns, readTableFile, withColumnNames, type ColumnNames } from '../shared/index.ts';
import { findAreaTargetRows, upsertAreaTargetRows, type AreaTargetWrite } from './area-target-repository.ts';
import { checkAreaTarget } from './area-targets.ts';
import { parseDecimalText } from './exact-number.ts';
import type { IndicatorCommandOptions } from './indicator-command-options.ts';
import type { AreaTargetImportProblem, AreaTargetImportReport } from './indicator-contract.ts';

/** The columns of an area-target file, English and Chinese (the template's): 目标, 地区, 目标值, 说明. */
export const areaTargetFileColumns = ['target', 'org', 'value', 'note'] as const;
export const areaTargetFileColumnNames: ColumnNames = {
  target: ['目标', '目标编号'],
  org: ['地区', '地区代码', '区划代码'],
  value: ['目标值'],
  note: ['说明', '备注'],
};

/**
 * Imports areas' own targets from a CSV (UTF-8, with BOM or GB18030) or an .xlsx: 目标 (the
 * target's id, or its indicator's name), 地区 (a code or the area's full name), 目标值, 说明.
 * All or nothing: any bad row and nothing is written; every problem names its line and field.
 * `dryRun` checks and counts only.
 */
export async function importAreaTargets(
  db: DatabaseOrTransaction,
  packId: string,
  file: { name: string; content: Buffer },
  options: IndicatorCommandOptions & { dryRun: boolean },
): Promise<AreaTargetImportReport> {
  options.permissions.assertCan(options.actor, 'indicators.set_targets');
  const pack = await getPack(db, packId);
  const tree = await findAreaTree(db);
  const table = withColumnNames(file.name, await readTableFile(file.name, file.content), areaTargetFileColumnNames);
  assertColumns(file.name, table, ['target', 'org', 'value'], areaTargetFileColumns, areaTargetFileColumnNames);
  const problems: AreaTargetImportProblem[] = [];
  const problem = (line: number, field: AreaTargetImportProblem['field'], zh: string, en: string) =>
    problems.push({ line, field, message: `${file.name}:${line}：${zh}`, message_en: `${file.name}:${line}: ${en}` });
  const writes = new Map<string, AreaTargetWrite & { line: number }>();
  for (const row of table.rows) {
    const cell = (column: string) => (row.cells[column] ?? '').trim();
    const [target, org, valueText, note] = [cell('target'), cell('org'), cell('value'), cell('note')];
    if (target === '') problem(row.line, 'target', '目标为空', 'target is empty');
    if (org === '') problem(row.line, 'org', '地区为空', 'org is empty');
    const value = parseDecimalText(valueText);
    if (value === undefined) problem(row.line, 'value', `目标值“${valueText}”不是数字（只写数字，如 120 或 1.5）`, `value "${valueText}" is not a number (digits only, e.g. 120 or 1.5)`);
    if (note.length > 500) problem(row.line, 'note', '说明过长（不超过 500 字）', 'note is too long (at most 500 characters)');
    if (target === '' || org === '' || value === undefined) continue;
    const checked = checkAreaTarget(pack, tree, { target, org, value });
    if ('refusal' in checked) {
      problem(row.line, checked.refusal.field, checked.refusal.zh, checked.refusal.en);
      continue;
    }
    const key = `${checked.write.target.id}|${checked.write.org}`;
    const earlier = writes.get(key);
    if (earlier) {
      problem(row.line, 'org', `与第 ${earlier.line} 行是同一目标、同一地区`, `same target and area as line ${earlier.line}`);
      continue;
    }
    writes.set(key, { line: row.line, targetId: checked.write.target.id, org: checked.write.org, value: checked.write.value.toString(), note: note === '' ? null : note });
  }
  if (table.rows.length === 0) problem(table.headerLine, 'file', '文件没有数据行', 'the file has no data rows');
  const report = (counts: { inserted: number; revised: number; unchanged: number }, dryRun: boolean): AreaTargetImportReport => ({ file: file.name, dry_run: dryRun, rows: table.rows.length, ...counts, problems });
  if (problems.length > 0) return report({ inserted: 0, revised: 0, unchanged: 0 }, options.dryRun);

  return inTransaction(db, async (tx) => {
    const existing = new Map((await findAreaTargetRows(tx, pack.metadata.id)).map((row) => [`${row.targetId}|${row.org}`, row]));
    const counts = { inserted: 0, revised: 0, unchanged: 0 };
    const changed: AreaTargetWrite[] = [];
    for (const [key, write] of writes) {
      const before = existing.get(key);
      if (!before) counts.inserted += 1;
      else if (new Decimal(before.value).equals(write.value) && (before.note ?? null) === write.note) {
        counts.unchanged += 1;
        continue;
      } else counts.revised += 1;
      changed.push({ targetId: write.targetId, org: write.org, value: write.value, note: write.note });
    }
    if (options.dryRun || changed.length === 0) return report(counts, options.dryRun);
    await upsertAreaTargetRows(tx, pack.metadata.id, changed, options.actor.username, options.now);
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: 'area_target.import',
      entityType: 'area_target',
      entityId: `${pack.metadata.id}|${file.name}`,
      before: null,
      after: { pack: pack.metadata.id, file: file.name, ...counts, targets: changed.map((write) => ({ target: write.targetId, org: write.org, org_name: tree.find(write.org)?.name ?? write.org, value: write.value, note: write.note })) },
      origin: options.origin,
    });
    return report(counts, false);
  });
}
