import type { Actor, RequestOrigin, PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import type { Indicator, QualityRule } from '../policy/index.ts';
import { AppError, nextTurn } from '../shared/index.ts';
import { exact, parseDecimalText } from './exact-number.ts';
import type { Qualifier } from './indicator-calculator.ts';
import type { ImportProblem, ImportReport } from './indicator-contract.ts';
import { parsePeriod } from './period.ts';
import { describeAreaPeriod } from './period-closure.ts';
import type { RawValueRow } from './read-value-file.ts';
import { conversionBetween, convertValue } from './unit-conversion.ts';
import { checkQualityRules, checkValueBounds, keyOf, largestValue, valuesNeeded, type CheckedWrite } from './value-quality.ts';
import { countValueChanges, findCurrentValues, findPeriodClosures, holdPeriodClosures, upsertValues, type PeriodClosureRow, type ValueOrigin, type ValueWrite } from './value-repository.ts';

export interface ImportContext {
  indicators: readonly Indicator[];
  tree: AreaTree;
  /** The packs' cross-indicator data-quality rules; none when left out. */
  rules?: readonly QualityRule[];
  /** A comment that accepts every year-on-year jump of the file (an import's `comment`). */
  comment?: string;
}

/** A row as checked: a file's row, or a form's value with its own comment. */
export type CheckedRow = RawValueRow & { comment?: string };

/** A jump accepted with a comment: recorded with the value's audit event. */
export interface AcceptedWarning {
  key: string;
  problem: ImportProblem;
  comment: string;
}

const qualifiers: Record<string, Qualifier> = { '': 'exact', exact: 'exact', lower_bound: 'lower_bound', upper_bound: 'upper_bound', '下限': 'lower_bound', '上限': 'upper_bound' };


/**
 * Checks every row of an indicator file; returns the values to write (canonical units, exact
 * decimals), every problem found, each naming its line and field, and the closed periods the
 * rows fall in. Nothing is written here. The data-quality rules (value-quality.ts) run here, so
 * the form, imports and the API share them: a value out of its indicator's bounds or breaking a
 * cross-indicator rule is a problem; a year-on-year jump is a problem (severity `warning`)
 * unless the row, or the whole import, carries a comment, and is then returned as accepted.
 */
export async function checkValueRows(
  db: DatabaseOrTransaction,
  fileName: string,
  rows: readonly CheckedRow[],
  context: ImportContext,
): Promise<{ writes: ValueWrite[]; problems: ImportProblem[]; closed: PeriodClosureRow[]; accepted: AcceptedWarning[] }> {
  const byCode = new Map(context.indicators.map((indicator) => [indicator.code, indicator]));
  const seen = new Map<string, number>();
  const writes: ValueWrite[] = [];
  const problems: ImportProblem[] = [];
  for (const [index, row] of rows.entries()) {
    // Checking 200,000 rows takes seconds: let the server answer other requests meanwhile.
    if (index % 2_000 === 1_999) await nextTurn();
    const problem = (field: ImportProblem['field'], message: string, messageEn: string) => problems.push({ line: row.line, field, message: `${fileName}:${row.line} ${field}：${message}`, message_en: `${fileName}:${row.line} ${field}: ${messageEn}` });
    const before = problems.length;
    const indicator = byCode.get(row.indicator);
    if (!indicator) problem('indicator', `未知指标代码“${row.indicator}”`, `unknown indicator code "${row.indicator}"`);
    const area = context.tree.find(row.org);
    if (!area) problem('org', `未知行政区划代码“${row.org}”`, `unknown area code "${row.org}"`);
    const period = parsePeriod(row.period);
    if (!period) problem('period', `周期“${row.period}”格式错误（应为 2024、2024Q3 或 2024-07）`, `bad period "${row.period}" (expected 2024, 2024Q3 or 2024-07)`);
    else if (indicator && period.type !== indicator.period_type) problem('period', `指标 ${indicator.code} 按${indicator.period_type === 'year' ? '年' : indicator.period_type === 'quarter' ? '季度' : '月'}填报，周期“${row.period}”不符`, `${indicator.code} is reported by ${indicator.period_type}, not "${row.period}"`);
    const number = parseDecimalText(row.value);
    const valueProblems = problems.length;
    if (!number) problem('value', `“${row.value}”不是数字`, `"${row.value}" is not a number`);
    else if (number.abs().gte(largestValue)) problem('value', `数值过大（${row.value}）`, `the value is too large (${row.value})`);
    const conversion = indicator ? conversionBetween(row.unit, indicator.unit) : undefined;
    if (conversion && !conversion.ok) problem('unit', conversion.message, conversion.message_en);
    else if (problems.length === valueProblems && indicator && number && conversion) {
      // The indicator's bounds (type, min, max, decimals), in its canonical unit: 5 万元 of an 亿元 indicator is 0.0005.
      const outOfBounds = checkValueBounds(indicator, convertValue(number, conversion), row.value);
      if (outOfBounds) problem('value', outOfBounds.message, outOfBounds.message_en);
    } else if (number && !indicator && number.isNegative() && !number.isZero()) problem('value', `数值不能为负（${row.value}）`, `a negative value is impossible here (${row.value})`);
    const qualifier = qualifiers[row.qualifier.trim()];
    if (!qualifier) problem('qualifier', `“${row.qualifier}”应为 exact、lower_bound 或 upper_bound`, `"${row.qualifier}" should be exact, lower_bound or upper_bound`);
    const key = `${row.indicator}|${row.org}|${row.period}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problem('indicator', `与第 ${earlier} 行重复（同一指标、区划和周期）`, `same indicator, area and period as line ${earlier}`);
    else seen.set(key, row.line);
    if (problems.length === before && indicator && number && conversion?.ok) {
      writes.push({
        indicator: indicator.code,
        org: row.org,
        period: row.period,
        value: convertValue(number, conversion).toFixed(),
        unit: indicator.unit,
        enteredValue: number.toFixed(),
        enteredUnit: row.unit || null,
        qualifier: qualifier ?? 'exact',
        source: row.source || null,
      });
    }
  }
  const accepted = await checkRules(db, fileName, rows, writes, problems, context);
  const closed = await findPeriodClosures(db, writes);
  return { writes, problems, closed, accepted };
}

/** The cross-indicator rules and year-on-year jumps of the good rows (problems appended in place). */
async function checkRules(db: DatabaseOrTransaction, fileName: string, rows: readonly CheckedRow[], writes: readonly ValueWrite[], problems: ImportProblem[], context: ImportContext): Promise<AcceptedWarning[]> {
  if (writes.length === 0) return [];
  const rowByKey = new Map<string, CheckedRow>();
  for (const row of rows) if (!rowByKey.has(keyOf(row))) rowByKey.set(keyOf(row), row);
  const checked: CheckedWrite[] = writes.map((write) => ({ indicator: write.indicator, org: write.org, period: write.period, value: exact(write.value), line: rowByKey.get(keyOf(write))?.line ?? 0 }));
  const rules = context.rules ?? [];
  const stored = new Map((await findCurrentValues(db, valuesNeeded(checked, rules, context.tree))).map((row) => [keyOf(row), exact(row.value)]));
  const findings = checkQualityRules(checked, stored, { indicators: context.indicators, rules, tree: context.tree });
  const accepted: AcceptedWarning[] = [];
  const lineKeys = new Map(checked.map((write) => [write.line, keyOf(write)]));
  for (const finding of findings.sort((a, b) => a.line - b.line)) {
    const problem: ImportProblem = { line: finding.line, field: 'value', message: `${fileName}:${finding.line} value：${finding.message}`, message_en: `${fileName}:${finding.line} value: ${finding.message_en}` };
    const key = lineKeys.get(finding.line) ?? '';
    const comment = (rowByKey.get(key)?.comment ?? context.comment ?? '').trim();
    if (finding.kind === 'jump' && comment !== '') accepted.push({ key, problem: { ...problem, severity: 'warning' }, comment });
    else problems.push(finding.kind === 'jump' ? { ...problem, severity: 'warning' } : problem);
  }
  problems.sort((a, b) => a.line - b.line);
  return accepted;
}

/** The 409 of a file with rows in closed periods, naming each (area, period). */
function closedPeriodsError(tree: AreaTree, closed: readonly PeriodClosureRow[]): AppError {
  const shown = closed.slice(0, 5).map((closure) => describeAreaPeriod(tree, closure.org, closure.period));
  const more = closed.length > shown.length ? { zh: `等 ${closed.length} 个`, en: ` and ${closed.length - shown.length} more` } : { zh: '', en: '' };
  return new AppError(
    'conflict',
    `${shown.map((what) => what.zh).join('、')}${more.zh}填报期已关闭，不能导入；整个文件未写入任何数据`,
    `the reporting periods of ${shown.map((what) => what.en).join('; ')}${more.en} are closed: nothing of the file was written`,
    closed.map((closure) => ({ org: closure.org, period: closure.period, state: 'closed' })),
  );
}

/**
 * Imports an indicator file all or nothing: if any row is bad nothing is written and the report
 * lists every bad row; rows in a closed period refuse the whole file with 409. Imported values
 * are stored as approved (an administrator's tool, contracts §2); a later import of the same key
 * revises the value and keeps its history. A dry run checks the same way and writes nothing.
 */
export async function importIndicatorValues(
  db: DatabaseOrTransaction,
  fileName: string,
  rows: readonly RawValueRow[],
  context: ImportContext,
  options: { actor: Actor; permissions: PermissionTable; origin: RequestOrigin; now: Date; dryRun?: boolean; valueOrigin?: ValueOrigin },
): Promise<ImportReport> {
  options.permissions.assertCan(options.actor, 'indicators.import');
  return inTransaction(db, async (tx) => {
    // Checked under the hold on closures: a period cannot close between this check and the writes.
    await holdPeriodClosures(tx);
    const { writes, problems, closed, accepted } = await checkValueRows(tx, fileName, rows, context);
    if (closed.length > 0) throw closedPeriodsError(context.tree, closed);
    if (rows.length === 0) problems.push({ line: 0, field: 'file', message: `${fileName}：没有数据行`, message_en: `${fileName}: no data rows` });
    // Every problem: the HTTP answer caps the list (capReport), the problems file and the CLI take it whole.
    const report: ImportReport = { file: fileName, dry_run: Boolean(options.dryRun), rows: rows.length, inserted: 0, revised: 0, unchanged: 0, problems, problems_total: problems.length, problems_truncated: false, ...(accepted.length > 0 ? { warnings: accepted.map((warning) => warning.problem) } : {}) };
    if (problems.length > 0) return report;
    // A dry run counts what the import would insert, revise and leave unchanged, writing nothing.
    if (options.dryRun) return { ...report, ...(await countValueChanges(tx, writes, 'approved')) };
    const counts = await upsertValues(tx, writes, { status: 'approved', origin: options.valueOrigin ?? 'import', actor: options.actor.username, at: options.now });
    await recordAuditEvent(tx, { actor: options.actor, action: 'indicators.import', entityType: 'indicator_values', entityId: fileName, after: { rows: rows.length, ...counts, ...(accepted.length > 0 ? { comment: accepted[0]!.comment, warnings: accepted.map((warning) => warning.problem.message) } : {}) }, origin: options.origin });
    return { ...report, ...counts };
  });
}

export function assertImportSucceeded(report: ImportReport): void {
  if (report.problems.length > 0) {
    throw new AppError('bad_request', `导入失败，${report.problems.length} 处错误，未写入任何数据`, `import failed with ${report.problems.length} problem(s); nothing was written`, report.problems);
  }
}
