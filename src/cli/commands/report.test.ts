/** `kechuang report`: a background report made at once and written to a file, on both databases. */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliDatabase, runCli } from '../../../test/cli.ts';
import { databaseTargets } from '../../../test/databases.ts';
import type { Output } from '../output.ts';
import { parseReportParams, report } from './report.ts';

const capture = () => {
  const lines = { out: '', err: '' };
  const output: Output = { out: (text) => (lines.out += `${text}\n`), err: (text) => (lines.err += `${text}\n`) };
  return { lines, output };
};

describe('kechuang report: arguments', () => {
  it('reads name=value parameters and refuses anything else', () => {
    expect(parseReportParams(['year=2024', 'org=640100'])).toEqual({ year: '2024', org: '640100' });
    expect(parseReportParams(['year'])).toBe('--param: expected name=value, got "year"');
  });

  it('names the known kinds for an unknown one (exit 2), before opening any database', async () => {
    const result = await runCli('report', 'nothing', '--out', join(tmpdir(), 'never.xlsx'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown report "nothing"; known: evaluation.report, evaluation.workbook, fiscal.overview');
  });
});

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`kechuang report on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const cli = cliDatabase(target, 'kechuang-report-');

    it('writes the final-evaluation report, and refuses a bad parameter naming it (an AppError: exit 1 through main)', async () => {
      const out = join(cli.folder, 'report.docx');
      const { lines, output } = capture();
      expect(await report('evaluation.report', { param: ['pack=ningxia-2022-st-action'], out }, cli.options, output)).toBe(0);
      expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
      expect(lines.out).toContain('终期评估报告（Word）');
      const bad = capture();
      await expect(report('fiscal.overview', { param: ['year=soon'], out: join(cli.folder, 'x.xlsx') }, cli.options, bad.output)).rejects.toThrow('params.year');
    });
  });
}
