import { writeFileSync } from 'node:fs';
import { loadPermissionTable, noOrigin, systemActor } from '../../accounts/index.ts';
import { findAreaTree } from '../../areas/index.ts';
import { preparePlatform, reportGenerators, type PlatformOptions } from '../../platform/index.ts';
import { generateReportNow } from '../../reports/index.ts';
import { exitCodes, type Output } from '../output.ts';

/** `--param year=2024` → { year: '2024' } (each kind's schema checks and converts the values). */
export function parseReportParams(pairs: readonly string[]): Record<string, string> | string {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) return `--param: expected name=value, got "${pair}"`;
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return params;
}

/**
 * `kechuang report <kind> [--param name=value …] --out FILE`: one of the reports the web asks for
 * in the background (src/platform/report-generators.ts), made at once in this process as the
 * system (the operator's tool) and written to FILE. Exit 1 for bad parameters, 2 for an unknown kind.
 */
export async function report(kind: string, options: { param?: string[]; out: string }, platformOptions: PlatformOptions, output: Output, now = new Date()): Promise<number> {
  if (!Object.hasOwn(reportGenerators, kind)) {
    output.err(`unknown report "${kind}"; known: ${Object.keys(reportGenerators).join(', ')}`);
    return exitCodes.usage;
  }
  const params = parseReportParams(options.param ?? []);
  if (typeof params === 'string') {
    output.err(params);
    return exitCodes.usage;
  }
  const platform = await preparePlatform(platformOptions);
  try {
    const caller = { actor: systemActor, permissions: await loadPermissionTable(platform.db), tree: await findAreaTree(platform.db), origin: noOrigin, generators: reportGenerators };
    const file = await generateReportNow(platform.db, caller, { kind, params }, now);
    writeFileSync(options.out, file.content);
    output.out(`${reportGenerators[kind]!.label.zh}：${options.out}（${file.content.length} 字节，${file.mediaType}）`);
    return exitCodes.ok;
  } finally {
    await platform.close();
  }
}
