import { compilePack, packInForce, type CompiledPack } from '../incentives/index.ts';
import type { PolicyPack } from '../policy/index.ts';
import type { ScreeningRunPack } from './screening-schema.ts';

/** The rules a run evaluates: every enterprise rule of every pack in force for the year (or of one pack). */
export interface ScreeningRules {
  packs: ScreeningRunPack[];
  parameters: Record<string, Record<string, unknown>>;
  rules: { packId: string; incentiveId: string; rule: CompiledPack['rules'][number] }[];
}

/**
 * The packs in force for the year, as the calculator picks them (packInForce, compiled once per
 * content hash), with the parameter values each rule uses on 1 January of the year (or, when none
 * holds then, the one in force on some day of the year: the engine's reading).
 */
export function screeningRulesOf(packs: readonly PolicyPack[], year: number, packId?: string): ScreeningRules {
  const result: ScreeningRules = { packs: [], parameters: {}, rules: [] };
  for (const pack of packs) {
    if (packId !== undefined && pack.metadata.id !== packId) continue;
    if (!packInForce(pack, year)) continue;
    const compiled = compilePack(pack);
    const enterpriseRules = compiled.rules.filter((rule) => rule.rule.profile === 'enterprise');
    if (enterpriseRules.length === 0) continue;
    result.packs.push({
      id: pack.metadata.id,
      version: pack.metadata.version,
      content_hash: compiled.hash,
      title: pack.metadata.title,
      incentives: enterpriseRules.map((rule) => ({
        id: rule.incentive.id,
        title: rule.incentive.title,
        ...(rule.incentive.title_en ? { title_en: rule.incentive.title_en } : {}),
        parameter_labels: Object.fromEntries(rule.incentive.parameters.map((parameter) => [parameter.name, parameter.label])),
      })),
    });
    for (const rule of enterpriseRules) {
      result.rules.push({ packId: pack.metadata.id, incentiveId: rule.incentive.id, rule });
      result.parameters[rule.incentive.id] = parameterValues(rule.incentive.parameters, year);
    }
  }
  return result;
}

function parameterValues(parameters: readonly { name: string; value: unknown; from?: string | undefined; to?: string | undefined }[], year: number): Record<string, unknown> {
  const date = `${year}-01-01`;
  const values: Record<string, unknown> = {};
  for (const name of new Set(parameters.map((parameter) => parameter.name))) {
    const entries = parameters.filter((parameter) => parameter.name === name);
    const onDate = entries.find((p) => (!p.from || p.from <= date) && (!p.to || p.to >= date));
    const inYear =
      onDate ??
      entries.filter((p) => (!p.from || p.from <= `${year}-12-31`) && (!p.to || p.to >= `${year}-01-01`)).sort((a, b) => (b.from ?? '').localeCompare(a.from ?? ''))[0];
    if (inYear) values[name] = inYear.value;
  }
  return values;
}

/** Two runs evaluated the same rules: same year, same pack versions, same parameter values. */
export function sameRules(a: { year: number; packs: ScreeningRunPack[]; parameters: Record<string, Record<string, unknown>> }, b: typeof a): boolean {
  const packs = (run: typeof a) => JSON.stringify(run.packs.map((pack) => [pack.id, pack.content_hash]).sort());
  const parameters = (run: typeof a) => JSON.stringify(Object.entries(run.parameters).sort(([x], [y]) => x.localeCompare(y)).map(([id, values]) => [id, Object.entries(values).sort(([x], [y]) => x.localeCompare(y))]));
  return a.year === b.year && packs(a) === packs(b) && parameters(a) === parameters(b);
}

/** The incentives a run evaluated, in the order it recorded them, with their packs. */
export function runRulesOf(run: { packs: ScreeningRunPack[] }): { incentive_id: string; pack_id: string }[] {
  return run.packs.flatMap((pack) => pack.incentives.map((incentive) => ({ incentive_id: incentive.id, pack_id: pack.id })));
}
