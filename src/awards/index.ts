// The public surface of the awards module: other modules import only from here (module-map.js).
export { awardActionDeclarations } from './award-actions.ts';
export { awardFrequencyOf, paymentKeyOf, type AwardFrequency } from './award-frequency.ts';
export type { AwardCommandOptions } from './award-options.ts';
export { awardActionLabels, awardStateLabels, awardStates, awardTransitions, canTransition, nextAwardState, type AwardAction, type AwardState } from './award-states.ts';
export {
  awardBulkResultSchema,
  awardDetailSchema,
  awardIdsBodySchema,
  awardPageSchema,
  awardQuerySchema,
  endPeriodResultSchema,
  noticeListSchema,
  noticeSchema,
  objectionBodySchema,
  paymentBodySchema,
  proposeBodySchema,
  proposeFromRunResultSchema,
  proposeResultSchema,
  publicNoticeListSchema,
  publicNoticeSchema,
  publishNoticeBodySchema,
  resolveObjectionBodySchema,
  withdrawBodySchema,
  type Award,
  type AwardCandidate,
  type AwardDetail,
  type AwardPage,
  type Notice,
  type PublicNotice,
} from './awards-contract.ts';
export { approveForPayment } from './approve-for-payment.ts';
export { confirmAwards } from './confirm-awards.ts';
export { endNoticePeriod } from './end-notice-period.ts';
export { findAwards, getAward, type AwardReader } from './find-awards.ts';
export { findNotices, findPublicNotices, getPublicNotice } from './find-notices.ts';
export { presentNoticeDocx, presentNoticeXlsx } from './present-notice-files.ts';
export { isOneTimeAwardPaid, proposeAwardCandidates } from './propose-award-candidates.ts';
export { publishAwardNotice } from './publish-award-notice.ts';
export { raiseObjection } from './raise-objection.ts';
export { recordPayment } from './record-payment.ts';
export { resolveObjection } from './resolve-objection.ts';
export { reinstateAward } from './reinstate-award.ts';
export { withdrawAward } from './withdraw-award.ts';
export { defaultNoticeDays } from './working-days.ts';
export { findAwardCosts } from './sum-award-costs.ts';
