import { findAreaTree, type AreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { indicatorsOf, findPacks, qualityRulesOf } from '../policy/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import type { IndicatorCommandOptions } from './indicator-command-options.ts';
import type { ReviewLevel, TransitionInput, TransitionResult, WorkflowAction } from './indicator-contract.ts';
import { assertPeriodOpen, describeAreaPeriod } from './period-closure.ts';
import { reviewLevelLabels, valueStatusLabels, workflowActionLabels } from './value-labels.ts';
import { findCurrentValues, findLastEdit, findValueComments, findValueRowsForUpdate, insertValueComment, recordRevision, setValueStatus } from './value-repository.ts';
import { defaultReviewLevels, levelAfterApproval, mayReviewAt, reviewLevelsOf, valueTransitions } from './value-workflow.ts';
import { exact } from './exact-number.ts';
import { checkQualityRules, checkValueBounds, keyOf, valuesNeeded, type CheckedWrite } from './value-quality.ts';
import type { ValueRow } from './value-repository.ts';

/**
 * Moves an area's values of one period (all those in the step's starting state, or the named
 * indicators) one step along the workflow (value-workflow.ts). 409 when the period is closed,
 * when nothing is in the starting state, or when a named value is in another state; 403 when a
 * value waits for another level's reviewer; 400 for a return without a reason.
 */
export async function transitionValues(db: DatabaseOrTransaction, action: WorkflowAction, input: TransitionInput, options: IndicatorCommandOptions & FourEyesOption & ReviewLevelsOption): Promise<TransitionResult> {
  const transition = valueTransitions[action];
  const tree = await findAreaTree(db);
  options.permissions.assertCanOn(options.actor, transition.permission, { orgCode: input.org }, tree);
  if (!tree.has(input.org)) throw notFound('行政区划', 'Area', input.org);
  const where = describeAreaPeriod(tree, input.org, input.period);
  const reason = input.reason?.trim() ?? '';
  if (action === 'return' && reason === '') {
    throw new AppError('bad_request', `退回${where.zh}的数据须填写退回原因（reason）`, `returning values of ${where.en} needs a reason (reason)`, [{ field: 'reason', message: '退回原因不能为空', message_en: 'a reason is required' }]);
  }
  const levels = reviewLevelsOf(tree, input.org, options.reviewLevels ?? defaultReviewLevels);
  const finalLevel = levels[levels.length - 1] ?? 'region';
  const reviews = action === 'approve' || action === 'return';
  const covers = (level: ReviewLevel) => mayReviewAt(options.permissions, options.actor, tree, input.org, level);
  // Unlocking reopens a value at its last level: only that level's reviewer (the coordinator) may.
  if (action === 'unlock' && !covers(finalLevel)) throw wrongLevelError(where, finalLevel);
  return inTransaction(db, async (tx) => {
    await assertPeriodOpen(tx, tree, input.org, input.period);
    const rows = await findValueRowsForUpdate(tx, input.org, input.period, input.indicators);
    const starting = (row: ValueRow) => transition.from.includes(row.status);
    const named = input.indicators && input.indicators.length > 0;
    // Without named indicators a reviewer takes what waits at a level it reviews.
    const candidates = named ? rows : rows.filter((row) => starting(row) && (!reviews || covers(row.reviewLevel ?? finalLevel)));
    const fromLabel = transition.from.map((status) => valueStatusLabels[status]).join('”或“');
    if (candidates.length === 0 && reviews && !named) {
      const waiting = rows.find(starting);
      if (waiting) throw wrongLevelError(where, waiting.reviewLevel ?? finalLevel);
    }
    if (candidates.length === 0) {
      throw new AppError('conflict', `${where.zh}没有处于“${fromLabel}”状态、可${workflowActionLabels[action]}的数据`, `nothing ${transition.from.join(' or ')} to ${action} for ${where.en}`);
    }
    const wrong = candidates.filter((row) => !starting(row));
    if (wrong.length > 0) {
      const indicators = indicatorsOf(await findPacks(tx));
      const nameOf = (code: string) => indicators.find((indicator) => indicator.code === code)?.name ?? code;
      throw new AppError(
        'conflict',
        wrong.map((row) => `${nameOf(row.indicator)}当前状态为“${valueStatusLabels[row.status]}”`).join('；') + `，不能${workflowActionLabels[action]}（只有“${fromLabel}”的数据可以）`,
        `${wrong.map((row) => `${row.indicator} is ${row.status}`).join('; ')}: only ${transition.from.join(' or ')} values can be ${pastTense[action]}`,
      );
    }
    if (reviews) {
      const elsewhere = candidates.find((row) => !covers(row.reviewLevel ?? finalLevel));
      if (elsewhere) throw wrongLevelError(where, elsewhere.reviewLevel ?? finalLevel);
    }
    if (action === 'submit') await assertQualityOnSubmit(tx, candidates, tree, where);
    if (action === 'approve' && options.fourEyesApproval) {
      // Four eyes: the account that submitted a value, or was the last to move it (an unlock), cannot approve it (at any level).
      const own = candidates.filter((row) => row.submittedBy === options.actor.username || row.updatedBy === options.actor.username);
      if (own.length > 0) {
        const indicators = indicatorsOf(await findPacks(tx));
        const nameOf = (code: string) => indicators.find((indicator) => indicator.code === code)?.name ?? code;
        throw new AppError(
          'conflict',
          `${where.zh}的${own.map((row) => nameOf(row.indicator)).join('、')}由 ${options.actor.username} 提交，须由另一账号审核通过（四眼原则）`,
          `${own.map((row) => row.indicator).join(', ')} for ${where.en} was submitted by ${options.actor.username}: another account must approve it (four-eyes rule)`,
          { submitted_by: options.actor.username, indicators: own.map((row) => row.indicator) },
        );
      }
    }
    const changed: TransitionResult['changed'] = [];
    for (const row of candidates) {
      const level = row.reviewLevel ?? finalLevel;
      const next = action === 'approve' ? levelAfterApproval(levels, level, covers) : null;
      const to = action === 'approve' && next !== null ? 'submitted' : transition.to;
      const reviewLevel = action === 'submit' ? (levels[0] ?? 'region') : action === 'unlock' ? finalLevel : next;
      const updated = await setValueStatus(tx, row.id, to, { actor: options.actor.username, at: options.now, reviewLevel, submitted: action === 'submit', reason });
      if (!updated) continue;
      await recordRevision(tx, updated, action, options.actor, options.now);
      if (reason !== '') await insertValueComment(tx, updated, { action, level: reviews ? level : null, body: reason, author: options.actor.username, at: options.now });
      await recordAuditEvent(tx, {
        actor: options.actor,
        action: `indicator_value.${action}`,
        entityType: 'indicator_value',
        entityId: `${row.indicator}|${input.org}|${input.period}`,
        before: { status: row.status, ...(reviews ? { review_level: level } : {}) },
        after: { status: updated.status, ...(updated.reviewLevel ? { review_level: updated.reviewLevel } : {}), ...(reason !== '' ? { reason } : {}) },
        origin: options.origin,
      });
      changed.push({ indicator: updated.indicator, status: updated.status, ...(updated.status === 'submitted' && updated.reviewLevel ? { review_level: updated.reviewLevel } : {}) });
    }
    return { changed };
  });
}

/** 403: the value waits for another level's reviewer (a city leader approving a city's own value, or the region's step). */
function wrongLevelError(where: { zh: string; en: string }, level: ReviewLevel): AppError {
  return new AppError('forbidden', `${where.zh}的数据当前待${reviewLevelLabels[level]}，您不能在这一级审核`, `the values of ${where.en} wait for ${level}-level review: you cannot review them at that level`, { review_level: level });
}

/** The configured review levels (REVIEW_LEVELS; default city, region). */
export interface ReviewLevelsOption {
  reviewLevels?: readonly ReviewLevel[] | undefined;
}

/**
 * Submitting re-runs the data-quality rules as the pack has them now and on the data as it is now:
 * each value's bounds (a draft saved before a bound was tightened, or written around the form, is
 * not sent for review as it is), the cross-indicator rules (another value may have changed since
 * it was saved) and the year-on-year jump, which needs the comment kept when the value was saved
 * (indicator_value_comments, `quality`) after its last edit. 400 listing every problem.
 */
async function assertQualityOnSubmit(tx: DatabaseOrTransaction, rows: readonly ValueRow[], tree: AreaTree, where: { zh: string; en: string }): Promise<void> {
  const packs = await findPacks(tx);
  const indicators = indicatorsOf(packs);
  const nameOf = (code: string) => indicators.find((candidate) => candidate.code === code)?.name ?? code;
  const problems: { indicator: string; message: string; message_en: string; severity?: 'warning' }[] = [];
  const inBounds: ValueRow[] = [];
  for (const row of rows) {
    const indicator = indicators.find((candidate) => candidate.code === row.indicator);
    const problem = indicator ? checkValueBounds(indicator, exact(row.value), `${exact(row.value).toFixed()}${row.unit}`) : undefined;
    if (indicator && problem) problems.push({ indicator: row.indicator, message: `${indicator.name}：${problem.message}`, message_en: `${row.indicator}: ${problem.message_en}` });
    else inBounds.push(row);
  }
  const checked: CheckedWrite[] = inBounds.map((row, index) => ({ indicator: row.indicator, org: row.org, period: row.period, value: exact(row.value), line: index }));
  const rules = qualityRulesOf(packs);
  const stored = new Map((await findCurrentValues(tx, valuesNeeded(checked, rules, tree))).map((value) => [keyOf(value), exact(value.value)]));
  for (const finding of checkQualityRules(checked, stored, { indicators, rules, tree })) {
    const row = inBounds[finding.line]!;
    if (finding.kind === 'jump' && (await hasQualityComment(tx, row))) continue;
    problems.push({ indicator: row.indicator, message: `${nameOf(row.indicator)}：${finding.message}`, message_en: `${row.indicator}: ${finding.message_en}`, ...(finding.kind === 'jump' ? { severity: 'warning' as const } : {}) });
  }
  if (problems.length === 0) return;
  throw new AppError('bad_request', `${where.zh}的数据未通过数据质量检查，不能提交：${problems.map((problem) => problem.message).join('；')}`, `${where.en}: values fail the data-quality rules and cannot be submitted: ${problems.map((problem) => problem.message_en).join('; ')}`, problems);
}

/** Did the reporter accept the value's warning with a comment when it last saved the value? */
async function hasQualityComment(tx: DatabaseOrTransaction, row: ValueRow): Promise<boolean> {
  const lastEdit = await findLastEdit(tx, row.id);
  const comments = await findValueComments(tx, row);
  return comments.some((comment) => comment.action === 'quality' && comment.body.trim() !== '' && (lastEdit === undefined || comment.createdAt.getTime() >= lastEdit.getTime()));
}

/** Four-eyes approval (FOUR_EYES_APPROVAL): when on, whoever submitted a value cannot approve it. */
export interface FourEyesOption {
  fourEyesApproval?: boolean | undefined;
}

const pastTense: Record<WorkflowAction, string> = { submit: 'submitted', approve: 'approved', return: 'returned', unlock: 'unlocked' };
