import { loadBundledAreas } from '../../areas/index.ts';
import { lintPackRules } from '../../incentives/index.ts';
import { loadPack, formatPackProblem, type LoadPackResult } from '../../policy/index.ts';
import { exitCodes, type Output } from '../output.ts';

/** `kechuang pack lint DIR`: every problem as `file:line: message`; exit 1 if there is any. */
export function packLint(dir: string, options: { json?: boolean }, output: Output): number {
  const areaCodes = new Set(loadBundledAreas().map((area) => area.code));
  const loaded = loadPack(dir, { areaCodes });
  // Every rule expression type-checked against the profile schema (only once the pack itself loads).
  const ruleProblems = loaded.ok ? lintPackRules(dir) : [];
  const result: LoadPackResult = loaded.ok && ruleProblems.length > 0 ? { ok: false, problems: ruleProblems } : loaded;
  if (options.json) {
    output.out(JSON.stringify(result.ok ? { ok: true, pack: result.pack.metadata.id, problems: [] } : { ok: false, problems: result.problems }, null, 2));
  } else if (result.ok) {
    const { pack } = result;
    const measures = pack.tasks.reduce((sum, task) => sum + task.measures.length, 0);
    output.err(`${dir}: ok — ${pack.metadata.id} ${pack.metadata.version}: ${pack.clauses.length} clauses, ${pack.units.length} units, ${pack.indicators.length} indicators, ${pack.targets.length} targets, ${pack.tasks.length} tasks (${measures} measures), ${pack.incentives.length} incentives, ${pack.ruleCases.length} rule cases`);
  } else {
    for (const problem of result.problems) output.err(formatPackProblem(problem));
    output.err(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
  }
  return result.ok ? exitCodes.ok : exitCodes.badInput;
}
