import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { AppError, formatBeijingTime } from '../shared/index.ts';
import type { PeriodClosure } from './indicator-contract.ts';
import { formatPeriodZh } from './reports/target-wording.ts';
import { findPeriodClosure, holdPeriodClosures, type PeriodClosureRow } from './value-repository.ts';

/**
 * Closed reporting periods: once the coordinator closes an (area, period), no value of it is
 * entered, submitted, reviewed or imported until it is reopened. Every refusal names the area by
 * its name and the period as people write it.
 */

/** 银川市（640100）2024年 / 银川市 (640100), 2024. */
export function describeAreaPeriod(tree: AreaTree, org: string, period: string): { zh: string; en: string } {
  const name = tree.find(org)?.name ?? org;
  return { zh: `${name}（${org}）${formatPeriodZh(period)}`, en: `${name} (${org}), ${period}` };
}

/** Who closed it and when, Beijing time: （由 coordinator 于 2025-01-02 10:00:00（北京时间）关闭）. */
function closedByWords(closure: PeriodClosureRow): { zh: string; en: string } {
  const when = formatBeijingTime(closure.lockedAt);
  return {
    zh: `（由 ${closure.lockedBy ?? '系统'} 于 ${when}（北京时间）关闭）`,
    en: ` (closed by ${closure.lockedBy ?? 'the system'} at ${when} Beijing time)`,
  };
}

/** The 409 of a write into a closed period. */
export function periodClosedError(tree: AreaTree, closure: PeriodClosureRow): AppError {
  const what = describeAreaPeriod(tree, closure.org, closure.period);
  const by = closedByWords(closure);
  return new AppError(
    'conflict',
    `${what.zh}的填报期已关闭${by.zh}，不能再填报、提交、审核或导入；如需修改，请统筹部门重新开放`,
    `the reporting period of ${what.en} is closed${by.en}: no value can be entered, submitted, reviewed or imported until it is reopened`,
    { org: closure.org, period: closure.period, state: 'closed' },
  );
}

/** The 409 of closing a period that is closed already. */
export function alreadyClosedError(tree: AreaTree, closure: PeriodClosureRow): AppError {
  const what = describeAreaPeriod(tree, closure.org, closure.period);
  const by = closedByWords(closure);
  return new AppError('conflict', `${what.zh}的填报期已经是关闭状态${by.zh}`, `the reporting period of ${what.en} is already closed${by.en}`, { org: closure.org, period: closure.period, state: 'closed' });
}

/** The 409 of reopening a period that is open. */
export function alreadyOpenError(tree: AreaTree, org: string, period: string): AppError {
  const what = describeAreaPeriod(tree, org, period);
  return new AppError('conflict', `${what.zh}的填报期未关闭，处于开放状态，无需重新开放`, `the reporting period of ${what.en} is open, not closed: there is nothing to reopen`, { org, period, state: 'open' });
}

/**
 * Refuses (409) when the period is closed. Call it inside the write's transaction: it holds the
 * closures until the transaction ends, so that a closure cannot commit between this check and
 * the write.
 */
export async function assertPeriodOpen(tx: DatabaseOrTransaction, tree: AreaTree, org: string, period: string): Promise<void> {
  await holdPeriodClosures(tx);
  const closure = await findPeriodClosure(tx, org, period);
  if (closure) throw periodClosedError(tree, closure);
}

export function presentPeriodClosure(closure: PeriodClosureRow | undefined): PeriodClosure | null {
  return closure ? { closed_by: closure.lockedBy, closed_at: closure.lockedAt.toISOString() } : null;
}
