import type { Indicator, PolicyPack, QualityRule } from './pack-schema.ts';

/** Every indicator the loaded packs define, once per code (the first pack to define a code wins). */
export function indicatorsOf(packs: readonly PolicyPack[]): Indicator[] {
  const byCode = new Map<string, Indicator>();
  for (const pack of packs) for (const indicator of pack.indicators) if (!byCode.has(indicator.code)) byCode.set(indicator.code, indicator);
  return [...byCode.values()];
}

/** Every cross-indicator data-quality rule of the loaded packs, once per id (the first pack wins). */
export function qualityRulesOf(packs: readonly PolicyPack[]): QualityRule[] {
  const byId = new Map<string, QualityRule>();
  for (const pack of packs) for (const rule of pack.qualityRules ?? []) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()];
}
