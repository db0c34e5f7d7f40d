import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/index.ts';
import { awardActionLabels, awardActions, awardStateLabels, awardStates, awardTransitions, canTransition, nextAwardState, type AwardAction, type AwardState } from './award-states.ts';

/** The legal moves, written out independently of the table. */
const legal: [AwardState, AwardAction, AwardState][] = [
  ['candidate', 'confirm', 'confirmed'],
  ['confirmed', 'announce', 'announced'],
  ['announced', 'raise_objection', 'objection_raised'],
  ['objection_raised', 'dismiss_objection', 'announced'],
  ['objection_raised', 'correct_objection', 'confirmed'],
  ['objection_raised', 'uphold_objection', 'withdrawn'],
  ['announced', 'end_period', 'period_ended'],
  ['period_ended', 'approve', 'approved'],
  ['approved', 'pay', 'paid'],
  ['candidate', 'withdraw', 'withdrawn'],
  ['confirmed', 'withdraw', 'withdrawn'],
  ['announced', 'withdraw', 'withdrawn'],
  ['objection_raised', 'withdraw', 'withdrawn'],
  ['period_ended', 'withdraw', 'withdrawn'],
  ['approved', 'withdraw', 'withdrawn'],
  ['withdrawn', 'reinstate', 'candidate'],
];

describe('the award state machine', () => {
  it.each(legal)('%s --%s--> %s', (from, action, to) => {
    expect(nextAwardState(from, action)).toBe(to);
  });

  const illegal = awardStates.flatMap((state) => awardActions.filter((action) => !legal.some(([from, move]) => from === state && move === action)).map((action) => [state, action] as [AwardState, AwardAction]));

  it('has exactly the legal moves above', () => {
    const table = Object.entries(awardTransitions).flatMap(([action, move]) => move.from.map((from) => [from, action, move.to]));
    expect(table.sort()).toEqual([...legal].sort());
    expect(illegal.length).toBe(awardStates.length * awardActions.length - legal.length);
  });

  it.each(illegal)('refuses %s --%s--> with 409 naming the state and the action', (state, action) => {
    expect(canTransition(state, action)).toBe(false);
    let thrown: unknown;
    try {
      nextAwardState(state, action, { label: '甲公司·首次认定奖补·2025年' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const error = thrown as AppError;
    expect(error.httpStatus).toBe(409);
    expect(error.details).toEqual({ state, action });
    expect(error.message).toContain('甲公司·首次认定奖补·2025年当前状态为');
    expect(error.message).toContain(`当前状态为“${awardStateLabels[state].zh}”，不能${awardActionLabels[action].zh}`);
    expect(error.messageEn).toContain(`is ${awardStateLabels[state].en}: cannot ${awardActionLabels[action].en}`);
  });

  it('keeps paid final; a withdrawn award can only be reinstated as a candidate', () => {
    for (const action of awardActions) {
      expect(canTransition('paid', action)).toBe(false);
      expect(canTransition('withdrawn', action)).toBe(action === 'reinstate');
    }
  });

  it('words a refusal in Chinese and English', () => {
    expect(() => nextAwardState('paid', 'withdraw')).toThrow('该奖励当前状态为“已拨付”，不能撤销');
    try {
      nextAwardState('candidate', 'pay');
    } catch (error) {
      expect((error as AppError).messageEn).toBe('the award is candidate: cannot record the payment (only an award that is approved for payment can)');
    }
  });
});
