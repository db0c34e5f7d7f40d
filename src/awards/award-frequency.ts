import type { Incentive } from '../policy/index.ts';

export type AwardFrequency = 'one_time' | 'yearly' | 'per_construction_year';

/**
 * How often an incentive may be paid to one enterprise: `one_time` for the pack's `once` and for
 * every incentive whose title or text says 首次 or 一次性 (first recognition, first reaching
 * above-scale: once ever, whatever the runs say); `per_construction_year` for support paid for each
 * year of a construction period (建设期); otherwise once a year (`yearly`, also for `per_event` and
 * `unspecified`, the safe reading: never more than once a year).
 */
export function awardFrequencyOf(incentive: Pick<Incentive, 'frequency' | 'title' | 'text'> | undefined): AwardFrequency {
  if (!incentive) return 'yearly';
  if (incentive.frequency === 'once' || /首次|一次性/.test(incentive.title) || /一次性/.test(incentive.text)) return 'one_time';
  if (/建设期/.test(incentive.text) && incentive.frequency !== 'yearly') return 'per_construction_year';
  return 'yearly';
}

/**
 * The key the database keeps unique among payments: `incentive:enterprise` for a one-time award
 * (paid once ever), `incentive:enterprise:year` otherwise (once a year).
 */
export function paymentKeyOf(award: { incentiveId: string; enterpriseId: string; year: number; frequency: AwardFrequency }): string {
  return award.frequency === 'one_time' ? `${award.incentiveId}:${award.enterpriseId}` : `${award.incentiveId}:${award.enterpriseId}:${award.year}`;
}
