import { compilePack } from './src/incentives/compile-pack.ts';
import { loadPacks } from './src/policy/load-pack.ts';
import { parametersInForce } from './src/incentives/compile-rule.ts';
import { syntheticProfile } from './bench/synthetic-profiles.ts';
const l = loadPacks('packs'); if (!l.ok) throw 1;
const rule = l.packs.map(p=>compilePack(p)).flatMap(p=>p.rules).find(r=>r.incentive.id==='national.hte-recognition')!;
const params = parametersInForce(rule.incentive, '2024-01-01');
const ps = Array.from({length: 50000}, (_, i) => syntheticProfile(i)) as any[];
const scopes = ps.map(p => { const s:any = { year: 2024, params, profile: p, slots: [], assumed: [] }; for (const x of rule.lets) s.slots.push(x.fn(s)); return s; });
for (const step of [...rule.lets, ...rule.conditions]) { for (const s of scopes.slice(0,5000)) step.fn(s); const t=performance.now(); for (const s of scopes) step.fn(s); console.log(step.name.padEnd(28), ((performance.now()-t)*1000/ps.length).toFixed(3), 'µs'); }
