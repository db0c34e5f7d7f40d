import type { Actor, RequestOrigin, PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import type { Indicator } from '../policy/index.ts';
import { AppError, nextTurn } from '../shared/index.ts';
import { parseDecimalText } from './exact-number.ts';
import type { Qualifier } from './indicator-calculator.ts';
import type { ImportProblem, ImportReport } from './indicator-contract.ts';
import { parsePeriod } from './period.ts';
import { describeAreaPeriod } from './period-closure.ts';
import type { RawValueRow } from './read-value-file.ts';
import { conversionBetween, convertValue, isCountUnit } from './unit-conversion.ts';
import { countValueChanges, findPeriodClosures, holdPeriodClosures, upsertValues, type PeriodClosureRow, type ValueOrigin, type ValueWrite } from './value-repository.ts';

export interface ImportContext {
  indicators: readonly Indicator[];
  tree: AreaTree;
}

const qualifiers: Record<string, Qualifier> = { '': 'exact', exact: 'exact', lower_bound: 'lower_bound', upper_bound: 'upper_bound', '下限': 'lower_bound', '上限': 'upper_bound' };

/** No indicator comes near a thousand trillion in its canonical unit; a larger figure is a typing error. */
const largestValue = '1e15';

/**
 * Checks every row of an indicator file; returns the values to write (canonical units, exact
 * decimals), every problem found, each naming its line and field, and the closed periods the
 * rows fall in. Nothing is written here.
 */
export async function checkValueRows(
  db: DatabaseOrTransaction,
  fileName: string,
  rows: readonly RawValueRow[],
  context: ImportContext,
): Promise<{ writes: ValueWrite[]; problems: ImportProblem[]; closed: PeriodClosureRow[] }> {
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
    else if (number.isNegative() && !number.isZero()) problem('value', `数值不能为负（${row.value}）`, `a negative value is impossible here (${row.value})`);
    else if (number.abs().gte(largestValue)) problem('value', `数值过大（${row.value}）`, `the value is too large (${row.value})`);
    const conversion = indicator ? conversionBetween(row.unit, indicator.unit) : undefined;
    if (conversion && !conversion.ok) problem('unit', conversion.message, conversion.message_en);
    else if (problems.length === valueProblems && indicator && number && conversion && isCountUnit(indicator.unit) && !convertValue(number, conversion).isInteger()) {
      problem('value', `${indicator.unit}数应为整数（${row.value}）`, `a count of ${indicator.unit} must be a whole number (${row.value})`);
    }
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
  const closed = await findPeriodClosures(db, writes);
  return { writes, problems, closed };
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
    const { writes, problems, closed } = await checkValueRows(tx, fileName, rows, context);
    if (closed.length > 0) throw closedPeriodsError(context.tree, closed);
    if (rows.length === 0) problems.push({ line: 0, field: 'file', message: `${fileName}：没有数据行`, message_en: `${fileName}: no data rows` });
    // Every problem: the HTTP answer caps the list (capReport), the problems file and the CLI take it whole.
    const report: ImportReport = { file: fileName, dry_run: Boolean(options.dryRun), rows: rows.length, inserted: 0, revised: 0, unchanged: 0, problems, problems_total: problems.length, problems_truncated: false };
    if (problems.length > 0) return report;
    // A dry run counts what the import would insert, revise and leave unchanged, writing nothing.
    if (options.dryRun) return { ...report, ...(await countValueChanges(tx, writes, 'approved')) };
    const counts = await upsertValues(tx, writes, { status: 'approved', origin: options.valueOrigin ?? 'import', actor: options.actor.username, at: options.now });
    await recordAuditEvent(tx, { actor: options.actor, action: 'indicators.import', entityType: 'indicator_values', entityId: fileName, after: { rows: rows.length, ...counts }, origin: options.origin });
    return { ...report, ...counts };
  });
}

export function assertImportSucceeded(report: ImportReport): void {
  if (report.problems.length > 0) {
    throw new AppError('bad_request', `导入失败，${report.problems.length} 处错误，未写入任何数据`, `import failed with ${report.problems.length} problem(s); nothing was written`, report.problems);
  }
}
