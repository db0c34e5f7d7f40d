/** One thing wrong with a pack, located in its source file. */
export interface PackProblem {
  /** Path of the file, as the caller named the pack folder (e.g. packs/x/tasks.yaml). */
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file (e.g. it is missing). */
  line: number;
  message: string;
}

/** `file:line: message`, the format editors and CI logs understand. */
export function formatPackProblem(problem: PackProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

export function sortPackProblems(problems: PackProblem[]): PackProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
