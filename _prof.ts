import { compilePack } from './src/incentives/compile-pack.ts';
import { evaluateRuleOutcome } from './src/incentives/evaluate-rule.ts';
import { loadPacks } from './src/policy/load-pack.ts';
import { syntheticProfile } from './bench/synthetic-profiles.ts';
const l = loadPacks('packs'); if (!l.ok) throw 1;
const rules = l.packs.map(p=>compilePack(p)).flatMap(p=>p.rules).filter(r=>r.rule.profile==='enterprise');
const ps = Array.from({length: 50000}, (_, i) => syntheticProfile(i)) as any[];
for (const p of ps.slice(0, 5000)) for (const r of rules) evaluateRuleOutcome(r, p, 2024);
for (const r of rules) { const t=performance.now(); for (const p of ps) evaluateRuleOutcome(r, p, 2024); console.log(r.incentive.id, ((performance.now()-t)*1000/ps.length).toFixed(2), 'µs'); }
