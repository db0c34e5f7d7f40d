import type { z } from 'zod';
import type { Action, Actor, PermissionTable, RequestOrigin, ResourceScope } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';

/** Who a report is generated for: the requesting account as loaded when the generator runs. */
export interface ReportRequester {
  actor: Actor;
  permissions: PermissionTable;
  tree: AreaTree;
  origin: RequestOrigin;
  now: Date;
}

/** A generated file. */
export interface ReportFile {
  fileName: string;
  mediaType: string;
  content: Buffer;
}

/**
 * One kind of report, declared by the platform (src/platform/report-generators.ts) as job
 * handlers are: its label, the action the requester must hold (checked when asked and again when
 * it runs, with the permissions then in force), its parameters' schema, and the generator.
 */
export interface ReportGenerator<Params = unknown> {
  label: { zh: string; en: string };
  action: Action;
  params: z.ZodType<Params>;
  /** What the action is checked against (`assertCanOn`); absent: the action in scope `all` (`assertCan`). */
  resource?(params: Params): ResourceScope;
  /** Runs inside the transaction that stores the file: read through `db` only. */
  generate(db: DatabaseOrTransaction, requester: ReportRequester, params: Params): Promise<ReportFile>;
}

export type ReportGenerators = Record<string, ReportGenerator>;

/** Declares a generator with its parameters' type checked, as an entry of `ReportGenerators`. */
export function reportGenerator<Params>(generator: ReportGenerator<Params>): ReportGenerator {
  return generator as unknown as ReportGenerator;
}

/** Throws 401/403 unless the actor may have this report now. */
export function assertMayGenerate(requester: { actor: Actor | null; permissions: PermissionTable; tree: AreaTree }, generator: ReportGenerator, params: unknown): void {
  if (generator.resource) requester.permissions.assertCanOn(requester.actor, generator.action, generator.resource(params), requester.tree);
  else requester.permissions.assertCan(requester.actor, generator.action);
}

/** The media types of the files generators make. */
export const reportMediaTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;
