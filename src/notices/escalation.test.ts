import { describe, expect, it } from 'vitest';
import { escalationDates, escalationOf } from './escalation.ts';

// 2026-12-04 is a Friday, 2026-12-07 a Monday.
describe('escalation schedule (working days, Beijing dates)', () => {
  it('a Friday deadline: reminded Thursday, level 1 on Monday, level 2 on Thursday', () => {
    expect(escalationDates('2026-12-04')).toEqual({ reminder_on: '2026-12-03', level1_on: '2026-12-07', level2_on: '2026-12-10' });
    const notice = { state: 'issued', deadline: '2026-12-04' };
    expect(escalationOf(notice, '2026-12-02')).toMatchObject({ level: 0, overdue: false, stage: null });
    expect(escalationOf(notice, '2026-12-03')).toMatchObject({ level: 0, overdue: false, stage: 'reminder' });
    expect(escalationOf(notice, '2026-12-04')).toMatchObject({ level: 0, overdue: false, stage: 'reminder' });
    // The weekend after the deadline: overdue, but escalation waits for the first working day.
    expect(escalationOf(notice, '2026-12-05')).toMatchObject({ level: 0, overdue: true, stage: null });
    expect(escalationOf(notice, '2026-12-06')).toMatchObject({ level: 0, overdue: true, stage: null });
    expect(escalationOf(notice, '2026-12-07')).toMatchObject({ level: 1, overdue: true, stage: 'level1' });
    expect(escalationOf(notice, '2026-12-09')).toMatchObject({ level: 1, overdue: true, stage: 'level1' });
    expect(escalationOf(notice, '2026-12-10')).toMatchObject({ level: 2, overdue: true, stage: 'level2' });
    expect(escalationOf(notice, '2027-03-01')).toMatchObject({ level: 2, overdue: true, stage: 'level2' });
  });

  it('a Monday deadline: reminded the Friday before, level 1 on Tuesday, level 2 on Friday', () => {
    expect(escalationDates('2026-12-07')).toEqual({ reminder_on: '2026-12-04', level1_on: '2026-12-08', level2_on: '2026-12-11' });
    const notice = { state: 'issued', deadline: '2026-12-07' };
    expect(escalationOf(notice, '2026-12-03')).toMatchObject({ level: 0, stage: null });
    expect(escalationOf(notice, '2026-12-04')).toMatchObject({ level: 0, stage: 'reminder' });
    expect(escalationOf(notice, '2026-12-05')).toMatchObject({ level: 0, stage: 'reminder', overdue: false });
    expect(escalationOf(notice, '2026-12-07')).toMatchObject({ level: 0, stage: 'reminder', overdue: false });
    expect(escalationOf(notice, '2026-12-08')).toMatchObject({ level: 1, stage: 'level1', overdue: true });
    expect(escalationOf(notice, '2026-12-10')).toMatchObject({ level: 1, stage: 'level1' });
    expect(escalationOf(notice, '2026-12-11')).toMatchObject({ level: 2, stage: 'level2' });
  });

  it('a Wednesday deadline: level 2 falls across the weekend on Tuesday', () => {
    expect(escalationDates('2026-12-09')).toEqual({ reminder_on: '2026-12-08', level1_on: '2026-12-10', level2_on: '2026-12-15' });
    expect(escalationOf({ state: 'issued', deadline: '2026-12-09' }, '2026-12-14')).toMatchObject({ level: 1 });
    expect(escalationOf({ state: 'issued', deadline: '2026-12-09' }, '2026-12-15')).toMatchObject({ level: 2 });
  });

  it('answered and closed notices never escalate', () => {
    for (const state of ['answered', 'closed']) {
      expect(escalationOf({ state, deadline: '2026-12-04' }, '2027-01-01')).toMatchObject({ level: 0, overdue: false, stage: null });
    }
  });
});
