import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/index.ts';
import { parseIndexCsv } from './read-index-csv.ts';
import { bundledIndexSpecs, parseIndexSpec, readIndexSpec, resolveIndexSpec } from './read-index-spec.ts';

const valid = `id: tiny
version: 1
title: { zh: 小指数, en: Tiny index }
input: csv
csv: { unit: code, name: name, year: year, group: city }
indicators:
  - { code: a, name: { zh: 甲, en: A } }
  - { code: b, name: { zh: 乙, en: B }, direction: -1, weight: 2, denominator: { code: pop, scale: 10000 } }
tree:
  id: root
  name: { zh: 总指数, en: Index }
  children:
    - { id: p1, name: { zh: 支柱一, en: Pillar 1 }, children: [a, { indicator: b, weight: 3 }] }
steps:
  denominate: true
  impute: group_mean
  outliers: coinr
  normalise: { method: minmax, low: 0, high: 100, over: panel }
`;

const problemsOf = (text: string) => parseIndexSpec('spec.yaml', text).problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`);

describe('readIndexSpec', () => {
  it('reads a valid spec with its defaults', () => {
    const { spec, problems } = parseIndexSpec('spec.yaml', valid);
    expect(problems).toEqual([]);
    expect(spec?.indicators.map((indicator) => [indicator.code, indicator.direction, indicator.weight, indicator.line])).toEqual([
      ['a', 1, 1, 7],
      ['b', -1, 2, 8],
    ]);
    expect(spec?.tree.children[0]).toMatchObject({ id: 'p1', line: 13, children: [{ indicator: 'a', weight: 1 }, { indicator: 'b', weight: 3 }] });
    expect(spec?.steps.outliers).toEqual({ skewness: 2, kurtosis: 3.5, max_share: 0.1, log_fallback: true });
    expect(spec?.steps.aggregate).toBe('arithmetic');
    expect(spec?.levels).toEqual(['city', 'county']);
    expect(spec?.sensitivity).toEqual({ weight_spread: 0.25, runs: 200, seed: 2025 });
  });

  it('reports every problem as file:line: message', () => {
    const broken = valid
      .replace('direction: -1', 'direction: 2')
      .replace('children: [a, { indicator: b, weight: 3 }]', 'children: [a, c]')
      .replace('over: panel }', 'over: panel, extra: 1 }');
    expect(problemsOf(broken)).toEqual([
      'spec.yaml:8: indicators[1].direction: expected 1 (more is better) or -1 (less is better)',
      'spec.yaml:18: steps.normalise.extra: unknown field "extra"',
    ]);
    const unknownChild = valid.replace('children: [a, { indicator: b, weight: 3 }]', 'children: [a, c]');
    expect(problemsOf(unknownChild)).toEqual(['spec.yaml:8: indicators[1].code: indicator "b" is not in the tree', 'spec.yaml:13: tree.children[0].children[1]: unknown indicator "c" (not in indicators)']);
    const noGoalpost = valid.replace('{ method: minmax, low: 0, high: 100, over: panel }', '{ method: goalpost }');
    expect(problemsOf(noGoalpost)).toEqual([
      'spec.yaml:7: indicators[0]: missing required field "goalpost" (normalise: goalpost needs a goalpost for every indicator)',
      'spec.yaml:8: indicators[1]: missing required field "goalpost" (normalise: goalpost needs a goalpost for every indicator)',
    ]);
    const badGroups = `${valid}groups:\n  reference: X\n  groups:\n    - { id: hi, name: { zh: 高, en: High }, above: 1 }\n    - { id: mid, name: { zh: 中, en: Mid }, above: 1.2 }\n    - { id: lo, name: { zh: 低, en: Low }, above: 0.5 }\n`;
    expect(problemsOf(badGroups)).toEqual([
      'spec.yaml:23: groups.groups[1].above: thresholds must go down: 1.2 is not below 1',
      'spec.yaml:24: groups.groups[2].above: the last group takes every other unit: above must be null',
    ]);
    expect(problemsOf(valid.replace('version: 1\n', ''))).toEqual(['spec.yaml:1: version: missing required field "version"']);
    expect(problemsOf('id: [unclosed')).toHaveLength(1);
    expect(problemsOf('id: [unclosed')[0]).toMatch(/^spec\.yaml:1: YAML syntax/);
  });

  it('throws invalid_pack listing the problems, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'index-spec-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, valid.replace('weight: 2', 'weight: -2'));
    try {
      readIndexSpec(file);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_pack');
      expect((error as AppError).details).toEqual([`${file}:8: indicators[1].weight: expected a number of at least 0`]);
    }
    expect(() => readIndexSpec(join(dir, 'absent.yaml'))).toThrow(AppError);
  });

  it('ships valid specs, found by id', () => {
    const ids = bundledIndexSpecs().map((entry) => entry.id);
    expect(ids).toEqual(expect.arrayContaining(['eis-2025', 'ningxia-areas', 'ningxia-targets-2025']));
    for (const entry of bundledIndexSpecs()) expect(readIndexSpec(entry.file).id).toBe(entry.id);
    expect(resolveIndexSpec('eis-2025').indicators).toHaveLength(32);
  });
});

describe('readIndexCsv', () => {
  const spec = parseIndexSpec('spec.yaml', valid).spec;
  if (!spec) throw new Error('the test spec is invalid');

  it('reads units × years, missing cells as NaN, sources as file:line', () => {
    const table = parseIndexCsv('in.csv', 'code,name,year,city,a,b,pop,other\n640100,银川市,2024,640100,1.5,,10,x\n640100,银川市,2025,640100,2,3,10,x\n640104,兴庆区,2025,640100,4,5,"1,0",\n'.replace('"1,0"', '1'), spec);
    expect(table.units).toEqual([
      { code: '640100', name: { zh: '银川市', en: '银川市' }, group: '640100' },
      { code: '640104', name: { zh: '兴庆区', en: '兴庆区' }, group: '640100' },
    ]);
    expect(table.years).toEqual([2024, 2025]);
    expect(table.columns).toEqual(['a', 'b', 'pop']);
    expect(Array.from(table.values)).toEqual([1.5, Number.NaN, 10, 2, 3, 10, Number.NaN, Number.NaN, Number.NaN, 4, 5, 1]);
    expect(table.sources.get(0)).toBe('in.csv:2');
    expect(table.sources.get(9)).toBe('in.csv:4');
  });

  it('reads a BOM, CRLF line ends and quoted fields (commas, quotes, line breaks), counting lines right', () => {
    const text = '\ufeffcode,name,year,city,a,b,pop\r\n640100,"银川市, ""首府""",2024,640100,1,2,3\r\n640104,"兴庆\n区",2024,640100,4,5,6\r\n640105,西夏区,2024,640100,x,5,6\r\n';
    try {
      parseIndexCsv('q.csv', text, spec);
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).details).toEqual(['q.csv:5: column "a": "x" is not a number']);
    }
    const table = parseIndexCsv('q.csv', text.replace(',x,', ',7,'), spec);
    expect(table.units.map((unit) => unit.name.zh)).toEqual(['银川市, "首府"', '兴庆\n区', '西夏区']);
    expect(table.sources.get(6)).toBe('q.csv:5');
  });

  it('names file:line and column for every bad cell and missing column', () => {
    const bad = () => parseIndexCsv('in.csv', 'code,name,year,city,a,b,pop\n640100,银川市,2024,640100,x,1,10\n640100,银川市,20x5,640100,1,1,10\n640100,银川市,2024,640100,1,1,10\n', spec);
    expect(bad).toThrow(AppError);
    try {
      bad();
    } catch (error) {
      expect((error as AppError).details).toEqual(['in.csv:2: column "a": "x" is not a number', 'in.csv:3: column "year": "20x5" is not a year such as 2024', 'in.csv:4: column "code": 640100 2024 is already on line 2']);
    }
    try {
      parseIndexCsv('in.csv', 'code,name,year,a\n', spec);
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).details).toEqual(['in.csv:1: column "city": missing (the spec tiny needs it)', 'in.csv:1: column "b": missing (the spec tiny needs it)', 'in.csv:1: column "pop": missing (the spec tiny needs it)']);
    }
  });
});
