import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPackProblem } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import { presentScheme } from './present-scheme.ts';
import { bundledScheme, loadScheme, readScheme } from './read-scheme.ts';

const problemsOf = (text: string) => readScheme('scheme.yaml', text).problems.map(formatPackProblem);

describe('the bundled scheme', () => {
  it('is 30/30/20/20 out of 100, targets for areas only, and presents each formula in words', () => {
    const scheme = presentScheme(bundledScheme());
    expect(scheme.total).toBe('100.00');
    expect(scheme.source).toBe('src/assessment/data/default-scheme.yaml');
    expect(scheme.criteria.map((criterion) => [criterion.id, criterion.max, criterion.late_fraction, criterion.when_none_due, criterion.applies_to])).toEqual([
      ['reporting', '30.00', '0.5', 'redistribute', ['unit', 'area']],
      ['milestones', '30.00', null, 'redistribute', ['unit', 'area']],
      ['notices', '20.00', '0.5', 'full', ['unit', 'area']],
      ['targets', '20.00', null, 'redistribute', ['area']],
    ]);
    expect(scheme.criteria[0]!.formula.zh).toBe('（按时报送次数 + 逾期报送次数 × 0.5）÷ 应报次数 × 30；未报送计0');
    expect(scheme.not_applicable).toBe('pro_rata');
  });
});

describe('readScheme reports problems at their file and line', () => {
  const valid = [
    'id: test', // 1
    'version: 1', // 2
    'title: { zh: 测试, en: Test }', // 3
    'not_applicable: pro_rata', // 4
    'criteria:', // 5
    '  - id: reporting', // 6
    '    kind: on_time_reporting', // 7
    '    label: { zh: 按时报送, en: Reporting }', // 8
    '    max: 30', // 9
    '    late_fraction: 0.5', // 10
    '    when_none_due: redistribute', // 11
    '  - id: milestones', // 12
    '    kind: milestone_progress', // 13
    '    label: { zh: 节点, en: Milestones }', // 14
    '    max: 70', // 15
    '    when_none_due: full', // 16
  ];
  const edit = (changes: Record<number, string>) => valid.map((line, index) => changes[index + 1] ?? line).join('\n');

  it('accepts the valid file', () => {
    expect(problemsOf(valid.join('\n'))).toEqual([]);
  });

  it('names the line of a wrong value, an unknown field and a missing field', () => {
    expect(problemsOf(edit({ 9: '    max: lots' }))).toEqual(['scheme.yaml:9: criteria[0].max: expected points greater than 0, at most two decimals, such as 30 or 12.5']);
    expect(problemsOf(edit({ 15: '    maximum: 70' }))).toEqual(['scheme.yaml:12: criteria[1].max: missing required field "max"', 'scheme.yaml:15: criteria[1].maximum: unknown field "maximum"']);
    expect(problemsOf(edit({ 10: '    late_fraction: 1.5' }))).toEqual(['scheme.yaml:10: criteria[0].late_fraction: expected a fraction from 0 to 1 with at most four decimals, such as 0.5']);
    expect(problemsOf(edit({ 16: '    when_none_due: sometimes' }))[0]).toMatch(/^scheme\.yaml:16: criteria\[1\]\.when_none_due: /);
  });

  it('names the line of rules the schema cannot see: lateness, a kind twice, targets for units', () => {
    expect(problemsOf(edit({ 10: '    when_none_due: zero', 11: '' }))).toEqual(['scheme.yaml:6: criteria[0]: missing required field "late_fraction" (how much a late report counts, 0 to 1)']);
    expect(problemsOf(edit({ 13: '    kind: on_time_reporting', 16: '    when_none_due: full\n    late_fraction: 0' }))).toEqual(['scheme.yaml:13: criteria[1].kind: kind "on_time_reporting" is used twice (first at criteria[0]): one criterion per kind']);
    expect(problemsOf(edit({ 13: '    kind: indicator_targets', 16: '    when_none_due: full\n    applies_to: [unit, area]' }))).toEqual(['scheme.yaml:17: criteria[1].applies_to: indicator targets are areas’ (a unit has no targets of its own): applies_to may name only area']);
    expect(problemsOf(edit({ 13: '    kind: milestone_progress\n    late_fraction: 0.5' }))).toEqual(['scheme.yaml:14: criteria[1].late_fraction: late_fraction has no meaning for kind "milestone_progress"']);
  });

  it('names the line of a YAML syntax error', () => {
    expect(problemsOf(edit({ 8: '    label: { zh: 按时报送, en: Reporting' }))[0]).toMatch(/^scheme\.yaml:\d+: YAML syntax: /);
  });

  it('refuses to load a broken file with every problem as file:line (422)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scheme-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, edit({ 9: '    max: 0' }));
    let error: unknown;
    try {
      loadScheme(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_pack');
    expect((error as AppError).details).toEqual([`${file}:9: criteria[0].max: expected points greater than 0, at most two decimals, such as 30 or 12.5`]);
  });
});
