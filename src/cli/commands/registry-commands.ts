import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { noOrigin, systemActor, loadPermissionTable } from '../../accounts/index.ts';
import { findAreaTree } from '../../areas/index.ts';
import { preparePlatform, type PlatformOptions } from '../../platform/index.ts';
import { loadDemoRegistry, importRegistry, registryKindSchema, registryKinds } from '../../registry/index.ts';
import { AppError, readTableFile } from '../../shared/index.ts';
import { exitCodes, type Output } from '../output.ts';
import { reportProblems } from '../problem-output.ts';

/** `kechuang import registry KIND FILE [--dry-run] [--json] [--problems-out FILE]`: all or nothing; the first 100 bad rows named on stderr, every one in the --problems-out CSV. */
export async function importRegistryFile(kind: string, file: string, options: { dryRun?: boolean; json?: boolean; problemsOut?: string }, platformOptions: PlatformOptions, output: Output): Promise<number> {
  const registry = registryKindSchema.safeParse(kind);
  if (!registry.success) {
    output.err(`error: registry must be one of ${registryKinds.join(', ')}, got "${kind}"`);
    return exitCodes.usage;
  }
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    throw new AppError('bad_request', `${file}：文件不存在或不可读`, `${file}: no such file or not readable`);
  }
  const table = await readTableFile(basename(file), content);
  const platform = await preparePlatform(platformOptions);
  try {
    // The command's clock is the system's: it runs now (today and the change time, in Beijing).
    const report = await importRegistry(platform.db, registry.data, basename(file), table, { tree: await findAreaTree(platform.db), actor: systemActor, permissions: await loadPermissionTable(platform.db), origin: noOrigin, dryRun: Boolean(options.dryRun), now: new Date() });
    reportProblems(report, options, output);
    if (report.problems.length > 0) {
      output.err(`${report.problems.length} problem(s) in ${report.rows} row(s): nothing was written`);
      return exitCodes.badInput;
    }
    output.err(report.dry_run ? `dry run: ${report.rows} row(s) are valid; nothing was written` : `imported ${report.rows} row(s): ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged`);
    return exitCodes.ok;
  } finally {
    await platform.close();
  }
}

/** `kechuang demo generate --enterprises 5000`: a synthetic registry, labelled synthetic everywhere. */
export async function generateDemo(options: { enterprises: string; platforms?: string; contracts?: string; seed?: string }, platformOptions: PlatformOptions, output: Output): Promise<number> {
  const count = (value: string | undefined, fallback: number, name: string) => {
    const number = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(number) || number < 0 || number > 10_000_000) throw new AppError('bad_request', `--${name}：“${value}”应为 0 到 10000000 的整数`, `--${name}: "${value}" should be an integer from 0 to 10,000,000`);
    return number;
  };
  const enterprises = count(options.enterprises, 5000, 'enterprises');
  const counts = { enterprises, platforms: count(options.platforms, Math.round(enterprises / 10), 'platforms'), contracts: count(options.contracts, enterprises, 'contracts') };
  const platform = await preparePlatform(platformOptions);
  try {
    const reports = await loadDemoRegistry(platform.db, counts, { tree: await findAreaTree(platform.db), permissions: await loadPermissionTable(platform.db), seed: Number(options.seed ?? 2022) });
    for (const report of reports) output.err(`${report.registry}: ${report.created} new, ${report.updated} updated (synthetic)`);
    return exitCodes.ok;
  } finally {
    await platform.close();
  }
}
