import { describe, expect, it } from 'vitest';
import { parseAssigneeParam, recentQuarters } from './supervision-periods.ts';
import { supervisionMenuKey, supervisionPaths } from './supervision-paths.ts';

describe('the supervision views’ cycle picker', () => {
  it('starts at the current Beijing quarter and goes back across the year', () => {
    expect(recentQuarters(new Date('2026-12-06T10:00:00Z'), 6)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3']);
  });

  it('is already in the new year at 00:30 on 1 January in Beijing (16:30 UTC the day before)', () => {
    expect(recentQuarters(new Date('2026-12-31T16:30:00Z'), 2)).toEqual(['2027-Q1', '2026-Q4']);
    expect(recentQuarters(new Date('2026-12-31T15:59:00Z'), 1)).toEqual(['2026-Q4']);
  });
});

describe('supervision addresses', () => {
  it('names the assignee of a cycle link and reads it back', () => {
    const path = supervisionPaths.cycle('6f0c', '2026-Q4', { kind: 'unit', id: 'finance-department' });
    expect(path).toBe('/supervision/measures/6f0c/cycles/2026-Q4?as=unit%3Afinance-department');
    expect(parseAssigneeParam(new URL(path, 'http://x').searchParams.get('as'))).toEqual({ kind: 'unit', id: 'finance-department' });
  });

  it('refuses a malformed assignee rather than guessing', () => {
    expect(parseAssigneeParam(null)).toBeUndefined();
    expect(parseAssigneeParam('finance-department')).toBeUndefined();
    expect(parseAssigneeParam('org:640104')).toBeUndefined();
    expect(parseAssigneeParam('area:')).toBeUndefined();
    expect(parseAssigneeParam('area:640104')).toEqual({ kind: 'area', id: '640104' });
  });

  it('selects the menu entry of a supervision page, and none outside', () => {
    expect(supervisionMenuKey('/supervision/workbench')).toBe('supervision-workbench');
    expect(supervisionMenuKey('/supervision/measures/6f0c/cycles/2026-Q4')).toBe('supervision-overview');
    expect(supervisionMenuKey('/supervision/measures/6f0c/cycles/2026-Q4', '?as=unit%3Afinance-department')).toBe('supervision-workbench');
    expect(supervisionMenuKey('/supervisions')).toBeUndefined();
    expect(supervisionMenuKey('/screening')).toBeUndefined();
  });
});
