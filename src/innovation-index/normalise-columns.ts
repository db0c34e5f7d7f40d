import type { NormaliseSpec } from './index-model.ts';

/**
 * Normalises each indicator over each set of rows normalised together:
 * - minmax: low + (high − low) · (x − min)/(max − min), direction −1: (max − x)/(max − min); a
 *   column with max = min gets the midpoint (low + high)/2;
 * - zscore: mean + sd · direction · (x − μ)/σ (σ the sample standard deviation, n − 1; σ = 0 → mean);
 * - goalpost: scale · x/goalpost (direction −1: scale · goalpost/x, x ≤ 0 → cap), at most `cap`.
 */
export function normaliseColumns(
  values: Float64Array,
  k: number,
  rowSets: readonly Int32Array[],
  spec: NormaliseSpec,
  directions: readonly (1 | -1)[],
  goalposts: readonly (number | null)[] = [],
): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  if (spec.method === 'goalpost') {
    const cap = spec.cap ?? Number.POSITIVE_INFINITY;
    const rows = values.length / k;
    for (let row = 0; row < rows; row += 1) {
      const base = row * k;
      for (let j = 0; j < k; j += 1) {
        const cell = base + j;
        const v = values[cell] as number;
        const goal = goalposts[j] ?? Number.NaN;
        if (v !== v || goal !== goal) continue;
        const score = directions[j] === -1 ? (v <= 0 ? cap : (spec.scale * goal) / v) : (spec.scale * v) / goal;
        out[cell] = score > cap ? cap : score;
      }
    }
    return out;
  }
  // Row-major passes with one accumulator per indicator (the table is rows × indicators).
  const first = new Float64Array(k);
  const second = new Float64Array(k);
  const counts = new Float64Array(k);
  for (const rows of rowSets) {
    const size = rows.length;
    if (spec.method === 'minmax') {
      const min = first.fill(Number.POSITIVE_INFINITY);
      const max = second.fill(Number.NEGATIVE_INFINITY);
      for (let r = 0; r < size; r += 1) {
        const base = (rows[r] as number) * k;
        for (let j = 0; j < k; j += 1) {
          const v = values[base + j] as number;
          if (v < (min[j] as number)) min[j] = v;
          if (v > (max[j] as number)) max[j] = v;
        }
      }
      const width = spec.high - spec.low;
      const middle = (spec.low + spec.high) / 2;
      for (let r = 0; r < size; r += 1) {
        const base = (rows[r] as number) * k;
        for (let j = 0; j < k; j += 1) {
          const v = values[base + j] as number;
          if (v !== v) continue;
          const low = min[j] as number;
          const high = max[j] as number;
          const span = high - low;
          out[base + j] = span === 0 ? middle : (directions[j] === -1 ? (high - v) / span : (v - low) / span) * width + spec.low;
        }
      }
    } else {
      const sum = first.fill(0);
      const squares = second.fill(0);
      counts.fill(0);
      for (let r = 0; r < size; r += 1) {
        const base = (rows[r] as number) * k;
        for (let j = 0; j < k; j += 1) {
          const v = values[base + j] as number;
          if (v !== v) continue;
          sum[j] = (sum[j] as number) + v;
          counts[j] = (counts[j] as number) + 1;
        }
      }
      const mean = Float64Array.from(sum, (total, j) => total / (counts[j] as number));
      for (let r = 0; r < size; r += 1) {
        const base = (rows[r] as number) * k;
        for (let j = 0; j < k; j += 1) {
          const v = values[base + j] as number;
          if (v === v) squares[j] = (squares[j] as number) + (v - (mean[j] as number)) ** 2;
        }
      }
      const sigma = Float64Array.from(squares, (total, j) => ((counts[j] as number) > 1 ? Math.sqrt(total / ((counts[j] as number) - 1)) : 0));
      for (let r = 0; r < size; r += 1) {
        const base = (rows[r] as number) * k;
        for (let j = 0; j < k; j += 1) {
          const v = values[base + j] as number;
          if (v !== v) continue;
          const sd = sigma[j] as number;
          out[base + j] = sd > 0 ? spec.mean + spec.sd * (directions[j] ?? 1) * ((v - (mean[j] as number)) / sd) : spec.mean;
        }
      }
    }
  }
  return out;
}
