import { Decimal } from 'decimal.js';
import { recordAuditEvent } from '../audit/index.ts';
import { classifyDatabaseError, inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError, today } from '../shared/index.ts';
import { paymentKeyOf } from './award-frequency.ts';
import { awardLabel, awardPayments, lockAwards, moveAward } from './award-repository.ts';
import type { AwardCommandOptions } from './award-options.ts';

/**
 * Records the payment of an approved award: amount (yuan, exact, not above the award), the day
 * paid (Beijing date, not in the future) and the payment reference. The payment's key is unique in
 * the database: a one-time award (`incentive:enterprise`) is paid once ever and a yearly one
 * (`incentive:enterprise:year`) once a year, even when two awards of the same enterprise and
 * incentive were approved, and even when two clerks record at the same moment — the second
 * gets 409 saying it was paid already.
 */
export async function recordPayment(db: DatabaseOrTransaction, id: string, input: { amount: string; paid_on: string; reference: string }, options: AwardCommandOptions): Promise<{ id: string; state: 'paid'; payment_key: string }> {
  options.permissions.assertCan(options.actor, 'awards.pay');
  const amount = new Decimal(input.amount);
  if (!amount.isFinite() || amount.lessThanOrEqualTo(0) || amount.decimalPlaces() > 2) {
    throw new AppError('bad_request', `拨付金额“${input.amount}”无效：须大于0，最多两位小数`, `payment amount "${input.amount}" must be above 0 with at most 2 decimals`, [{ field: 'amount' }]);
  }
  if (input.paid_on > today(options.now)) {
    throw new AppError('bad_request', `拨付日期${input.paid_on}晚于今天（北京时间${today(options.now)}）`, `the payment date ${input.paid_on} is after today (${today(options.now)}, Beijing)`, [{ field: 'paid_on' }]);
  }
  const reference = input.reference.trim();
  if (reference === '') throw new AppError('bad_request', '须填写拨付凭证号（reference）', 'a payment reference is required (reference)', [{ field: 'reference' }]);
  let key = '';
  let label = '';
  try {
    return await inTransaction(db, async (tx) => {
      const [row] = await lockAwards(tx, [id]);
      label = awardLabel(row!);
      if (amount.greaterThan(row!.amount)) {
        throw new AppError('bad_request', `${label}的拨付金额${amount.toFixed(2)}元超过奖励金额${row!.amount}元`, `the payment ${amount.toFixed(2)} exceeds the award's amount ${row!.amount}`, [{ field: 'amount' }]);
      }
      key = paymentKeyOf(row!);
      await moveAward(tx, row!, 'pay', { actor: options.actor.username, now: options.now, note: reference });
      await tx.insert(awardPayments).values({ awardId: id, amount: amount.toFixed(2), paidOn: input.paid_on, reference, paymentKey: key, recordedBy: options.actor.username, recordedAt: options.now });
      await recordAuditEvent(tx, { actor: options.actor, action: 'award.pay', entityType: 'award', entityId: id, before: { state: row!.state }, after: { state: 'paid', value: amount.toFixed(2), to: input.paid_on, code: reference }, origin: options.origin });
      return { id, state: 'paid' as const, payment_key: key };
    });
  } catch (error) {
    const failure = classifyDatabaseError(error);
    if (failure?.kind === 'unique_violation' && failure.constraint !== 'award_payments_award_key') {
      const oneTime = !/:\d{4}$/.test(key);
      throw new AppError(
        'conflict',
        oneTime ? `${label}：该企业已领取过这项一次性奖励，不能再次拨付` : `${label}：该企业本年度已领取过这项奖励，同一年度不能再次拨付`,
        oneTime ? `${label}: the enterprise has been paid this one-time award already: it cannot be paid again` : `${label}: the enterprise has been paid this award for the year already: it cannot be paid twice in a year`,
        { payment_key: key },
      );
    }
    if (failure?.kind === 'unique_violation') throw new AppError('conflict', `${label}已登记拨付`, `${label} has been paid already`, { payment_key: key });
    throw error;
  }
}
