// The module map: which module of src/ may import which. It is data: eslint.config.js turns it
// into import rules, and docs/ARCHITECTURE.md shows it (a test checks the two agree).
//
// - A module imports another only through that module's public surface, `src/<module>/index.ts`.
// - `db` alone may also import each module's `*-schema.ts`: it composes the tables into one schema.
// - Tests (`*.test.ts`) compose the whole system and are not bound by the map.
// - The web imports nothing of src/ but the modules' `*-contract.ts` files, and those only with
//   `import type`: the web's types come from the server's contract, its code from nowhere else.

/** @type {Record<string, { about: string; mayImport: string[] }>} */
export const moduleMap = {
  shared: { about: 'errors, the Beijing clock, table files and workbooks: nothing of any domain', mayImport: [] },
  db: { about: 'the database handle, migrations, error codes; composes the modules’ tables', mayImport: ['shared'] },
  areas: { about: 'the GB/T 2260 area tree', mayImport: ['shared', 'db'] },
  accounts: { about: 'accounts, sessions, roles, the permission table and the action catalogue', mayImport: ['shared', 'db', 'areas', 'audit', 'policy'] },
  audit: { about: 'the append-only, hash-chained audit log', mayImport: ['shared', 'db', 'accounts'] },
  policy: { about: 'policy packs: clauses, units, indicators, targets, tasks, incentives', mayImport: ['shared', 'db', 'areas', 'accounts'] },
  indicators: { about: 'indicator values, their workflow, evaluation against the targets, reports', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'policy'] },
  registry: { about: 'enterprises, certifications, platforms, technology contracts', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'policy', 'indicators'] },
  incentives: { about: 'incentive rules: the CEL compiler with exact money, benefits with trace and advice, rule cases', mayImport: ['shared', 'accounts', 'policy'] },
  jobs: { about: 'the job queue: in-process on the embedded database, pg-boss on PostgreSQL; workers', mayImport: ['shared', 'db'] },
  awards: { about: 'the award ledger: candidate to paid, 公示 notices, objections, payments', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'policy', 'registry', 'indicators'] },
  fiscal: { about: 'cost by incentive, area and year: paid, approved, forecast; what-if over parameters and saved scenarios', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'policy', 'registry', 'incentives'] },
  screening: { about: 'screening runs over the registry (免申即享): results, comparison, export', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'policy', 'registry', 'incentives', 'jobs'] },
  reports: { about: 'reports generated in the background on the job queue: requests, their state and the files', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'jobs'] },
  assessment: { about: 'the yearly assessment of units and areas: scoring scheme, scores with their basis, ranks, 督查通报', mayImport: ['shared', 'accounts', 'areas', 'policy'] },
  notices: { about: 'supervision notices (督办单), escalation (催办), reminders sent once on the job queue, notification channels', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'policy', 'jobs'] },
  supervision: { about: 'supervision (督查督办): assignments, cycles, reports, review, evidence, lights, close-off, views', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'policy', 'indicators', 'jobs'] },
  'innovation-index': { about: 'composite innovation indices: the spec, the pipeline (denominate, impute, outliers, normalise, aggregate), ranks, groups, sensitivity', mayImport: ['shared', 'policy'] },
  platform: { about: 'start-up: packs checked, migrations, seeds; composes the modules’ actions', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'policy', 'indicators', 'registry', 'incentives', 'jobs', 'awards', 'fiscal', 'screening', 'reports', 'assessment', 'notices', 'supervision', 'innovation-index'] },
  server: { about: 'HTTP: thin routes over the modules’ use cases', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'policy', 'indicators', 'registry', 'platform', 'incentives', 'jobs', 'awards', 'fiscal', 'screening', 'reports', 'assessment', 'notices', 'supervision', 'innovation-index'] },
  cli: { about: 'the kechuang command: thin commands over the same use cases', mayImport: ['shared', 'db', 'areas', 'accounts', 'audit', 'policy', 'indicators', 'registry', 'platform', 'server', 'incentives', 'jobs', 'awards', 'fiscal', 'screening', 'reports', 'assessment', 'notices', 'supervision', 'innovation-index'] },
};

