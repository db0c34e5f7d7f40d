import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/index.ts';
import { canMoveNotice, nextNoticeState, noticeActions, noticeStates, type NoticeAction, type NoticeState } from './notice-states.ts';

const legal: Record<string, NoticeState> = {
  'issued|respond': 'answered',
  'answered|close': 'closed',
  'answered|return': 'issued',
  'closed|reopen': 'issued',
};

describe('the notice state machine (督办单)', () => {
  for (const state of noticeStates) {
    for (const action of noticeActions) {
      const to = legal[`${state}|${action}`];
      it(`${action} from ${state}: ${to ? `→ ${to}` : '409'}`, () => {
        expect(canMoveNotice(state, action)).toBe(to !== undefined);
        if (to) {
          expect(nextNoticeState(state, action)).toBe(to);
          return;
        }
        let error: unknown;
        try {
          nextNoticeState(state, action as NoticeAction, { label: '督办〔2026〕1号·科技成果转化' });
        } catch (thrown) {
          error = thrown;
        }
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('conflict');
        expect((error as AppError).message).toContain('督办单“督办〔2026〕1号·科技成果转化”当前状态为');
        expect((error as AppError).messageEn).toContain('the notice “督办〔2026〕1号·科技成果转化” is');
      });
    }
  }

  it('names the state and the action in both languages', () => {
    expect(() => nextNoticeState('closed', 'respond')).toThrow('该督办单当前状态为“已办结”，不能回复（只有“待回复”的督办单可以）');
    try {
      nextNoticeState('issued', 'close');
    } catch (error) {
      expect((error as AppError).messageEn).toBe('the notice is awaiting an answer: cannot close it (only a notice that is answered can)');
    }
  });
});
