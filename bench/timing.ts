import { Bench } from 'tinybench';

export interface Measurement {
  name: string;
  medianMs: number;
  p99Ms: number;
  samples: number;
}

/** Runs each task for about `timeMs` (at least `iterations` times) and returns median and p99. */
export async function measure(tasks: Record<string, () => Promise<unknown>>, options: { timeMs?: number; iterations?: number } = {}): Promise<Measurement[]> {
  const bench = new Bench({ time: options.timeMs ?? 2_000, iterations: options.iterations ?? 10, warmup: true, warmupIterations: 2 });
  for (const [name, task] of Object.entries(tasks)) bench.add(name, task);
  await bench.run();
  return bench.tasks.map((task) => {
    const result = task.result as unknown as { latency?: { p50?: number; p99?: number; samplesCount?: number }; state?: string; error?: unknown };
    if (!result?.latency) throw new Error(`benchmark "${task.name}" failed: ${String(result?.error ?? result?.state)}`);
    return { name: task.name, medianMs: result.latency.p50 ?? Number.NaN, p99Ms: result.latency.p99 ?? Number.NaN, samples: result.latency.samplesCount ?? 0 };
  });
}

/** One line per measurement: median, p95 and the ratio to the baseline's median (lower is better). */
export function report(title: string, baseline: Measurement, measurements: readonly Measurement[], limits: Record<string, number> = {}): void {
  console.log(`\n${title}`);
  console.log(`${'task'.padEnd(58)} ${'median ms'.padStart(10)} ${'p99 ms'.padStart(10)} ${'× baseline'.padStart(11)} ${'limit ms'.padStart(9)}`);
  for (const measurement of [baseline, ...measurements]) {
    const ratio = measurement.medianMs / baseline.medianMs;
    const limit = limits[measurement.name];
    const verdict = limit === undefined ? '' : measurement.medianMs <= limit ? '  ok' : '  OVER';
    console.log(`${measurement.name.padEnd(58)} ${measurement.medianMs.toFixed(2).padStart(10)} ${measurement.p99Ms.toFixed(2).padStart(10)} ${ratio.toFixed(4).padStart(11)} ${(limit === undefined ? '' : String(limit)).padStart(9)}${verdict}`);
  }
}
