import type { Indicator, PolicyPack } from './pack-schema.ts';

/** Every indicator the loaded packs define, once per code (the first pack to define a code wins). */
export function indicatorsOf(packs: readonly PolicyPack[]): Indicator[] {
  const byCode = new Map<string, Indicator>();
  for (const pack of packs) for (const indicator of pack.indicators) if (!byCode.has(indicator.code)) byCode.set(indicator.code, indicator);
  return [...byCode.values()];
}
