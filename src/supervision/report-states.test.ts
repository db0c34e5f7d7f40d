import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/index.ts';
import { canMoveReport, nextReportState, reportActions, reportTransitions, submitActionOf } from './report-states.ts';
import { reportStates } from './supervision-vocabulary.ts';

/** Every (state, action) pair of the report state machine: the legal ones move, the others are 409 naming the state. */
describe('the report state machine', () => {
  const report = { label: '财政厅2026-Q4报告', revision: 1 };
  const legal: Record<string, string> = {
    'draft|save': 'draft',
    'returned|save': 'returned',
    'draft|submit': 'submitted',
    'returned|resubmit': 'submitted',
    'submitted|approve': 'approved',
    'submitted|return': 'returned',
  };

  for (const state of reportStates) {
    for (const action of reportActions) {
      const to = legal[`${state}|${action}`];
      it(`${action} from ${state}: ${to ?? '409'}`, () => {
        expect(canMoveReport(state, action)).toBe(to !== undefined);
        if (to) {
          expect(nextReportState(state, action, report).state).toBe(to);
        } else {
          let error: unknown;
          try {
            nextReportState(state, action, report);
          } catch (thrown) {
            error = thrown;
          }
          expect(error).toBeInstanceOf(AppError);
          expect(error).toMatchObject({ code: 'conflict', details: { state, action } });
          expect((error as AppError).message).toContain('财政厅2026-Q4报告当前状态为');
          expect((error as AppError).messageEn).toContain(`is ${state}`);
        }
      });
    }
  }

  it('raises the revision on resubmission only, and says an approved report is locked', () => {
    expect(nextReportState('returned', 'resubmit', report)).toEqual({ state: 'submitted', revision: 2 });
    expect(nextReportState('draft', 'submit', report)).toEqual({ state: 'submitted', revision: 1 });
    expect(nextReportState('submitted', 'return', { ...report, revision: 3 })).toEqual({ state: 'returned', revision: 3 });
    expect(() => nextReportState('approved', 'save', report)).toThrow(/已锁定/);
    expect(submitActionOf('returned')).toBe('resubmit');
    expect(submitActionOf('draft')).toBe('submit');
    expect(Object.keys(reportTransitions)).toEqual([...reportActions]);
  });
});
