/**
 * A worker thread of the incentive bench's parallel run: it makes its own share of the synthetic
 * profiles (the same `syntheticProfile(i)` as the single-thread run, so the outcomes add up to the
 * same counts), then, on the main thread's signal, evaluates every enterprise rule of the bundled
 * packs on them — the timed part — and reports its counts. Profiles are made in chunks (not timed):
 * `{ type: 'make', start, count }` → `ready`; `{ type: 'run' }` → `done` with the counts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compilePack } from '../src/incentives/compile-pack.ts';
import type { RuleProfile } from '../src/incentives/compile-expression.ts';
import { evaluateRuleOutcome } from '../src/incentives/evaluate-rule.ts';
import { prepareFigures } from '../src/incentives/generate-rule.ts';
import { bundledPacksDir, loadPacks } from '../src/policy/load-pack.ts';
import { syntheticProfile } from './synthetic-profiles.ts';

const { year } = (workerData as { data: { year: number } }).data;
const port = parentPort;
if (!port) throw new Error('incentives-worker.ts runs as a worker thread');

const loaded = loadPacks(bundledPacksDir);
if (!loaded.ok) throw new Error('packs do not load');
const rules = loaded.packs.flatMap((pack) => compilePack(pack).rules).filter((rule) => rule.rule.profile === 'enterprise');

function evaluate(profiles: readonly RuleProfile[]) {
  const counts = { eligible: 0, ineligible: 0, needs_info: 0 };
  for (const profile of profiles) {
    const figures = prepareFigures(profile, year);
    for (const rule of rules) counts[evaluateRuleOutcome(rule, profile, year, undefined, figures).status] += 1;
  }
  return counts;
}

// Warm-up (JIT), as the single-thread run does.
evaluate(Array.from({ length: 20_000 }, (_, i) => syntheticProfile(i) as RuleProfile));

let profiles: RuleProfile[] = [];
port.on('message', (message: { type: 'make'; start: number; count: number } | { type: 'run' } | { type: 'stop' }) => {
  if (message.type === 'make') {
    profiles = Array.from({ length: message.count }, (_, i) => syntheticProfile(message.start + i) as RuleProfile);
    port.postMessage({ type: 'ready' });
  } else if (message.type === 'run') {
    const counts = evaluate(profiles);
    profiles = [];
    port.postMessage({ type: 'done', counts, maxRss: process.resourceUsage().maxRSS * 1024 });
  } else port.close();
});
port.postMessage({ type: 'started' });
