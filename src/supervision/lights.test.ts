import { describe, expect, it } from 'vitest';
import { today } from '../shared/index.ts';
import { currentCycle, cycleOf, cyclesBetween, periodContaining } from './cycles.ts';
import { expectedPercent, lightOf, type LightInput } from './lights.ts';

/** The cycle and light rules at their boundaries, in Beijing dates (docs/supervision.md, "Lights"). */
describe('reporting cycles', () => {
  it('opens each cycle on the first day of its period and makes it due on day 10 of the month after', () => {
    expect(cycleOf('2026-Q1')).toMatchObject({ period_label: '2026年第一季度', opens_on: '2026-01-01', ends_on: '2026-03-31', due_on: '2026-04-10' });
    expect(cycleOf('2026-Q4')).toMatchObject({ opens_on: '2026-10-01', due_on: '2027-01-10' });
    expect(cycleOf('2026-M02')).toMatchObject({ period_label: '2026年2月', ends_on: '2026-02-28', due_on: '2026-03-10' });
    expect(cycleOf('2028-M02').ends_on).toBe('2028-02-29');
    expect(cycleOf('2026-H2', 15)).toMatchObject({ period_label: '2026年下半年', opens_on: '2026-07-01', due_on: '2027-01-15' });
    // Named in English too (the pages used to show the Chinese name in English).
    expect(['2026-Q1', '2026-M02', '2026-H2', '2026'].map((period) => cycleOf(period).period_label_en)).toEqual(['Q1 2026', 'February 2026', 'H2 2026', '2026']);
    expect(cycleOf('2026')).toMatchObject({ period_label: '2026年', opens_on: '2026-01-01', due_on: '2027-01-10' });
    expect(() => cycleOf('2026-Q5')).toThrow(/2026-Q5/);
  });

  it('takes as current the earliest open cycle not yet past due', () => {
    expect(currentCycle('quarterly', '2027-01-10').period).toBe('2026-Q4');
    expect(currentCycle('quarterly', '2027-01-11').period).toBe('2027-Q1');
    expect(currentCycle('monthly', '2026-12-04').period).toBe('2026-M11');
    expect(currentCycle('yearly', '2026-06-01').period).toBe('2026');
    expect(periodContaining('half_yearly', '2026-06-30')).toBe('2026-H1');
    expect(cyclesBetween('quarterly', '2026-10-01', '2027-04-01').map((cycle) => cycle.period)).toEqual(['2026-Q4', '2027-Q1', '2027-Q2']);
  });

  it('reads "today" in Beijing: 16:30 UTC on 10 January is already the 11th, past due', () => {
    expect(today(new Date('2027-01-10T15:59:59Z'))).toBe('2027-01-10');
    expect(today(new Date('2027-01-10T16:00:00Z'))).toBe('2027-01-11');
  });
});

describe('the lights', () => {
  const cycle = cycleOf('2026-Q4');
  const base: LightInput = { today: '2026-11-01', closed: false, cycle, state: null, status: null, percent: null, expectedPercent: 0, deadline: null, milestoneMissed: false };
  const at = (day: string, extra: Partial<LightInput> = {}) => lightOf({ ...base, today: day, ...extra });

  it('is blue from 7 days before the due date through the due date, red the day after, while not submitted', () => {
    expect(at('2027-01-02')).toBe('green');
    expect(at('2027-01-03')).toBe('blue');
    expect(at('2027-01-09')).toBe('blue');
    expect(at('2027-01-10')).toBe('blue');
    expect(at('2027-01-11')).toBe('red');
    expect(at('2027-01-11', { state: 'draft' })).toBe('red');
    expect(at('2027-01-11', { state: 'returned' })).toBe('red');
    expect(at('2027-01-11', { state: 'submitted' })).toBe('green');
    expect(at('2027-01-10', { state: 'approved' })).toBe('green');
  });

  it('is yellow when behind 序时进度 by more than the tolerance: exactly 10 points is not yellow, 11 is', () => {
    expect(at('2026-11-01', { percent: 50, expectedPercent: 60 })).toBe('green');
    expect(at('2026-11-01', { percent: 49, expectedPercent: 60 })).toBe('yellow');
    expect(at('2026-11-01', { status: 'behind', percent: 90, expectedPercent: 60 })).toBe('yellow');
    expect(at('2026-11-01', { milestoneMissed: true })).toBe('yellow');
    // Red outranks yellow, yellow outranks blue.
    expect(at('2027-01-11', { status: 'behind' })).toBe('red');
    expect(at('2027-01-05', { status: 'behind' })).toBe('yellow');
  });

  it('is red the day after the measure’s deadline unless done, and grey when closed or not yet open', () => {
    expect(at('2026-11-30', { deadline: '2026-11-30', state: 'submitted', status: 'on_schedule' })).toBe('green');
    expect(at('2026-12-01', { deadline: '2026-11-30', state: 'submitted', status: 'on_schedule' })).toBe('red');
    expect(at('2026-12-01', { deadline: '2026-11-30', state: 'submitted', status: 'done' })).toBe('green');
    expect(at('2027-01-11', { closed: true })).toBe('grey');
    expect(lightOf({ ...base, today: '2026-09-30', cycle })).toBe('grey');
    expect(lightOf({ ...base, today: '2026-10-01', cycle })).toBe('green');
  });

  it('computes 序时进度 as the whole share of the year (or of the span to the deadline) elapsed, both ends counted', () => {
    expect(expectedPercent('2026-01-01', { deadline: null, spanStartYear: 2026 })).toBe(0);
    expect(expectedPercent('2026-12-31', { deadline: null, spanStartYear: 2026 })).toBe(100);
    // 1 July is day 182 of 365: 49.86 → 49.
    expect(expectedPercent('2026-07-01', { deadline: null, spanStartYear: 2026 })).toBe(49);
    // To a deadline of 30 June 2027 (546 days from 1 January 2026): on 31 December 2026, 365/546 = 66.8 → 66.
    expect(expectedPercent('2026-12-31', { deadline: '2027-06-30', spanStartYear: 2026 })).toBe(66);
    expect(expectedPercent('2027-07-01', { deadline: '2027-06-30', spanStartYear: 2026 })).toBe(100);
  });
});
