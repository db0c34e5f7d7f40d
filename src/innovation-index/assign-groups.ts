import type { IndexGroupSpec } from './index-model.ts';

/**
 * Performance groups: ratio = score ÷ the reference unit's score the same year; the first group
 * (from the top) whose `above` the ratio exceeds, else the last (above: null). The reference unit
 * itself, a missing score or a missing (or non-positive) reference score → null.
 */
export function assignGroups(scores: ArrayLike<number>, referenceScores: ArrayLike<number>, isReference: ArrayLike<boolean>, groups: readonly IndexGroupSpec[]): (string | null)[] {
  const out: (string | null)[] = [];
  for (let row = 0; row < scores.length; row += 1) {
    const score = scores[row] as number;
    const reference = referenceScores[row] as number;
    if (isReference[row] || Number.isNaN(score) || !(reference > 0)) {
      out.push(null);
      continue;
    }
    const ratio = score / reference;
    const group = groups.find((candidate) => candidate.above === null || ratio > candidate.above);
    out.push(group?.id ?? null);
  }
  return out;
}
