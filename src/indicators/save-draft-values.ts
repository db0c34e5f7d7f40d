import { findAreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { indicatorsOf, findPacks, qualityRulesOf } from '../policy/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import { exact } from './exact-number.ts';
import { checkValueRows, type AcceptedWarning } from './import-indicator-values.ts';
import type { IndicatorCommandOptions } from './indicator-command-options.ts';
import type { DraftValueInput, SavedDrafts } from './indicator-contract.ts';
import { assertPeriodOpen } from './period-closure.ts';
import { valueStatusLabels } from './value-labels.ts';
import { findValueRowsForUpdate, insertValueComment, recordRevision, upsertDraftValue, type ValueRow } from './value-repository.ts';
import { editableStatuses } from './value-workflow.ts';

/**
 * Saves drafts of one area and period, checked as an import's rows are (the problems numbered by
 * the position of the value in the request). A returned value is corrected in place and stays
 * returned (its reason still shown) until submitted again. A submitted or approved value is not overwritten
 * (409 saying its state); nor is anything of a closed period (409 naming it).
 */
export async function saveDraftValues(db: DatabaseOrTransaction, input: { org: string; period: string; values: readonly DraftValueInput[] }, options: IndicatorCommandOptions): Promise<SavedDrafts> {
  const tree = await findAreaTree(db);
  options.permissions.assertCanOn(options.actor, 'indicators.enter', { orgCode: input.org }, tree);
  if (!tree.has(input.org)) throw notFound('行政区划', 'Area', input.org);
  const packs = await findPacks(db);
  const indicators = indicatorsOf(packs);
  const nameOf = (code: string) => indicators.find((indicator) => indicator.code === code)?.name ?? code;
  // A JSON number in plain decimal digits (1e-7 is 0.0000001), checked like a file's cell.
  const rows = input.values.map((value, index) => ({ line: index + 1, indicator: value.indicator, org: input.org, period: input.period, value: Number.isFinite(value.value) ? exact(value.value).toFixed() : String(value.value), unit: value.unit ?? '', source: value.source ?? '', qualifier: '', comment: value.comment }));
  return inTransaction(db, async (tx) => {
    await assertPeriodOpen(tx, tree, input.org, input.period);
    const { writes, problems, accepted } = await checkValueRows(tx, 'form', rows, { indicators, tree, rules: qualityRulesOf(packs) });
    const acceptedByKey = new Map(accepted.map((warning) => [warning.key, warning]));
    if (problems.length > 0) throw new AppError('bad_request', problems.map((problem) => problem.message).join('；'), problems.map((problem) => problem.message_en).join('; '), problems);
    const existing = new Map((await findValueRowsForUpdate(tx, input.org, input.period, writes.map((write) => write.indicator))).map((row) => [row.indicator, row]));
    let saved = 0;
    for (const write of writes) {
      const before = existing.get(write.indicator);
      if (before && !editableStatuses.includes(before.status)) throw notADraftError(nameOf(write.indicator), before);
      const row = await upsertDraftValue(tx, { indicator: write.indicator, org: input.org, period: input.period }, { value: write.value, unit: write.unit, enteredValue: write.enteredValue, enteredUnit: write.enteredUnit, source: write.source }, { actor: options.actor.username, at: options.now });
      // Created meanwhile by another request and already submitted: as if it had been there.
      if (!row) throw notADraftError(nameOf(write.indicator), undefined);
      await recordRevision(tx, row, row.revision === 1 ? 'create' : 'revise', options.actor, options.now);
      // The comment that accepted a warning stays with the value: submitting checks the warning again (transition-values.ts).
      const warning = acceptedByKey.get(`${row.indicator}|${input.org}|${input.period}`);
      if (warning) await insertValueComment(tx, row, { action: 'quality', level: null, body: warning.comment, author: options.actor.username, at: options.now });
      await recordAuditEvent(tx, {
        actor: options.actor,
        action: 'indicator_value.save_draft',
        entityType: 'indicator_value',
        entityId: `${row.indicator}|${input.org}|${input.period}`,
        before: before ? { value: before.value, source: before.source } : null,
        after: { value: row.value, source: row.source, status: row.status, ...commentOf(acceptedByKey.get(`${row.indicator}|${input.org}|${input.period}`)) },
        origin: options.origin,
      });
      saved += 1;
    }
    return accepted.length > 0 ? { saved, warnings: accepted.map((warning) => warning.problem) } : { saved };
  });
}

/** The comment that accepted a warning, and the warning, for the audit event. */
function commentOf(warning: AcceptedWarning | undefined): { comment?: string; warning?: string } {
  return warning ? { comment: warning.comment, warning: warning.problem.message } : {};
}

function notADraftError(indicatorName: string, row: ValueRow | undefined): AppError {
  const state = row ? valueStatusLabels[row.status] : '已提交或已审核';
  return new AppError('conflict', `${indicatorName}当前状态为“${state}”，已提交或审核通过的数据不能修改`, `${indicatorName} is ${row?.status ?? 'no longer a draft'}; it cannot be changed`);
}
