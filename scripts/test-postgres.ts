/**
 * `npm run test:pg`: the suites that run on PostgreSQL, alone, against the server named by
 * TEST_DATABASE_URL (each suite creates a database of its own there and drops it afterwards).
 * Every such suite names its target in its title ("… on postgres"), which is what this selects.
 */
import { spawnSync } from 'node:child_process';

if (!process.env.TEST_DATABASE_URL) {
  console.error('TEST_DATABASE_URL is not set: name a PostgreSQL server the tests may create databases on, e.g.\n  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:pg');
  process.exit(2);
}
const result = spawnSync('npx', ['vitest', 'run', 'src', 'packs', '--testNamePattern', ' on postgres', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
