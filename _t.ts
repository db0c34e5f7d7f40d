import { runRuleCases, formatCaseFailure } from './src/incentives/index.ts';
const r = runRuleCases(process.argv[2] ?? 'packs/ningxia-2022-st-action');
if (!r.ok) console.log(r.problems); else { console.log(r.passed, r.failed); for (const c of r.cases) if (!c.ok) console.log(formatCaseFailure(c)); }
