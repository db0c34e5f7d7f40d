/** value ÷ denominator × scale per indicator (missing or zero denominator → missing); `denominators[j]` null leaves column j as it is. */
export function denominate(values: Float64Array, k: number, denominators: readonly (Float64Array | null)[], scales: readonly number[]): Float64Array {
  const out = new Float64Array(values);
  const rows = values.length / k;
  const columns = denominators.flatMap((denominator, j) => (denominator ? [j] : []));
  for (let row = 0; row < rows; row += 1) {
    const base = row * k;
    for (const j of columns) {
      const d = (denominators[j] as Float64Array)[row] as number;
      const cell = base + j;
      out[cell] = d === 0 || d !== d ? Number.NaN : ((values[cell] as number) / d) * (scales[j] ?? 1);
    }
  }
  return out;
}
