import type { Database } from '../db/index.ts';
import type { ReportCaller } from './report-caller.ts';
import { assertMayGenerate, type ReportFile } from './report-generators.ts';
import { generatorOf, paramsOf } from './request-report.ts';

/**
 * A report made at once, in this process, nothing stored (the CLI's `kechuang report`): the same
 * generator, parameter check and permission check as a background request.
 */
export async function generateReportNow(db: Database, caller: ReportCaller & { actor: NonNullable<ReportCaller['actor']> }, input: { kind: string; params: Record<string, unknown> }, now: Date): Promise<ReportFile> {
  const generator = generatorOf(caller, input.kind);
  const params = paramsOf(generator, input.params);
  assertMayGenerate(caller, generator, params);
  return generator.generate(db, { actor: caller.actor, permissions: caller.permissions, tree: caller.tree, origin: caller.origin, now }, params);
}
