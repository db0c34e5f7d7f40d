import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.ts';

const run = runCli;

describe('kechuang import indicators / evaluate (contracts §1, §2, §5)', () => {
  let dir: string;
  let db: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kechuang-cli-indicators-'));
    db = ['--data-dir', join(dir, 'db')];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('evaluates the bundled real data as the contract shapes it', async () => {
    const result = await run('evaluate', '--pack', 'ningxia-2022-st-action', '--as-of', '2023', '--json', ...db);
    expect(result.code).toBe(0);
    const evaluation = JSON.parse(result.stdout) as { pack: string; org: string; as_of: number; targets: Record<string, unknown>[] };
    expect(evaluation).toMatchObject({ pack: 'ningxia-2022-st-action', org: '640000', as_of: 2023 });
    expect(evaluation.targets).toContainEqual(expect.objectContaining({ indicator: 'national_hte', comparator: '>=', target: 500, year: 2025, value: 595, period: '2023', status: 'achieved', progress: 1.19 }));
  });

  it('imports a file all or nothing, exiting 1 with every bad row named', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '\uFEFFindicator,org,period,value,unit,source\ntech_smes,640000,2025,2100,家,ok\nnational_hte,640000,2025,abc,家,\n');
    const refused = await run('import', 'indicators', bad, ...db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('bad.csv:3 value：“abc”不是数字');
    expect(refused.stderr).toContain('nothing was written');

    const good = join(dir, 'good.csv');
    writeFileSync(good, 'indicator,org,period,value,unit,source\ntech_smes,640000,2025,2100,家,统计公报\n');
    expect((await run('import', 'indicators', good, '--dry-run', ...db)).stderr).toContain('dry run: 1 row(s) are valid');
    const imported = await run('import', 'indicators', good, '--json', ...db);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 1, inserted: 1, problems: [] });

    const after = JSON.parse((await run('evaluate', '--pack', 'ningxia-2022-st-action', '--json', ...db)).stdout) as { targets: { indicator: string; status: string; value: number }[] };
    // 突破2000家 (> 2000) reached with 2100 in the target year.
    expect(after.targets.find((target) => target.indicator === 'tech_smes')).toMatchObject({ value: 2100, status: 'achieved' });
  });

  it('prints the first 100 problems of a file with 1,500, caps the JSON report at 1,000 with the total, and writes every one with --problems-out', async () => {
    const bad = join(dir, 'many.csv');
    writeFileSync(bad, ['indicator,org,period,value', ...Array.from({ length: 1_500 }, (_, index) => `gdp,640302,${1_000 + index},abc`)].join('\n'));
    const out = join(dir, 'many-problems.csv');
    const refused = await run('import', 'indicators', bad, '--json', '--problems-out', out, ...db);
    expect(refused.code).toBe(1);
    const report = JSON.parse(refused.stdout) as { problems: unknown[]; problems_total: number; problems_truncated: boolean };
    expect(report.problems).toHaveLength(1_000);
    expect(report).toMatchObject({ problems_total: 1_500, problems_truncated: true });
    const lines = refused.stderr.trim().split('\n');
    expect(lines.filter((line) => line.startsWith('many.csv:'))).toHaveLength(100);
    expect(refused.stderr).toContain('… 1400 more problem(s) not shown');
    expect(refused.stderr).toContain(`every problem (1500) written to ${out}`);
    const written = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(written).toHaveLength(1_501);
    expect(written.at(-1)).toContain('many.csv:1501 value：“abc”不是数字');
    // Without the option, the way to the full list is named.
    expect((await run('import', 'indicators', bad, '--dry-run', ...db)).stderr).toContain('--problems-out FILE writes every one as CSV');
  });

  it('refuses a missing file and a bad year', async () => {
    expect((await run('import', 'indicators', join(dir, 'none.csv'), ...db)).code).toBe(1);
    expect((await run('evaluate', '--pack', 'ningxia-2022-st-action', '--as-of', 'soon', ...db)).code).toBe(1);
    expect((await run('evaluate', '--pack', 'no-such-pack', ...db)).code).toBe(1);
  });
});
