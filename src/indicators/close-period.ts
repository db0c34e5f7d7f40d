import { findAreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import type { IndicatorCommandOptions } from './indicator-command-options.ts';
import type { PeriodClosureInput, PeriodState } from './indicator-contract.ts';
import { parsePeriod } from './period.ts';
import { alreadyClosedError, presentPeriodClosure } from './period-closure.ts';
import { findPeriodClosure, insertPeriodClosure } from './value-repository.ts';

/**
 * Closes an area's reporting period: the coordinator's final word on a round. Nothing of that
 * area and period changes afterwards — no entry, submission, review or import — until it is
 * reopened. Closing needs the approval of values for every area (`indicators.approve` with
 * scope all); an area-scoped reviewer cannot close. 409 when it is closed already.
 */
export async function closePeriod(db: DatabaseOrTransaction, input: PeriodClosureInput, options: IndicatorCommandOptions): Promise<PeriodState> {
  options.permissions.assertCan(options.actor, 'indicators.approve');
  const tree = await findAreaTree(db);
  const area = tree.find(input.org);
  if (!area) throw notFound('行政区划', 'Area', input.org);
  if (!parsePeriod(input.period)) throw new AppError('bad_request', `period：周期“${input.period}”格式错误（应为 2024、2024Q3 或 2024-07）`, `period: bad period "${input.period}"`);
  return inTransaction(db, async (tx) => {
    const closure = await insertPeriodClosure(tx, { org: input.org, period: input.period, closedBy: options.actor.username, at: options.now });
    if (!closure) {
      const existing = await findPeriodClosure(tx, input.org, input.period);
      if (existing) throw alreadyClosedError(tree, existing);
      throw new AppError('conflict', '填报期状态刚刚改变，请刷新后重试', 'the period changed state just now; reload and retry');
    }
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: 'indicator_period.close',
      entityType: 'indicator_period',
      entityId: `${input.org}|${input.period}`,
      before: { state: 'open' },
      after: { state: 'closed', org: input.org, org_name: area.name, period: input.period, reason: input.reason },
      origin: options.origin,
    });
    return { org: input.org, org_name: area.name, period: input.period, closure: presentPeriodClosure(closure) };
  });
}
