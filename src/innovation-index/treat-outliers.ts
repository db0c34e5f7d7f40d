import type { OutlierSpec, OutlierTreatment, StageChange } from './index-model.ts';

/** Sample skewness G1 and excess kurtosis G2 with the small-sample corrections (COINr's skew()/kurt(), from e1071 type 2). */
export function skewKurt(sample: ArrayLike<number>): { skewness: number | null; kurtosis: number | null } {
  const n = sample.length;
  let mean = 0;
  for (let i = 0; i < n; i += 1) mean += sample[i] ?? 0;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i += 1) {
    const d = (sample[i] ?? 0) - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return momentsToSkewKurt(n, m2, m3, m4);
}

function momentsToSkewKurt(n: number, m2: number, m3: number, m4: number): { skewness: number | null; kurtosis: number | null } {
  // m2, m3, m4: sums of the centred powers.
  const skewness = n < 3 || !(m2 > 0) ? null : ((Math.sqrt(n) * m3) / m2 ** 1.5) * (Math.sqrt(n * (n - 1)) / (n - 2));
  const kurtosis = n < 4 || !(m2 > 0) ? null : (((n + 1) * ((n * m4) / (m2 * m2) - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
  return { skewness, kurtosis };
}

function failsCheck(moments: { skewness: number | null; kurtosis: number | null }, spec: OutlierSpec): boolean {
  return moments.skewness !== null && moments.kurtosis !== null && Math.abs(moments.skewness) > spec.skewness && moments.kurtosis > spec.kurtosis;
}

/**
 * Running sums of the centred powers of a sorted sample whose top and bottom are being replaced
 * (winsorised), so that each round costs O(points replaced), not O(n).
 */
class MomentSums {
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private s4 = 0;
  private readonly centre: number;
  constructor(
    private readonly n: number,
    sorted: Float64Array,
  ) {
    let sum = 0;
    for (const value of sorted) sum += value;
    this.centre = sum / n;
    for (const value of sorted) this.add(value, 1);
  }
  add(value: number, times: number): void {
    const y = value - this.centre;
    const y2 = y * y;
    this.s1 += times * y;
    this.s2 += times * y2;
    this.s3 += times * y2 * y;
    this.s4 += times * y2 * y2;
  }
  moments(): { skewness: number | null; kurtosis: number | null } {
    const { n } = this;
    const d = this.s1 / n;
    const m2 = this.s2 - n * d * d;
    const m3 = this.s3 - 3 * d * this.s2 + 2 * n * d * d * d;
    const m4 = this.s4 - 4 * d * this.s3 + 6 * d * d * this.s2 - 3 * n * d * d * d * d;
    return momentsToSkewKurt(n, m2, m3, m4);
  }
}

/**
 * COINr's default outlier treatment, per indicator over each set of rows normalised together:
 * while |G1| > skewness and G2 > kurtosis and fewer than ⌈max_share·N⌉ points have been
 * winsorised, every value equal to the current extreme on the skewed side (the maximum when
 * G1 ≥ 0, else the minimum) takes the next value inside. If the limit is reached and the column
 * still fails, with `log_fallback` the winsorisation is undone and the column log-transformed
 * (COINr's log_CT: log(x − min + 0.01·(max − min)); for negative skew the mirror,
 * −log(max + 0.01·(max − min) − x)).
 */
export function treatOutliers(
  values: Float64Array,
  k: number,
  rowSets: readonly Int32Array[],
  spec: OutlierSpec,
  codes: readonly string[],
  years?: readonly (number | null)[],
): { values: Float64Array; changes: StageChange[]; treatments: OutlierTreatment[] } {
  const out = new Float64Array(values);
  const changes: StageChange[] = [];
  const treatments: OutlierTreatment[] = [];
  rowSets.forEach((rows, setIndex) => {
    const size = rows.length;
    const column = new Float64Array(size);
    const cells = new Float64Array(size);
    // The moments of every indicator in row-major passes (the table's layout), the same
    // arithmetic as skewKurt (sum, then centred powers); only a column that fails is gathered.
    const counts = new Float64Array(k);
    const sums = new Float64Array(k);
    for (let r = 0; r < size; r += 1) {
      const base = (rows[r] as number) * k;
      for (let j = 0; j < k; j += 1) {
        const v = values[base + j] as number;
        if (v !== v) continue;
        counts[j] = (counts[j] as number) + 1;
        sums[j] = (sums[j] as number) + v;
      }
    }
    const means = Float64Array.from(sums, (sum, j) => sum / (counts[j] as number));
    const p2 = new Float64Array(k);
    const p3 = new Float64Array(k);
    const p4 = new Float64Array(k);
    for (let r = 0; r < size; r += 1) {
      const base = (rows[r] as number) * k;
      for (let j = 0; j < k; j += 1) {
        const v = values[base + j] as number;
        if (v !== v) continue;
        const d = v - (means[j] as number);
        const d2 = d * d;
        p2[j] = (p2[j] as number) + d2;
        p3[j] = (p3[j] as number) + d2 * d;
        p4[j] = (p4[j] as number) + d2 * d2;
      }
    }
    for (let j = 0; j < k; j += 1) {
      const before = momentsToSkewKurt(counts[j] as number, p2[j] as number, p3[j] as number, p4[j] as number);
      const treatment: OutlierTreatment = {
        indicator: codes[j] ?? String(j),
        skewness_before: before.skewness,
        kurtosis_before: before.kurtosis,
        winsorised: 0,
        log_transformed: false,
        skewness_after: before.skewness,
        kurtosis_after: before.kurtosis,
      };
      const year = years?.[setIndex];
      if (year !== undefined && year !== null) treatment.year = year;
      if (!failsCheck(before, spec)) {
        treatments.push(treatment);
        continue;
      }
      let n = 0;
      for (let r = 0; r < size; r += 1) {
        const v = values[(rows[r] as number) * k + j] as number;
        cells[r] = v;
        if (v === v) column[n++] = v;
      }
      const sorted = Float64Array.from(column.subarray(0, n)).sort();
      const sums = new MomentSums(n, sorted);
      const limit = Math.ceil(spec.max_share * n);
      let lo = 0; // sorted[0..lo-1] now equal sorted[lo]
      let hi = n - 1; // sorted[hi+1..] now equal sorted[hi]
      let moments = before;
      let winsorised = 0;
      while (failsCheck(moments, spec) && winsorised < limit) {
        if ((moments.skewness ?? 0) >= 0) {
          let p = hi;
          const top = sorted[hi] ?? 0;
          while (p > lo && sorted[p - 1] === top) p -= 1;
          if (p <= lo) break;
          const next = sorted[p - 1] ?? 0;
          sums.add(top, -(n - p));
          sums.add(next, n - p);
          hi = p - 1;
        } else {
          let p = lo;
          const bottom = sorted[lo] ?? 0;
          while (p < hi && sorted[p + 1] === bottom) p += 1;
          if (p >= hi) break;
          const next = sorted[p + 1] ?? 0;
          sums.add(bottom, -(p + 1));
          sums.add(next, p + 1);
          lo = p + 1;
        }
        winsorised = lo + (n - 1 - hi);
        moments = sums.moments();
      }
      const capHigh = sorted[hi] ?? Number.POSITIVE_INFINITY;
      const capLow = sorted[lo] ?? Number.NEGATIVE_INFINITY;
      if (failsCheck(moments, spec) && spec.log_fallback) {
        const min = sorted[0] ?? 0;
        const max = sorted[n - 1] ?? 0;
        const a = 0.01 * (max - min);
        const positive = (before.skewness ?? 0) >= 0;
        let m = 0;
        for (let r = 0; r < size; r += 1) {
          const v = cells[r] as number;
          if (v !== v) continue;
          const row = rows[r] as number;
          const cell = row * k + j;
          const to = positive ? Math.log(v - min + a) : -Math.log(max + a - v);
          out[cell] = to;
          column[m++] = to;
          changes.push({ row, indicator: j, from: v, to, reason: 'log_transformed' });
        }
        const after = skewKurt(column.subarray(0, m));
        treatment.log_transformed = true;
        treatment.skewness_after = after.skewness;
        treatment.kurtosis_after = after.kurtosis;
        treatments.push(treatment);
        continue;
      }
      let m = 0;
      for (let r = 0; r < size; r += 1) {
        const v = cells[r] as number;
        if (v !== v) continue;
        const to = v > capHigh ? capHigh : v < capLow ? capLow : v;
        column[m++] = to;
        if (to !== v) {
          const row = rows[r] as number;
          out[row * k + j] = to;
          changes.push({ row, indicator: j, from: v, to, reason: 'winsorised' });
        }
      }
      const after = skewKurt(column.subarray(0, m));
      treatment.winsorised = winsorised;
      treatment.skewness_after = after.skewness;
      treatment.kurtosis_after = after.kurtosis;
      treatments.push(treatment);
    }
  });
  return { values: out, changes, treatments };
}
