import { describe, expect, it } from 'vitest';
import { today } from '../../shared/index.ts';
import { addDays, cycleOf, currentCycle } from '../../supervision/index.ts';
import type { Output } from '../output.ts';
import { supervisionReminders } from './supervision-reminders.ts';

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (text) => lines.push(text), err: (text) => errors.push(text) };
}

describe('kechuang supervision reminders', () => {
  it('prints the reports due within 7 days of the date, and refuses a malformed date', async () => {
    const output = capture();
    // Supervision starts (is seeded) with the quarterly cycle current today; five days before it is due, every assignee is reminded of it.
    const cycle = cycleOf(currentCycle('quarterly', today(new Date())).period);
    const date = addDays(cycle.due_on, -5);
    expect(await supervisionReminders({ date, json: true }, { dataDir: 'memory://' }, output)).toBe(0);
    const answer = JSON.parse(output.lines.join('\n')) as { date: string; reminders: { kind: string; period: string; due_date: string }[] };
    expect(answer.date).toBe(date);
    expect(answer.reminders.length).toBeGreaterThan(100);
    expect(answer.reminders.every((reminder) => reminder.kind === 'due_soon' && reminder.due_date === cycle.due_on)).toBe(true);
    const bad = capture();
    expect(await supervisionReminders({ date: '2027-13-45' }, { dataDir: 'memory://' }, bad)).toBe(2);
    expect(bad.errors[0]).toContain('--date');
  });
});
