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
import { performance } from 'node:perf_hooks';
import type { Environment } from '@marcbachmann/cel-js';
import { baseEnvironment, celTypeOf, Dec, MissingInput, setInterpreterProfile } from '../src/incentives/cel-environment.ts';
import { compilePack } from '../src/incentives/compile-pack.ts';
import { paramValue, parametersInForce, type CompiledRule } from '../src/incentives/compile-rule.ts';
import type { RuleProfile } from '../src/incentives/compile-expression.ts';
import { evaluateRule, evaluateRuleOutcome } from '../src/incentives/evaluate-rule.ts';
import * as X from '../src/incentives/exact.ts';
import { bundledPacksDir, loadPacks } from '../src/policy/load-pack.ts';

const YEAR = 2024;
const N = Number(process.env.BENCH_INCENTIVES_N ?? 1_000_000);
const NAIVE_N = Number(process.env.BENCH_INCENTIVES_NAIVE ?? 20_000);

/** A small deterministic generator (mulberry32), so every run measures the same profiles. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const industries = ['C3989', 'C2710', 'I6510', 'M7320', 'C1610', 'H6110', 'F5211', 'K7010', 'C3511'];

/** Synthetic enterprise profiles (labelled synthetic): 3 fiscal years, certificates, events; ~5% of fields missing, ~10% of amounts with 分. */
export function syntheticProfiles(count: number, seed = 12): RuleProfile[] {
  const r = random(seed);
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

export async function runIncentiveBench(): Promise<void> {
  const loaded = loadPacks(bundledPacksDir);
  if (!loaded.ok) throw new Error(`packs do not load: ${loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('; ')}`);
  const t0 = performance.now();
  const compiledPacks = loaded.packs.map((pack) => compilePack(pack));
  const compileMs = performance.now() - t0;
  const rules = compiledPacks.flatMap((p) => p.rules).filter((r) => r.rule.profile === 'enterprise');
  const allRules = compiledPacks.reduce((sum, p) => sum + p.rules.length, 0);

  console.log(`\nIncentive engine: ${rules.length} enterprise rules (of ${allRules} rules in ${compiledPacks.length} packs: ${compiledPacks.map((p) => p.pack.metadata.id).join(', ')}), year ${YEAR}`);
  console.log(`compile (cel-js parse + type-check + closures), all packs: ${compileMs.toFixed(1)} ms`);
  const g0 = performance.now();
  const profiles = syntheticProfiles(N);
  console.log(`generated ${N.toLocaleString('en')} synthetic profiles in ${((performance.now() - g0) / 1000).toFixed(1)} s (not timed below); rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);

  // Warm up the closures (JIT), then the measured pass over every profile and every rule.
  for (let i = 0; i < Math.min(N, 20_000); i += 1) for (const rule of rules) evaluateRuleOutcome(rule, profiles[i]!, YEAR);
  const counts = { eligible: 0, ineligible: 0, needs_info: 0 };
  let peakRss = process.memoryUsage().rss;
  const e0 = performance.now();
  for (let i = 0; i < N; i += 1) {
    const profile = profiles[i]!;
    for (const rule of rules) counts[evaluateRuleOutcome(rule, profile, YEAR).status] += 1;
    if ((i & 0xffff) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const engineMs = performance.now() - e0;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(`engine (compiled closures, exact numbers): ${N.toLocaleString('en')} profiles × ${rules.length} rules in ${engineMs.toFixed(0)} ms (${((engineMs * 1e6) / N / rules.length).toFixed(0)} ns per profile·rule) — target ≤ 1000 ms: ${engineMs <= 1000 ? 'ok' : 'OVER'}`);
  console.log(`  outcomes: ${counts.eligible} eligible, ${counts.ineligible} ineligible, ${counts.needs_info} needs_info`);
  console.log(`  peak memory: rss ${(peakRss / 2 ** 20).toFixed(0)} MiB sampled, maxRSS ${(maxRss / 2 ** 20).toFixed(0)} MiB (profiles included) — target ≤ 2048 MiB: ${maxRss <= 2 * 2 ** 30 ? 'ok' : 'OVER'}`);

  // With explanations (trace + advice), as calc and the API produce them, on a sample.
  const explainN = Math.min(N, 100_000);
  const x0 = performance.now();
  for (let i = 0; i < explainN; i += 1) for (const rule of rules) evaluateRule(rule, compiledPacks[0]!.ref, profiles[i]!, YEAR);
  const explainMs = performance.now() - x0;
  console.log(`  with trace and advice: ${explainN.toLocaleString('en')} profiles in ${explainMs.toFixed(0)} ms (${((explainMs * 1000) / explainN).toFixed(2)} µs per profile)`);

  // (a) the naive interpreter loop.
  const naive = rules.map(naiveRule);
  const naiveN = Math.min(N, NAIVE_N);
  for (let i = 0; i < Math.min(naiveN, 2_000); i += 1) for (const rule of naive) runNaive(rule, profiles[i]!);
  const n0 = performance.now();
  let agree = 0;
  for (let i = 0; i < naiveN; i += 1) {
    for (const rule of naive) if (runNaive(rule, profiles[i]!) !== 'x') agree += 1;
  }
  const naiveMs = performance.now() - n0;
  const enginePerProfile = engineMs / N;
  const naivePerProfile = naiveMs / naiveN;
  console.log(`(a) naive cel-js interpreter per profile per rule: ${naiveN.toLocaleString('en')} profiles in ${naiveMs.toFixed(0)} ms (${(naivePerProfile * 1000).toFixed(2)} µs per profile; ${(naivePerProfile * N / 1000).toFixed(1)} s for ${N.toLocaleString('en')}) — engine is ${(naivePerProfile / enginePerProfile).toFixed(1)}× faster (target ≥ 10×)`);
  void agree;

  // (b) the hand-written TypeScript rules of helper E2, if present.
  const referencePath = new URL('./reference-rules.ts', import.meta.url);
  if (!existsSync(referencePath)) {
    console.log('(b) hand-written TypeScript reference: reference missing (bench/reference-rules.ts not present) — ratio not measured');
    return;
  }
  const reference = (await import(referencePath.href)) as { evaluateReference?: (profile: unknown, year: number) => unknown };
  if (typeof reference.evaluateReference !== 'function') {
    console.log('(b) hand-written TypeScript reference: reference missing (no evaluateReference export) — ratio not measured');
    return;
  }
  const evaluateReference = reference.evaluateReference;
  for (let i = 0; i < Math.min(N, 20_000); i += 1) evaluateReference(profiles[i], YEAR);
  const r0 = performance.now();
  for (let i = 0; i < N; i += 1) evaluateReference(profiles[i], YEAR);
  const referenceMs = performance.now() - r0;
  console.log(`(b) hand-written TypeScript reference: ${N.toLocaleString('en')} profiles in ${referenceMs.toFixed(0)} ms — engine is ${(engineMs / referenceMs).toFixed(2)}× its time (target ≤ 2×)`);
}
