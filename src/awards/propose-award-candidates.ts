import { and, eq, inArray } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import { noOrigin, type Actor, type PermissionTable, type RequestOrigin } from '../accounts/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { findPacks, type Incentive } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import { awardFrequencyOf, paymentKeyOf } from './award-frequency.ts';
import { awardPayments, awards, awardTransitions } from './award-repository.ts';
import type { AwardCandidate, ProposeResult } from './awards-contract.ts';

/** Candidates written per statement. */
const chunkSize = 500;

/**
 * Proposes awards from a screening run's eligible results (`findEligibleResults`): one candidate
 * award per enterprise × incentive × year. An award that exists already (any state) is left alone;
 * a one-time incentive (首次/一次性, `frequency: once`) already paid to the enterprise in any year is
 * refused, its reason returned and recorded in the audit log. Amounts are exact decimal strings.
 */
export async function proposeAwardCandidates(
  db: DatabaseOrTransaction,
  actor: Actor,
  candidates: readonly AwardCandidate[],
  now: Date,
  options: { permissions?: PermissionTable; origin?: RequestOrigin } = {},
): Promise<ProposeResult> {
  options.permissions?.assertCan(actor, 'awards.manage');
  for (const [index, candidate] of candidates.entries()) {
    let amount: Decimal;
    try {
      amount = new Decimal(candidate.amount);
    } catch {
      amount = new Decimal(-1);
    }
    if (!amount.isFinite() || amount.isNegative() || amount.decimalPlaces() > 2) {
      throw new AppError('bad_request', `第${index + 1}个候选（${candidate.name}）的金额“${candidate.amount}”无效：须为不小于0、最多两位小数的元数`, `candidate ${index + 1} (${candidate.credit_code}): amount "${candidate.amount}" is not a non-negative yuan amount with at most 2 decimals`, [{ field: `candidates.${index}.amount` }]);
    }
  }
  const incentives = new Map<string, Incentive>();
  for (const pack of await findPacks(db)) for (const incentive of pack.incentives) incentives.set(incentive.id, incentive);
  return inTransaction(db, async (tx) => {
    const result: ProposeResult = { created: [], existing: 0, refused: [] };
    const oneTimeKeys = candidates.filter((candidate) => awardFrequencyOf(incentives.get(candidate.incentive_id)) === 'one_time').map((candidate) => paymentKeyOf({ incentiveId: candidate.incentive_id, enterpriseId: candidate.enterprise_id, year: candidate.year, frequency: 'one_time' }));
    const paid = new Set<string>();
    for (let start = 0; start < oneTimeKeys.length; start += chunkSize) {
      const found = await tx.select({ key: awardPayments.paymentKey }).from(awardPayments).where(inArray(awardPayments.paymentKey, oneTimeKeys.slice(start, start + chunkSize)));
      for (const row of found) paid.add(row.key);
    }
    const accepted: (typeof awards.$inferInsert)[] = [];
    const seen = new Set<string>();
    for (const candidate of candidates) {
      const incentive = incentives.get(candidate.incentive_id);
      const frequency = awardFrequencyOf(incentive);
      const title = incentive?.title ?? candidate.incentive_id;
      if (frequency === 'one_time' && paid.has(paymentKeyOf({ incentiveId: candidate.incentive_id, enterpriseId: candidate.enterprise_id, year: candidate.year, frequency }))) {
        result.refused.push({
          credit_code: candidate.credit_code,
          incentive_id: candidate.incentive_id,
          year: candidate.year,
          reason: `${candidate.name}已领取过一次性奖励“${title}”，不能再次列为候选`,
          reason_en: `${candidate.credit_code} has already been paid the one-time award ${candidate.incentive_id}: it cannot be a candidate again`,
        });
        continue;
      }
      const key = `${candidate.enterprise_id}|${candidate.incentive_id}|${candidate.year}`;
      if (seen.has(key)) continue;
      seen.add(key);
      accepted.push({
        enterpriseId: candidate.enterprise_id,
        creditCode: candidate.credit_code,
        enterpriseName: candidate.name,
        areaCode: candidate.area_code,
        incentiveId: candidate.incentive_id,
        incentiveTitle: title,
        packId: candidate.pack_id,
        year: candidate.year,
        frequency,
        amount: new Decimal(candidate.amount).toFixed(2),
        cap: candidate.cap === null || candidate.cap === undefined ? null : new Decimal(candidate.cap).toFixed(2),
        state: 'candidate',
        runId: candidate.run_id ?? null,
        createdAt: now,
        createdBy: actor.username,
        updatedAt: now,
      });
    }
    for (let start = 0; start < accepted.length; start += chunkSize) {
      const inserted = await tx.insert(awards).values(accepted.slice(start, start + chunkSize)).onConflictDoNothing().returning({ id: awards.id });
      result.created.push(...inserted.map((row) => row.id));
      if (inserted.length > 0) await tx.insert(awardTransitions).values(inserted.map((row) => ({ awardId: row.id, fromState: null, toState: 'candidate', action: 'propose', actor: actor.username, at: now, note: null })));
    }
    result.existing = accepted.length - result.created.length;
    if (result.created.length > 0 || result.refused.length > 0) {
      await recordAuditEvent(tx, {
        actor,
        action: 'award.propose',
        entityType: 'awards',
        entityId: candidates[0]?.run_id ?? null,
        after: { created: result.created.length, unchanged: result.existing, refused: result.refused.map((entry) => `${entry.credit_code} ${entry.incentive_id} ${entry.year}：${entry.reason}`) },
        origin: options.origin ?? noOrigin,
      });
    }
    return result;
  });
}

/** For tests and the lead's wiring: is the one-time award already paid to the enterprise? */
export async function isOneTimeAwardPaid(db: DatabaseOrTransaction, incentiveId: string, enterpriseId: string): Promise<boolean> {
  const [row] = await db.select({ id: awardPayments.id }).from(awardPayments).where(and(eq(awardPayments.paymentKey, `${incentiveId}:${enterpriseId}`)));
  return row !== undefined;
}
