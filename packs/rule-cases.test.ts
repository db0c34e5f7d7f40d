/**
 * Every bundled pack's rule cases (tests/*.yaml), run by the engine as `kechuang pack test` runs
 * them: one test per case, failing with the case's file:line, expected and actual.
 */
import { describe, expect, it } from 'vitest';
import { formatCaseFailure, runRuleCases } from '../src/incentives/index.ts';
import { listPackFolders } from '../src/policy/load-pack.ts';
import { formatPackProblem } from '../src/policy/pack-problem.ts';

for (const dir of listPackFolders(new URL('.', import.meta.url).pathname)) {
  describe(`rule cases of ${dir.split('/').at(-1)}`, () => {
    const run = runRuleCases(dir);
    if (!run.ok) {
      it('loads and lints', () => {
        expect(run.problems.map(formatPackProblem)).toEqual([]);
      });
      return;
    }
    for (const result of run.cases) {
      it(result.name, () => {
        expect(result.ok ? 'ok' : formatCaseFailure(result)).toBe('ok');
      });
    }
  });
}
