import { findAreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { notFound } from '../shared/index.ts';
import type { IndicatorCommandOptions } from './indicator-command-options.ts';
import type { PeriodClosureInput, PeriodState } from './indicator-contract.ts';
import { alreadyOpenError } from './period-closure.ts';
import { deletePeriodClosure } from './value-repository.ts';

/**
 * Reopens a closed reporting period, with a reason for the audit log (a figure found wrong after
 * the round closed): its values can be entered and reviewed again. Same permission as closing;
 * 409 when it is open.
 */
export async function reopenPeriod(db: DatabaseOrTransaction, input: PeriodClosureInput, options: IndicatorCommandOptions): Promise<PeriodState> {
  options.permissions.assertCan(options.actor, 'indicators.approve');
  const tree = await findAreaTree(db);
  const area = tree.find(input.org);
  if (!area) throw notFound('行政区划', 'Area', input.org);
  return inTransaction(db, async (tx) => {
    const removed = await deletePeriodClosure(tx, input.org, input.period);
    if (!removed) throw alreadyOpenError(tree, input.org, input.period);
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: 'indicator_period.reopen',
      entityType: 'indicator_period',
      entityId: `${input.org}|${input.period}`,
      before: { state: 'closed', closed_by: removed.lockedBy, closed_at: removed.lockedAt.toISOString() },
      after: { state: 'open', org: input.org, org_name: area.name, period: input.period, reason: input.reason },
      origin: options.origin,
    });
    return { org: input.org, org_name: area.name, period: input.period, closure: null };
  });
}
