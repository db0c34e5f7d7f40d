import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { noOrigin, systemActor, loadPermissionTable } from '../../accounts/index.ts';
import { getPackEvaluation, importValueFile, presentEvaluation, readValueFile } from '../../indicators/index.ts';
import { preparePlatform, type PlatformOptions } from '../../platform/index.ts';
import { AppError } from '../../shared/index.ts';
import { exitCodes, type Output } from '../output.ts';
import { reportProblems } from '../problem-output.ts';

/** `kechuang import indicators FILE [--dry-run] [--json] [--problems-out FILE] [--comment TEXT]`: all or nothing; the first 100 bad rows on stderr, every one in the --problems-out CSV. */
export async function importIndicators(file: string, options: { dryRun?: boolean; json?: boolean; problemsOut?: string; comment?: string }, platformOptions: PlatformOptions, output: Output): Promise<number> {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    throw new AppError('bad_request', `${file}：文件不存在或不可读`, `${file}: no such file or not readable`);
  }
  // The file is read before the platform starts: a file that cannot be read fails fast.
  await readValueFile(basename(file), content);
  const platform = await preparePlatform(platformOptions);
  try {
    // The operator's command acts now (the CLI is the clock's edge).
    const report = await importValueFile(platform.db, { name: basename(file), content }, { actor: systemActor, permissions: await loadPermissionTable(platform.db), origin: noOrigin, now: new Date(), dryRun: Boolean(options.dryRun), ...(options.comment ? { comment: options.comment } : {}) });
    reportProblems(report, options, output);
    if (report.problems.length > 0) {
      output.err(`${report.problems.length} problem(s) in ${report.rows} row(s): nothing was written`);
      return exitCodes.badInput;
    }
    output.err(report.dry_run ? `dry run: ${report.rows} row(s) are valid; nothing was written` : `imported ${report.rows} row(s): ${report.inserted} new, ${report.revised} revised, ${report.unchanged} unchanged`);
    return exitCodes.ok;
  } finally {
    await platform.close();
  }
}

/** `kechuang evaluate --pack PACK_ID [--org CODE] [--as-of YEAR] --json` (contracts §5). */
export async function evaluate(options: { pack: string; org?: string; asOf?: string; json?: boolean }, platformOptions: PlatformOptions, output: Output): Promise<number> {
  const asOf = options.asOf === undefined ? undefined : Number(options.asOf);
  if (asOf !== undefined && (!Number.isInteger(asOf) || asOf < 1949 || asOf > 2100)) throw new AppError('bad_request', `--as-of：年份“${options.asOf}”无效`, `--as-of: "${options.asOf}" is not a year`);
  const platform = await preparePlatform(platformOptions);
  try {
    const { evaluation } = await getPackEvaluation(platform.db, options.pack, { org: options.org, asOf });
    if (options.json) output.out(JSON.stringify(presentEvaluation(evaluation), null, 2));
    else for (const target of evaluation.targets) output.out(`${target.status.padEnd(10)} ${target.indicator.padEnd(30)} ${target.value ?? '—'} (${target.period ?? '—'}) ${target.comparator} ${target.target ?? '—'}`);
    return exitCodes.ok;
  } finally {
    await platform.close();
  }
}
