import { AppError } from '../shared/index.ts';

/**
 * The award ledger as a state machine (a pure module: no database, no clock). An award is proposed
 * as a candidate (from a screening run), confirmed by the reviewing department, announced in a 公示
 * notice; during the notice an objection may be raised, and resolving it takes the award back to
 * announced (dismissed), back to confirmed for a new notice (corrected) or withdraws it (upheld).
 * When the notice's last day has passed (Beijing date) the period ends; the award is then approved
 * for payment and paid (amount, date, payment reference). Any award not yet paid may be withdrawn
 * with a reason; a withdrawn award may be reinstated as a candidate, with a reason (a withdrawal
 * made in error, or a firm that supplied what was missing: the ledger keeps one award per
 * enterprise × incentive × year, so a new run cannot propose it again). Paid is final.
 */
export const awardStates = ['candidate', 'confirmed', 'announced', 'objection_raised', 'period_ended', 'approved', 'paid', 'withdrawn'] as const;
export type AwardState = (typeof awardStates)[number];

export const awardActions = ['confirm', 'announce', 'raise_objection', 'dismiss_objection', 'correct_objection', 'uphold_objection', 'end_period', 'approve', 'pay', 'withdraw', 'reinstate'] as const;
export type AwardAction = (typeof awardActions)[number];

/** Each action and the states it may start from; where it takes the award. */
export const awardTransitions: Readonly<Record<AwardAction, { from: readonly AwardState[]; to: AwardState }>> = {
  confirm: { from: ['candidate'], to: 'confirmed' },
  announce: { from: ['confirmed'], to: 'announced' },
  raise_objection: { from: ['announced'], to: 'objection_raised' },
  dismiss_objection: { from: ['objection_raised'], to: 'announced' },
  correct_objection: { from: ['objection_raised'], to: 'confirmed' },
  uphold_objection: { from: ['objection_raised'], to: 'withdrawn' },
  end_period: { from: ['announced'], to: 'period_ended' },
  approve: { from: ['period_ended'], to: 'approved' },
  pay: { from: ['approved'], to: 'paid' },
  withdraw: { from: ['candidate', 'confirmed', 'announced', 'objection_raised', 'period_ended', 'approved'], to: 'withdrawn' },
  reinstate: { from: ['withdrawn'], to: 'candidate' },
};

export const awardStateLabels: Readonly<Record<AwardState, { zh: string; en: string }>> = {
  candidate: { zh: '候选', en: 'candidate' },
  confirmed: { zh: '已确认', en: 'confirmed' },
  announced: { zh: '公示中', en: 'announced' },
  objection_raised: { zh: '有异议', en: 'objection raised' },
  period_ended: { zh: '公示期满', en: 'notice period ended' },
  approved: { zh: '已批准拨付', en: 'approved for payment' },
  paid: { zh: '已拨付', en: 'paid' },
  withdrawn: { zh: '已撤销', en: 'withdrawn' },
};

export const awardActionLabels: Readonly<Record<AwardAction, { zh: string; en: string }>> = {
  confirm: { zh: '确认', en: 'confirm' },
  announce: { zh: '公示', en: 'announce' },
  raise_objection: { zh: '提出异议', en: 'raise an objection' },
  dismiss_objection: { zh: '驳回异议', en: 'dismiss the objection' },
  correct_objection: { zh: '异议成立并更正后重新确认', en: 'correct after the objection' },
  uphold_objection: { zh: '异议成立并撤销', en: 'uphold the objection' },
  end_period: { zh: '结束公示期', en: 'end the notice period' },
  approve: { zh: '批准拨付', en: 'approve for payment' },
  pay: { zh: '登记拨付', en: 'record the payment' },
  withdraw: { zh: '撤销', en: 'withdraw' },
  reinstate: { zh: '恢复为候选', en: 'reinstate as a candidate' },
};

/** May `action` start from `state`? */
export function canTransition(state: AwardState, action: AwardAction): boolean {
  return awardTransitions[action].from.includes(state);
}

/**
 * The state `action` takes an award in `state` to; 409 naming the award, its state and the action
 * (in Chinese and English) when the action may not start there.
 */
export function nextAwardState(state: AwardState, action: AwardAction, award?: { label: string }): AwardState {
  if (canTransition(state, action)) return awardTransitions[action].to;
  const allowed = awardTransitions[action].from.map((from) => awardStateLabels[from]);
  const who = award ? `${award.label}` : '该奖励';
  const whoEn = award ? `the award ${award.label}` : 'the award';
  throw new AppError(
    'conflict',
    `${who}当前状态为“${awardStateLabels[state].zh}”，不能${awardActionLabels[action].zh}（只有“${allowed.map((label) => label.zh).join('”或“')}”的奖励可以）`,
    `${whoEn} is ${awardStateLabels[state].en}: cannot ${awardActionLabels[action].en} (only an award that is ${allowed.map((label) => label.en).join(' or ')} can)`,
    { state, action },
  );
}
