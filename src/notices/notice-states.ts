import { AppError } from '../shared/index.ts';

/**
 * A supervision notice (督办单) as a state machine (pure: no database, no clock). The coordinator
 * issues it to a unit or an area; the assignee answers (issued → answered); the coordinator closes
 * it (answered → closed), returns an answer that does not do (answered → issued, with a reason),
 * or reopens a closed notice (closed → issued, with a reason). Illegal moves are 409 naming the
 * notice and its state.
 */
export const noticeStates = ['issued', 'answered', 'closed'] as const;
export type NoticeState = (typeof noticeStates)[number];

export const noticeActions = ['respond', 'close', 'return', 'reopen'] as const;
export type NoticeAction = (typeof noticeActions)[number];

export const noticeTransitions: Readonly<Record<NoticeAction, { from: readonly NoticeState[]; to: NoticeState }>> = {
  respond: { from: ['issued'], to: 'answered' },
  close: { from: ['answered'], to: 'closed' },
  return: { from: ['answered'], to: 'issued' },
  reopen: { from: ['closed'], to: 'issued' },
};

export const noticeStateLabels: Readonly<Record<NoticeState, { zh: string; en: string }>> = {
  issued: { zh: '待回复', en: 'awaiting an answer' },
  answered: { zh: '已回复', en: 'answered' },
  closed: { zh: '已办结', en: 'closed' },
};

export const noticeActionLabels: Readonly<Record<NoticeAction | 'issue', { zh: string; en: string }>> = {
  issue: { zh: '下发督办单', en: 'issue the notice' },
  respond: { zh: '回复', en: 'answer' },
  close: { zh: '办结', en: 'close' },
  return: { zh: '退回', en: 'return' },
  reopen: { zh: '重新督办', en: 'reopen' },
};

export function canMoveNotice(state: NoticeState, action: NoticeAction): boolean {
  return noticeTransitions[action].from.includes(state);
}

/** The state `action` takes a notice in `state` to; 409 (zh, en) naming the notice and its state otherwise. */
export function nextNoticeState(state: NoticeState, action: NoticeAction, notice?: { label: string }): NoticeState {
  if (canMoveNotice(state, action)) return noticeTransitions[action].to;
  const allowed = noticeTransitions[action].from.map((from) => noticeStateLabels[from]);
  const who = notice ? `督办单“${notice.label}”` : '该督办单';
  const whoEn = notice ? `the notice “${notice.label}”` : 'the notice';
  throw new AppError(
    'conflict',
    `${who}当前状态为“${noticeStateLabels[state].zh}”，不能${noticeActionLabels[action].zh}（只有“${allowed.map((label) => label.zh).join('”或“')}”的督办单可以）`,
    `${whoEn} is ${noticeStateLabels[state].en}: cannot ${noticeActionLabels[action].en} it (only a notice that is ${allowed.map((label) => label.en).join(' or ')} can)`,
    { state, action },
  );
}
