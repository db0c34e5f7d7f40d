import type { ImputeMethod, IndexUnit, StageChange } from './index-model.ts';

/**
 * Fills missing cells: `group_mean` with the mean of the same year's units in the same group
 * (a unit without a group, or a group with no value that year, stays missing); `mean` with the
 * mean of every unit's value that year. Each filled cell is recorded.
 */
export function imputeMissing(values: Float64Array, k: number, units: readonly IndexUnit[], yearCount: number, method: ImputeMethod): { values: Float64Array; changes: StageChange[] } {
  const out = new Float64Array(values);
  const changes: StageChange[] = [];
  if (method === 'none') return { values: out, changes };
  const groupOf = new Int32Array(units.length);
  const groupIds = new Map<string, number>();
  units.forEach((unit, index) => {
    const key = method === 'mean' ? '' : unit.group;
    if (key === null) {
      groupOf[index] = -1;
      return;
    }
    let id = groupIds.get(key);
    if (id === undefined) {
      id = groupIds.size;
      groupIds.set(key, id);
    }
    groupOf[index] = id;
  });
  const sums = new Float64Array(groupIds.size * k);
  const counts = new Float64Array(groupIds.size * k);
  const reason = method === 'mean' ? 'imputed_mean' : 'imputed_group_mean';
  for (let y = 0; y < yearCount; y += 1) {
    sums.fill(0);
    counts.fill(0);
    let missing = false;
    for (let u = 0; u < units.length; u += 1) {
      const g = groupOf[u] as number;
      const base = (u * yearCount + y) * k;
      for (let j = 0; j < k; j += 1) {
        const v = values[base + j] as number;
        if (v !== v) missing = true;
        else if (g >= 0) {
          sums[g * k + j] = (sums[g * k + j] as number) + v;
          counts[g * k + j] = (counts[g * k + j] as number) + 1;
        }
      }
    }
    if (!missing) continue;
    for (let u = 0; u < units.length; u += 1) {
      const g = groupOf[u] as number;
      if (g < 0) continue;
      const row = u * yearCount + y;
      const base = row * k;
      for (let j = 0; j < k; j += 1) {
        const v = values[base + j] as number;
        const count = counts[g * k + j] as number;
        if (v === v || count === 0) continue;
        const mean = (sums[g * k + j] as number) / count;
        out[base + j] = mean;
        changes.push({ row, indicator: j, from: null, to: mean, reason });
      }
    }
  }
  return { values: out, changes };
}
