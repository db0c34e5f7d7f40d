import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPack } from './load-pack.ts';
import { formatPackProblem } from './pack-problem.ts';

const minimalPack = new URL('./fixtures/minimal', import.meta.url).pathname;
const areaCodes = new Set(['100000', '640000', '640100', '640104']);
const folders: string[] = [];

/** A copy of the minimal pack with one text replacement in one file: a broken fixture, as a diff. */
function brokenPack(file: string, from: string, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kechuang-pack-'));
  folders.push(dir);
  cpSync(minimalPack, dir, { recursive: true });
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`fixture ${file} has no "${from}"`);
  writeFileSync(path, text.replace(from, to));
  return dir;
}

function problemsOf(dir: string): string[] {
  const result = loadPack(dir, { areaCodes });
  if (result.ok) return [];
  return result.problems.map((problem) => formatPackProblem({ ...problem, file: problem.file.slice(dir.length + 1) }));
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadPack', () => {
  it('loads the minimal pack with clauses sorted and defaults applied', () => {
    const result = loadPack(minimalPack, { areaCodes });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pack.metadata.id).toBe('minimal-pack');
    expect(result.pack.clauses.map((clause) => clause.number)).toEqual([1, 2]);
    expect(result.pack.indicators[0]?.period_type).toBe('year');
    expect(result.pack.tasks[0]?.measures[1]?.co_units).toEqual([]);
    expect(result.pack.ruleCases).toHaveLength(1);
  });

  // One broken fixture per error class; each must name the file and the line of the mistake.
  const cases: { name: string; file: string; from: string; to: string; expected: string }[] = [
    { name: 'unknown unit id', file: 'tasks.yaml', from: 'co_units: [finance-department, all', to: 'co_units: [finance-dept, all', expected: 'tasks.yaml:6: tasks[0].co_units[0]: unknown unit id "finance-dept"' },
    { name: 'target on an unknown indicator', file: 'targets.yaml', from: 'indicator: national_hte', to: 'indicator: national_htes', expected: 'targets.yaml:3: targets[0].indicator: unknown indicator code "national_htes"' },
    { name: 'formula naming an unknown code', file: 'indicators.yaml', from: 'formula: rd_expenditure / gdp', to: 'formula: rd_spending / gdp', expected: 'indicators.yaml:9: indicators[3].formula: formula of "rd_intensity": unknown indicator code "rd_spending"' },
    { name: 'cycle among formulas', file: 'indicators.yaml', from: '{ code: gdp, name: 地区生产总值, unit: 亿元, aggregation: sum }', to: '{ code: gdp, name: 地区生产总值, unit: 亿元, aggregation: formula, formula: rd_expenditure / rd_intensity * 100.0 }', expected: 'indicators.yaml:4: indicators[2].formula: formulas form a cycle: gdp → rd_intensity → gdp' },
    { name: 'missing clause citation', file: 'targets.yaml', from: '    clause: 1\n    text: 高新技术企业达到50家', to: '    text: 高新技术企业达到50家', expected: 'targets.yaml:2: targets[0].clause: missing required field "clause"' },
    { name: 'unknown clause citation', file: 'incentives.yaml', from: 'clause: 2', to: 'clause: 9', expected: 'incentives.yaml:3: incentives[0].clause: cites unknown clause 9' },
    { name: 'duplicate id', file: 'tasks.yaml', from: 'id: m-02-02', to: 'id: m-02-01', expected: 'tasks.yaml:13: tasks[0].measures[1].id: duplicate measure id "m-02-01"' },
    { name: 'wrong type', file: 'targets.yaml', from: 'value: 50', to: 'value: fifty', expected: 'targets.yaml:5: targets[0].value: Invalid input: expected number, received string' },
    { name: 'unknown field', file: 'pack.yaml', from: 'region: "640000"', to: 'region: "640000"\nregoin: x', expected: 'pack.yaml:11: regoin: unknown field "regoin"' },
    { name: 'YAML syntax error', file: 'units.yaml', from: 'short_name: 科技厅', to: 'short_name: [科技厅', expected: 'units.yaml:' },
    { name: 'unknown area code', file: 'units.yaml', from: 'area: "640104"', to: 'area: "640199"', expected: 'units.yaml:21: units[3].area: unknown area code "640199"' },
    { name: 'measure unit outside the task list', file: 'tasks.yaml', from: '        co_units: [finance-department]', to: '        co_units: [gov-640100]', expected: 'tasks.yaml:12: tasks[0].measures[0].co_units[0]: unit "gov-640100" is not in the responsibility list of task "task-02"' },
    { name: 'missing file', file: 'pack.yaml', from: 'id: minimal-pack', to: 'id: minimal-pack', expected: '' },
  ];

  for (const testCase of cases.filter((c) => c.expected !== '')) {
    it(`reports ${testCase.name} at its line`, () => {
      const problems = problemsOf(brokenPack(testCase.file, testCase.from, testCase.to));
      expect(problems.find((problem) => problem.startsWith(testCase.expected)) ?? problems).toEqual(expect.stringContaining(testCase.expected));
    });
  }

  it('names a missing field by the issue, not by zod\'s wording: the same report with zod speaking Chinese', () => {
    const dir = brokenPack('targets.yaml', '    clause: 1\n    text: 高新技术企业达到50家', '    text: 高新技术企业达到50家');
    z.config(z.locales.zhCN());
    try {
      expect(problemsOf(dir)).toContain('targets.yaml:2: targets[0].clause: missing required field "clause"');
    } finally {
      z.config(z.locales.en());
    }
  });

  it('tells a field given as null from a missing one', () => {
    const problems = problemsOf(brokenPack('targets.yaml', '    clause: 1\n    text: 高新技术企业达到50家', '    clause: null\n    text: 高新技术企业达到50家'));
    expect(problems.find((problem) => problem.includes('targets[0].clause'))).toMatch(/targets\[0\]\.clause: Invalid input: expected number, received null$/);
  });

  it('reports a missing file', () => {
    const dir = brokenPack('pack.yaml', 'id:', 'id:');
    rmSync(join(dir, 'clauses.yaml'));
    expect(problemsOf(dir)).toContain('clauses.yaml:0: missing file clauses.yaml');
  });

  it('loads a pack of clauses and incentives only (a national pack: no units, indicators, targets or tasks)', () => {
    const dir = brokenPack('pack.yaml', 'id:', 'id:');
    for (const file of ['units.yaml', 'indicators.yaml', 'targets.yaml', 'tasks.yaml']) rmSync(join(dir, file));
    const result = loadPack(dir, { areaCodes });
    expect(result.ok ? [] : result.problems.map(formatPackProblem)).toEqual([]);
    if (!result.ok) return;
    expect(result.pack).toMatchObject({ units: [], indicators: [], targets: [], tasks: [] });
    expect(result.pack.incentives.length).toBeGreaterThan(0);
  });

  it('reports every problem, not just the first', () => {
    const dir = brokenPack('targets.yaml', 'indicator: national_hte', 'indicator: nope');
    writeFileSync(join(dir, 'incentives.yaml'), readFileSync(join(dir, 'incentives.yaml'), 'utf8').replace('clause: 2', 'clause: 7'));
    expect(problemsOf(dir)).toHaveLength(2);
  });

  it('refuses a folder that does not exist', () => {
    const result = loadPack('/nonexistent/pack');
    expect(result.ok).toBe(false);
  });
});
