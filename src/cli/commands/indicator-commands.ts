import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { noOrigin, systemActor } from '../../accounts/actor.ts';
import { loadPermissionTable } from '../../accounts/permission-repository.ts';
import { findAreaTree } from '../../areas/area-repository.ts';
import { evaluatePack } from '../../indicators/evaluate-pack.ts';
import { importIndicatorValues } from '../../indicators/import-indicator-values.ts';
import { presentEvaluation } from '../../indicators/present-evaluation.ts';
import { readValueFile } from '../../indicators/read-value-file.ts';
import { indicatorsOf, preparePlatform, type PlatformOptions } from '../../platform/prepare-platform.ts';
import { findPacks, getPack } from '../../policy/pack-repository.ts';
import { AppError } from '../../shared/app-error.ts';
import { exitCodes, type Output } from '../output.ts';

/** `kechuang import indicators FILE [--dry-run] [--json]`: all or nothing; every bad row on stderr. */
export async function importIndicators(file: string, options: { dryRun?: boolean; json?: boolean }, platformOptions: PlatformOptions, output: Output): Promise<number> {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    throw new AppError('bad_request', `${file}：文件不存在或不可读`, `${file}: no such file or not readable`);
  }
  const rows = await readValueFile(basename(file), content);
  const platform = await preparePlatform(platformOptions);
  try {
    const report = await importIndicatorValues(
      platform.db,
      basename(file),
      rows,
      { indicators: indicatorsOf(await findPacks(platform.db)), tree: await findAreaTree(platform.db) },
      { actor: systemActor, permissions: await loadPermissionTable(platform.db), origin: noOrigin, dryRun: Boolean(options.dryRun) },
    );
    if (options.json) output.out(JSON.stringify(report, null, 2));
    for (const problem of report.problems) output.err(problem.message);
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
    const pack = await getPack(platform.db, options.pack);
    const evaluation = await evaluatePack(platform.db, pack, await findAreaTree(platform.db), { ...(options.org ? { org: options.org } : {}), ...(asOf ? { asOf } : {}) });
    if (options.json) output.out(JSON.stringify(presentEvaluation(evaluation), null, 2));
    else for (const target of evaluation.targets) output.out(`${target.status.padEnd(10)} ${target.indicator.padEnd(30)} ${target.value ?? '—'} (${target.period ?? '—'}) ${target.comparator} ${target.target ?? '—'}`);
    return exitCodes.ok;
  } finally {
    await platform.close();
  }
}
