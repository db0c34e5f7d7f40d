import { writeFileSync } from 'node:fs';
import { AppError, capReport, problemsCsv, type ReportedProblem } from '../shared/index.ts';
import type { Output } from './output.ts';

/** How many problems an import prints on stderr; `--problems-out FILE` writes every one. */
export const printedProblems = 100;

/**
 * The problems of an import as the CLI reports them: the report as JSON (its problems capped as
 * the HTTP answer caps them, with their total) when asked, the first problems on stderr with how
 * many more there are, and every problem as CSV in the `--problems-out` file when one is named.
 */
export function reportProblems<R extends { problems: ReportedProblem[] }>(report: R, options: { json?: boolean; problemsOut?: string }, output: Output): void {
  if (options.json) output.out(JSON.stringify(capReport(report), null, 2));
  if (options.problemsOut !== undefined) {
    try {
      writeFileSync(options.problemsOut, problemsCsv(report.problems));
    } catch {
      throw new AppError('bad_request', `--problems-out：无法写入 ${options.problemsOut}`, `--problems-out: cannot write ${options.problemsOut}`);
    }
  }
  for (const problem of report.problems.slice(0, printedProblems)) output.err(problem.message);
  const more = report.problems.length - printedProblems;
  if (more > 0) output.err(`… ${more} more problem(s) not shown${options.problemsOut === undefined ? ': --problems-out FILE writes every one as CSV' : ''}`);
  if (options.problemsOut !== undefined && report.problems.length > 0) output.err(`every problem (${report.problems.length}) written to ${options.problemsOut}`);
}
