import { findAreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { indicatorsOf, findPacks } from '../policy/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import type { IndicatorCommandOptions } from './indicator-command-options.ts';
import type { TransitionInput, TransitionResult, WorkflowAction } from './indicator-contract.ts';
import { assertPeriodOpen, describeAreaPeriod } from './period-closure.ts';
import { valueStatusLabels, workflowActionLabels } from './value-labels.ts';
import { findValueRowsForUpdate, recordRevision, setValueStatus } from './value-repository.ts';
import { valueTransitions } from './value-workflow.ts';
import { exact } from './exact-number.ts';
import { checkValueBounds } from './value-quality.ts';
import type { ValueRow } from './value-repository.ts';

/**
 * Moves an area's values of one period (all those in the step's starting state, or the named
 * indicators) one step along the workflow (value-workflow.ts). 409 when the period is closed,
 * when nothing is in the starting state, or when a named value is in another state.
 */
export async function transitionValues(db: DatabaseOrTransaction, action: WorkflowAction, input: TransitionInput, options: IndicatorCommandOptions & FourEyesOption): Promise<TransitionResult> {
  const transition = valueTransitions[action];
  const tree = await findAreaTree(db);
  options.permissions.assertCanOn(options.actor, transition.permission, { orgCode: input.org }, tree);
  if (!tree.has(input.org)) throw notFound('行政区划', 'Area', input.org);
  const where = describeAreaPeriod(tree, input.org, input.period);
  return inTransaction(db, async (tx) => {
    await assertPeriodOpen(tx, tree, input.org, input.period);
    const rows = await findValueRowsForUpdate(tx, input.org, input.period, input.indicators);
    const candidates = input.indicators && input.indicators.length > 0 ? rows : rows.filter((row) => row.status === transition.from);
    if (candidates.length === 0) {
      throw new AppError('conflict', `${where.zh}没有处于“${valueStatusLabels[transition.from]}”状态、可${workflowActionLabels[action]}的数据`, `nothing ${transition.from} to ${action} for ${where.en}`);
    }
    const wrong = candidates.filter((row) => row.status !== transition.from);
    if (wrong.length > 0) {
      const indicators = indicatorsOf(await findPacks(tx));
      const nameOf = (code: string) => indicators.find((indicator) => indicator.code === code)?.name ?? code;
      throw new AppError(
        'conflict',
        wrong.map((row) => `${nameOf(row.indicator)}当前状态为“${valueStatusLabels[row.status]}”`).join('；') + `，不能${workflowActionLabels[action]}（只有“${valueStatusLabels[transition.from]}”的数据可以）`,
        `${wrong.map((row) => `${row.indicator} is ${row.status}`).join('; ')}: only ${transition.from} values can be ${pastTense[action]}`,
      );
    }
    if (action === 'submit') await assertWithinBounds(tx, candidates, where);
    if (action === 'approve' && options.fourEyesApproval) {
      // Four eyes: the account that submitted a value (the last to move it) cannot approve it.
      const own = candidates.filter((row) => row.updatedBy !== null && row.updatedBy === options.actor.username);
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
      const updated = await setValueStatus(tx, row.id, transition.to, { actor: options.actor.username, at: options.now });
      if (!updated) continue;
      await recordRevision(tx, updated, action, options.actor, options.now);
      await recordAuditEvent(tx, {
        actor: options.actor,
        action: `indicator_value.${action}`,
        entityType: 'indicator_value',
        entityId: `${row.indicator}|${input.org}|${input.period}`,
        before: { status: row.status },
        after: { status: updated.status, ...(input.reason ? { reason: input.reason } : {}) },
        origin: options.origin,
      });
      changed.push({ indicator: updated.indicator, status: updated.status });
    }
    return { changed };
  });
}

/**
 * Submitting re-checks each draft against its indicator's bounds as the pack has them now: a draft
 * saved before a bound was tightened (or written around the form) is not sent for review as it is.
 * Cross-indicator rules and jumps were checked when it was saved.
 */
async function assertWithinBounds(tx: DatabaseOrTransaction, rows: readonly ValueRow[], where: { zh: string; en: string }): Promise<void> {
  const indicators = indicatorsOf(await findPacks(tx));
  const problems = rows.flatMap((row) => {
    const indicator = indicators.find((candidate) => candidate.code === row.indicator);
    const problem = indicator ? checkValueBounds(indicator, exact(row.value), `${exact(row.value).toFixed()}${row.unit}`) : undefined;
    return indicator && problem ? [{ indicator: row.indicator, message: `${indicator.name}：${problem.message}`, message_en: `${row.indicator}: ${problem.message_en}` }] : [];
  });
  if (problems.length === 0) return;
  throw new AppError('bad_request', `${where.zh}的数据未通过数据质量检查，不能提交：${problems.map((problem) => problem.message).join('；')}`, `${where.en}: values fail the data-quality rules and cannot be submitted: ${problems.map((problem) => problem.message_en).join('; ')}`, problems);
}

/** Four-eyes approval (FOUR_EYES_APPROVAL): when on, whoever submitted a value cannot approve it. */
export interface FourEyesOption {
  fourEyesApproval?: boolean | undefined;
}

const pastTense: Record<WorkflowAction, string> = { submit: 'submitted', approve: 'approved', return: 'returned', unlock: 'unlocked' };
