/** `kechuang index run`: a composite index from a spec over a CSV, or over the store's approved values. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliDatabase, runCli } from '../../../test/cli.ts';
import { databaseTargets } from '../../../test/databases.ts';
import { indexRun } from './index-run.ts';

const eisCsv = fileURLToPath(new URL('../../innovation-index/data/eis2025/eis2025_wide.csv', import.meta.url));

describe('kechuang index run', () => {
  it('runs a bundled spec over a CSV: --json prints one JSON document with every score', async () => {
    const result = await runCli('index', 'run', 'eis-2025', '--csv', eisCsv, '--json');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as { spec: { id: string }; years: number[]; scores: { unit: string; year: number; relative: number; group: string | null; nodes: Record<string, number | null> }[] };
    expect(document.spec.id).toBe('eis-2025');
    expect(document.scores).toHaveLength(320);
    const sweden = document.scores.find((score) => score.unit === 'SE' && score.year === 2025);
    expect(sweden?.relative).toBeCloseTo(155.456409603317, 9);
    expect(sweden?.group).toBe('leader');
    expect(Object.keys(sweden?.nodes ?? {})).toContain('dim_1.1');
  });

  it('writes every stage and the scores as CSV with --stages, and prints the ranking without --json', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'index-run-')), 'stages');
    const result = await runCli('index', 'run', 'eis-2025', '--csv', eisCsv, '--stages', dir);
    expect(result.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['denominated.csv', 'imputed.csv', 'normalised.csv', 'raw.csv', 'scores.csv', 'treated.csv']);
    expect(readFileSync(join(dir, 'normalised.csv'), 'utf8').split('\n')[0]).toMatch(/^unit,name,year,ind_1\.1\.1,/);
    expect(readFileSync(join(dir, 'scores.csv'), 'utf8').split('\n')[0]).toMatch(/^unit,name,year,score,relative,rank,group,sii,group_1,dim_1\.1,/);
    expect(result.stdout).toMatch(/^ {3}1 {2}CH Switzerland/m);
  });

  it('runs the sensitivity analysis for a year on request', async () => {
    const result = await runCli('index', 'run', 'eis-2025', '--csv', eisCsv, '--sensitivity', '2024', '--json');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as { sensitivity: { year: number; dropped: unknown[]; perturbed: unknown[] } };
    expect(document.sensitivity.year).toBe(2024);
    expect(document.sensitivity.dropped).toHaveLength(32);
    expect(document.sensitivity.perturbed).toHaveLength(40);
  });

  it('exits 1 naming file:line and column for a bad CSV cell, and for a bad spec', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'index-run-'));
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, readFileSync(eisCsv, 'utf8').replace(/^(AL,Albania,non-eu,2018,)7\.5327254550700102/m, '$1seven'));
    const bad = await runCli('index', 'run', 'eis-2025', '--csv', csv);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${csv}:2: column "ind_1.1.1": "seven" is not a number`);
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, 'id: x\nversion: 0\n');
    const badSpec = await runCli('index', 'run', spec, '--csv', eisCsv);
    expect(badSpec.code).toBe(1);
    expect(badSpec.stderr).toContain(`${spec}:2: version:`);
  });

  it('runs a bundled CSV spec over the data bundled with it when no --csv is given', async () => {
    const result = await runCli('index', 'run', 'eis-2025');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2025: rank {2}unit {2}score {2}relative {2}group\n {3}1 {2}CH Switzerland {2}0\.\d+ {2}157\.37 {2}leader/);
  });

  it('exits 2 on usage errors: an unknown spec, a CSV spec with no data bundled and no --csv', async () => {
    const unknown = await runCli('index', 'run', 'no-such-spec');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('bundled: eis-2025');
    const dir = mkdtempSync(join(tmpdir(), 'index-run-'));
    const lone = join(dir, 'lone.yaml');
    writeFileSync(lone, readFileSync(fileURLToPath(new URL('../../innovation-index/data/eis-2025.yaml', import.meta.url)), 'utf8'));
    const csv = await runCli('index', 'run', lone);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('reads a CSV and none is bundled with it: give it with --csv FILE');
    expect(csv.stdout).toBe('');
    rmSync(dir, { recursive: true, force: true });
  });

});

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`kechuang index run over the store on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const cli = cliDatabase(target, 'kechuang-index-');

    it('reads a store spec from the store: the approved published values of the region', async () => {
      let stdout = '';
      let stderr = '';
      const output = { out: (text: string) => (stdout += `${text}\n`), err: (text: string) => (stderr += `${text}\n`) };
      expect(await indexRun('ningxia-areas', { json: true }, cli.options, output)).toBe(0);
      expect(stderr).toBe('');
      const body = JSON.parse(stdout) as { years: number[]; scores: { unit: string; year: number; score: number | null; relative: number | null }[] };
      expect(body.years).toContain(2020);
      const region2020 = body.scores.find((score) => score.unit === '640000' && score.year === 2020)!;
      expect(region2020.score).not.toBeNull();
      expect(region2020.relative).toBeCloseTo(100, 9);
    }, 120_000);
  });
}
