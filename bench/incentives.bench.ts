/**
 * The incentive engine (issue 12, Performance): every enterprise rule of all bundled packs on
 * 1,000,000 synthetic profiles in one process, compiled closures with exact numbers, against
 * (a) a naive loop calling the cel-js interpreter per profile and per rule (same expressions,
 * same exact decimal type, parse done once — the interpreter's best case) and (b) the hand-written
 * TypeScript rules of bench/reference-rules.ts (`evaluateReference(profile, year)`), when present.
 *
 * The naive loop is measured on a sample (BENCH_INCENTIVES_NAIVE, default 20,000 profiles) and its
 * per-profile time compared with the engine's, all in the same run. Profiles: BENCH_INCENTIVES_N
 * (default 1,000,000).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../src/shared/typescript-worker.ts';
import { performance } from 'node:perf_hooks';
import type { Environment } from '@marcbachmann/cel-js';
import { baseEnvironment, celTypeOf, Dec, MissingInput, setInterpreterProfile } from '../src/incentives/cel-environment.ts';
import { compilePack } from '../src/incentives/compile-pack.ts';
import { paramValue, parametersInForce, type CompiledRule } from '../src/incentives/compile-rule.ts';
import type { RuleProfile } from '../src/incentives/compile-expression.ts';
import { evaluateRule, evaluateRuleOutcome } from '../src/incentives/evaluate-rule.ts';
import { prepareFigures } from '../src/incentives/generate-rule.ts';
import * as X from '../src/incentives/exact.ts';
import { bundledPacksDir, loadPacks } from '../src/policy/load-pack.ts';
import { mulberry32 } from '../src/shared/seeded-random.ts';

const YEAR = 2024;
const N = Number(process.env.BENCH_INCENTIVES_N ?? 1_000_000);
const NAIVE_N = Number(process.env.BENCH_INCENTIVES_NAIVE ?? 20_000);

const industries = ['C3989', 'C2710', 'I6510', 'M7320', 'C1610', 'H6110', 'F5211', 'K7010', 'C3511'];

/** Synthetic enterprise profiles (labelled synthetic): 3 fiscal years, certificates, events; ~5% of fields missing, ~10% of amounts with 分. */
export function syntheticProfiles(count: number, seed = 12): RuleProfile[] {
  const r = mulberry32(seed);
  const money = (max: number) => (r() < 0.1 ? Math.round(r() * max * 100) / 100 : Math.round(r() * max));
  const maybe = <T>(value: T): T | undefined => (r() < 0.05 ? undefined : value);
  const profiles: RuleProfile[] = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const years: Record<string, Record<string, number | undefined>> = {};
    for (let y = YEAR - 3; y < YEAR; y += 1) {
      const revenue = money(300_000_000);
      const staff = 5 + Math.floor(r() * 600);
      years[String(y)] = {
        revenue: maybe(revenue),
        rd_expense: maybe(Math.round(revenue * r() * 0.1)),
        rd_expense_in_china: maybe(Math.round(revenue * r() * 0.08)),
        rd_expense_deduction: maybe(Math.round(revenue * r() * 0.08)),
        high_tech_revenue: maybe(Math.round(revenue * r())),
        staff: maybe(staff),
        tech_staff: maybe(Math.floor(staff * r() * 0.3)),
        total_assets: maybe(money(250_000_000)),
        total_liabilities: maybe(money(100_000_000)),
        costs: maybe(money(200_000_000)),
        ip_class1: maybe(Math.floor(r() * 3)),
        ip_class2: maybe(Math.floor(r() * 8)),
      };
    }
    const certifications = r() < 0.3 ? [{ type: 'national_hte', from: `${YEAR - 1 - Math.floor(r() * 3)}-11-15`, to: `${YEAR + 1}-11-14` }] : [];
    const events = [];
    if (r() < 0.1) events.push({ type: 'first_above_scale', year: YEAR });
    if (r() < 0.02) events.push({ type: 'first_innovative_demo_enterprise', year: YEAR });
    if (r() < 0.01) events.push({ type: 'national_st_award', year: YEAR, amount: 200_000 });
    profiles[i] = {
      credit_code: `91640100MA${String(i).padStart(8, '0')}`,
      name: `合成企业${i}`,
      industry: industries[Math.floor(r() * industries.length)],
      founded: `${2000 + Math.floor(r() * 24)}-0${1 + Math.floor(r() * 9)}-15`,
      hte_innovation_score: r() < 0.5 ? Math.floor(r() * 100) : undefined,
      flags: r() < 0.5 ? { western_development_encouraged: r() < 0.3 } : undefined,
      certifications,
      events,
      years,
      synthetic: true,
    };
  }
  return profiles;
}

/** The same rule run by the cel-js interpreter: expressions parsed once, evaluated per profile. */
interface NaiveRule {
  compiled: CompiledRule;
  params: Record<string, unknown>;
  lets: { name: string; run: (context: Record<string, unknown>) => unknown }[];
  conditions: { assumption?: boolean; run: (context: Record<string, unknown>) => unknown }[];
  amount?: (context: Record<string, unknown>) => unknown;
  cap?: (context: Record<string, unknown>) => unknown;
  score?: (context: Record<string, unknown>) => unknown;
}

function naiveRule(compiled: CompiledRule): NaiveRule {
  const env: Environment = baseEnvironment().clone();
  const schema: Record<string, string> = {};
  for (const p of compiled.incentive.parameters) {
    const value = paramValue(p.value);
    schema[p.name] ??= p.unit === 'year' && typeof value === 'number' ? 'int' : celTypeOf(value);
  }
  if (Object.keys(schema).length > 0) env.registerVariable('params', { schema });
  else env.registerVariable('params', 'map<string, decimal>');
  const inForce = parametersInForce(compiled.incentive, `${YEAR}-01-01`);
  const params = Object.fromEntries(Object.entries(inForce).map(([name, value]) => [name, schema[name] === 'int' ? BigInt(value as number) : X.isNum(value) ? new Dec(value) : value]));
  const lets = compiled.lets.map((item) => {
    const parsed = env.parse(item.source);
    env.registerVariable(item.name, parsed.check().type ?? 'dyn');
    return { name: item.name, run: parsed };
  });
  env.registerVariable('amount', 'decimal');
  return {
    compiled,
    params,
    lets,
    conditions: compiled.conditions.map((c) => ({ assumption: c.assumption, run: env.parse(c.source) })),
    amount: compiled.amount && env.parse(compiled.amount.source),
    cap: compiled.cap && env.parse(compiled.cap.source),
    score: compiled.score && env.parse(compiled.score.source),
  };
}

function runNaive(rule: NaiveRule, profile: RuleProfile): string {
  setInterpreterProfile(profile as never, YEAR);
  const t = rule.compiled.rule.trigger;
  if (t.event && !(profile.events ?? []).some((e) => e.type === t.event && e.year === YEAR)) return 'ineligible';
  if (t.certification && !(profile.certifications ?? []).some((c) => c.type === t.certification && c.from.startsWith(`${YEAR}-`))) return 'ineligible';
  const context: Record<string, unknown> = { year: BigInt(YEAR), params: rule.params, profile };
  try {
    for (const item of rule.lets) context[item.name] = item.run(context);
  } catch (error) {
    if (error instanceof MissingInput || (error as Error).name === 'EvaluationError') return 'needs_info';
    throw error;
  }
  let unknown = false;
  for (const condition of rule.conditions) {
    if (condition.assumption) continue;
    try {
      if (condition.run(context) === false) return 'ineligible';
    } catch {
      unknown = true;
    }
  }
  if (unknown) return 'needs_info';
  try {
    if (rule.score) rule.score(context);
    const cap = rule.cap?.(context) as Dec | undefined;
    const amount = rule.amount?.(context) as Dec | undefined;
    if (amount) X.round2(cap && X.cmp(amount.v, cap.v) > 0 ? cap.v : amount.v);
  } catch {
    return 'needs_info';
  }
  return 'eligible';
}

type Generate = (i: number) => RuleProfile;

/** E2's generator (bench/synthetic-profiles.ts, the reference's own profiles) when present, else ours. */
async function profileGenerator(): Promise<{ generate: Generate; label: string }> {
  const path = new URL('./synthetic-profiles.ts', import.meta.url);
  if (existsSync(path)) {
    const module = (await import(path.href)) as { syntheticProfile?: (i: number) => unknown };
    if (typeof module.syntheticProfile === 'function') {
      const make = module.syntheticProfile;
      return { generate: (i) => make(i) as RuleProfile, label: 'bench/synthetic-profiles.ts (shared with the reference)' };
    }
  }
  return { generate: (i) => syntheticProfiles(1, i + 1)[0]!, label: 'incentives.bench.ts generator' };
}

type Reference = (profile: unknown, year: number) => unknown;

async function referenceRules(): Promise<{ evaluate?: Reference; ids?: readonly string[]; note: string }> {
  const path = new URL('./reference-rules.ts', import.meta.url);
  if (!existsSync(path)) return { note: 'reference missing (bench/reference-rules.ts not present)' };
  const module = (await import(path.href)) as { evaluateReference?: Reference; referenceIncentives?: readonly string[] };
  if (typeof module.evaluateReference !== 'function') return { note: 'reference missing (no evaluateReference export)' };
  return { evaluate: module.evaluateReference, ids: module.referenceIncentives, note: 'bench/reference-rules.ts' };
}

/**
 * Every core of this one process: one worker thread per core, each making its share of the profiles
 * (chunk by chunk, not timed) and evaluating it when all are ready (timed: from the go signal to the
 * last thread's answer).
 */
async function runParallel(total: number, chunk: number): Promise<{ ms: number; threads: number; counts: { eligible: number; ineligible: number; needs_info: number } }> {
  const threads = Math.max(1, Math.min(availableParallelism(), 8));
  const workers = Array.from({ length: threads }, () => startTypeScriptWorker(new URL('./incentives-worker.ts', import.meta.url), { year: YEAR }));
  const next = (worker: Worker, type: string) =>
    new Promise<{ counts?: { eligible: number; ineligible: number; needs_info: number } }>((resolve, reject) => {
      const onMessage = (message: { type: string; counts?: { eligible: number; ineligible: number; needs_info: number } }) => {
        if (message.type !== type) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  await Promise.all(workers.map((worker) => next(worker, 'started')));
  const counts = { eligible: 0, ineligible: 0, needs_info: 0 };
  let ms = 0;
  try {
    for (let start = 0; start < total; start += chunk * threads) {
      const share = Math.ceil(Math.min(chunk * threads, total - start) / threads);
      const ready = workers.map((worker, k) => {
        const from = start + k * share;
        const count = Math.max(0, Math.min(share, total - from));
        const made = next(worker, 'ready');
        worker.postMessage({ type: 'make', start: from, count });
        return made;
      });
      await Promise.all(ready);
      const t0 = performance.now();
      const done = workers.map((worker) => {
        const answer = next(worker, 'done');
        worker.postMessage({ type: 'run' });
        return answer;
      });
      const answers = await Promise.all(done);
      ms += performance.now() - t0;
      for (const answer of answers) {
        counts.eligible += answer.counts!.eligible;
        counts.ineligible += answer.counts!.ineligible;
        counts.needs_info += answer.counts!.needs_info;
      }
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return { ms, threads, counts };
}

export async function runIncentiveBench(): Promise<void> {
  const loaded = loadPacks(bundledPacksDir);
  if (!loaded.ok) throw new Error(`packs do not load: ${loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('; ')}`);
  const t0 = performance.now();
  const compiledPacks = loaded.packs.map((pack) => compilePack(pack));
  const compileMs = performance.now() - t0;
  const rules = compiledPacks.flatMap((p) => p.rules).filter((r) => r.rule.profile === 'enterprise');
  const allRules = compiledPacks.reduce((sum, p) => sum + p.rules.length, 0);
  const { generate, label } = await profileGenerator();
  const reference = await referenceRules();
  const referenceRuleSet = reference.ids ? rules.filter((r) => reference.ids!.includes(r.incentive.id)) : [];

  console.log(`\nIncentive engine: ${rules.length} enterprise rules (of ${allRules} rules in ${compiledPacks.length} packs: ${compiledPacks.map((p) => p.pack.metadata.id).join(', ')}), year ${YEAR}`);
  console.log(`compile (cel-js parse + type-check + closures), all packs: ${compileMs.toFixed(1)} ms; profiles: ${label}, made in chunks of 100,000 (not timed)`);

  // First, before this thread holds any profiles: the evaluation on every core of this process.
  // The same evaluation on every core of this process (worker threads), each thread making its own share
  // with the shared generator (the fallback generator of this file is not shared with the threads).
  const parallel = label.startsWith('bench/synthetic-profiles.ts') ? await runParallel(N, 100_000) : { ms: Number.POSITIVE_INFINITY, threads: 0, counts: undefined };
  // Warm-up (JIT) on a first chunk.
  const warm = Array.from({ length: Math.min(N, 20_000) }, (_, i) => generate(i));
  for (const profile of warm) {
    const figures = prepareFigures(profile, YEAR);
    for (const rule of rules) evaluateRuleOutcome(rule, profile, YEAR, undefined, figures);
    reference.evaluate?.(profile, YEAR);
  }
  const counts = { eligible: 0, ineligible: 0, needs_info: 0 };
  let engineMs = 0;
  let engineSubsetMs = 0;
  let referenceMs = 0;
  let peakRss = process.memoryUsage().rss;
  const chunk = 100_000;
  for (let start = 0; start < N; start += chunk) {
    const profiles = Array.from({ length: Math.min(chunk, N - start) }, (_, i) => generate(start + i));
    let e0 = performance.now();
    for (const profile of profiles) {
      // The figures of the year and the three before it, looked up once for all rules (as screening does).
      const figures = prepareFigures(profile, YEAR);
      for (const rule of rules) counts[evaluateRuleOutcome(rule, profile, YEAR, undefined, figures).status] += 1;
    }
    engineMs += performance.now() - e0;
    if (reference.evaluate) {
      e0 = performance.now();
      for (const profile of profiles) {
        const figures = prepareFigures(profile, YEAR);
        for (const rule of referenceRuleSet) evaluateRuleOutcome(rule, profile, YEAR, undefined, figures);
      }
      engineSubsetMs += performance.now() - e0;
      const evaluate = reference.evaluate;
      e0 = performance.now();
      for (const profile of profiles) evaluate(profile, YEAR);
      referenceMs += performance.now() - e0;
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const singleMaxRss = process.resourceUsage().maxRSS * 1024;
  console.log(`engine, one thread (generated code, exact numbers): ${N.toLocaleString('en')} profiles × ${rules.length} rules in ${engineMs.toFixed(0)} ms (${((engineMs * 1e6) / N / rules.length).toFixed(0)} ns per profile·rule)`);
  console.log(`  outcomes: ${counts.eligible} eligible, ${counts.ineligible} ineligible, ${counts.needs_info} needs_info`);
  console.log(`  peak memory: rss ${(peakRss / 2 ** 20).toFixed(0)} MiB sampled, maxRSS ${(singleMaxRss / 2 ** 20).toFixed(0)} MiB (profiles included)`);

  const same = parallel.counts === undefined || (parallel.counts.eligible === counts.eligible && parallel.counts.ineligible === counts.ineligible && parallel.counts.needs_info === counts.needs_info);
  const best = Math.min(engineMs, parallel.ms);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(`engine, ${parallel.threads} worker threads in this process (one per core): ${parallel.ms.toFixed(0)} ms (${(engineMs / parallel.ms).toFixed(2)}× the one-thread run); same outcomes: ${same ? 'yes' : 'NO'}`);
  console.log(`1,000,000-profile target ≤ 1000 ms: ${best.toFixed(0)} ms (${best === engineMs ? 'one thread' : `${parallel.threads} threads`}) — ${N === 1_000_000 && best <= 1000 && same ? 'ok' : N === 1_000_000 ? 'OVER' : 'not measured at 1,000,000'}; peak memory maxRSS ${(maxRss / 2 ** 20).toFixed(0)} MiB — target ≤ 2048 MiB: ${maxRss <= 2 * 2 ** 30 ? 'ok' : 'OVER'}`);
  if (!same) throw new Error(`the threads' outcomes differ from the one-thread run: ${JSON.stringify(parallel.counts)} vs ${JSON.stringify(counts)}`);

  // With explanations (trace + advice), as calc and the API produce them, on a sample.
  const sample = Array.from({ length: Math.min(N, NAIVE_N) }, (_, i) => generate(i));
  const x0 = performance.now();
  for (const profile of sample) for (const rule of rules) evaluateRule(rule, compiledPacks[0]!.ref, profile, YEAR);
  const explainMs = performance.now() - x0;
  console.log(`  with trace and advice: ${sample.length.toLocaleString('en')} profiles in ${explainMs.toFixed(0)} ms (${((explainMs * 1000) / sample.length).toFixed(2)} µs per profile)`);

  // (a) the naive interpreter loop, on the same sample.
  const naive = rules.map(naiveRule);
  for (const profile of sample.slice(0, 2_000)) for (const rule of naive) runNaive(rule, profile);
  const n0 = performance.now();
  for (const profile of sample) for (const rule of naive) runNaive(rule, profile);
  const naiveMs = performance.now() - n0;
  const enginePerProfile = engineMs / N;
  const naivePerProfile = naiveMs / sample.length;
  console.log(`(a) naive cel-js interpreter per profile per rule: ${sample.length.toLocaleString('en')} profiles in ${naiveMs.toFixed(0)} ms (${(naivePerProfile * 1000).toFixed(2)} µs per profile; ≈ ${((naivePerProfile * N) / 1000).toFixed(1)} s for ${N.toLocaleString('en')}) — engine is ${(naivePerProfile / enginePerProfile).toFixed(1)}× faster (target ≥ 10×)`);

  // (b) the hand-written TypeScript rules (helper E2), on the same profiles and the same rules.
  if (!reference.evaluate) {
    console.log(`(b) hand-written TypeScript reference: ${reference.note} — ratio not measured`);
    return;
  }
  console.log(`(b) hand-written TypeScript reference (${reference.note}, ${referenceRuleSet.length} rules: ${referenceRuleSet.map((r) => r.incentive.id).join(', ')}): ${referenceMs.toFixed(0)} ms; the engine on the same ${referenceRuleSet.length} rules: ${engineSubsetMs.toFixed(0)} ms — ${(engineSubsetMs / referenceMs).toFixed(2)}× the reference's time (target ≤ 2×)`);
}
