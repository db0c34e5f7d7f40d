/**
 * Problem reports of imports: the answer carries the first problems and how many there are in
 * all, the full list goes out as a file (a 34 MB file once gave a 220 MB JSON answer).
 */

/** How many problems an import's answer lists; the rest are counted, and in the problems file. */
export const problemReportLimit = 1_000;

/** One problem of an import: the file's line (0 for the file as a whole), the field, the messages. */
export interface ReportedProblem {
  line: number;
  field: string;
  message: string;
  message_en: string;
}

/** The first `limit` problems, the total and whether some were left out. */
export function capProblems<T>(problems: readonly T[], limit = problemReportLimit): { problems: T[]; problems_total: number; problems_truncated: boolean } {
  return { problems: problems.slice(0, limit), problems_total: problems.length, problems_truncated: problems.length > limit };
}

/** A report with its problems capped (see capProblems). */
export function capReport<R extends { problems: readonly unknown[] }>(report: R, limit = problemReportLimit): R & { problems_total: number; problems_truncated: boolean } {
  return { ...report, ...capProblems(report.problems, limit) } as R & { problems_total: number; problems_truncated: boolean };
}

/**
 * A CSV field for Excel: quoted when it holds a comma, quote or line break, and a leading = + - @
 * (or tab/CR) neutralised with an apostrophe, so that a cell copied from a hostile file into a
 * message never runs as a formula when the problems file is opened.
 */
function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Every problem as a CSV for Excel: UTF-8 with a byte-order mark (Excel on a Chinese Windows reads
 * a file without one as GBK), CRLF line ends; columns 行, 列, 问题, problem.
 */
export function problemsCsv(problems: readonly ReportedProblem[]): Buffer {
  const lines = ['行,列,问题,problem'];
  for (const problem of problems) lines.push([problem.line, problem.field, problem.message, problem.message_en].map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The name of the problems file of an uploaded file: `企业.xlsx` → `企业-problems.csv`. */
export function problemsFileName(fileName: string): string {
  return `${fileName.replace(/\.[^.]*$/, '')}-problems.csv`;
}
