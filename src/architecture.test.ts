/**
 * The architecture is enforced, not only described: lint refuses an import the module map does
 * not allow (a domain module importing the server, the web importing server code), and
 * docs/ARCHITECTURE.md shows the map as module-map.js holds it.
 */
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { moduleMap } from '../module-map.js';

const projectRoot = new URL('..', import.meta.url).pathname;

/** Lints `code` as if it were the file at `filePath` (an existing file, so that typed rules know it). */
async function lintAs(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: projectRoot });
  const [result] = await eslint.lintText(code, { filePath: `${projectRoot}${filePath}` });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? ''}: ${message.message}`);
}

describe('the module map', () => {
  it('refuses a domain module importing the HTTP layer', async () => {
    const problems = await lintAs('src/indicators/period.ts', "import { buildApp } from '../server/app.ts';\nexport const app = buildApp;\n");
    expect(problems).toEqual([expect.stringContaining('does not let indicators import server')]);
  }, 60_000);

  it('refuses a module reaching past another module’s public surface', async () => {
    const problems = await lintAs('src/registry/registry-vocabulary.ts', "import { findValueRows } from '../indicators/value-repository.ts';\nexport const rows = findValueRows;\n");
    expect(problems).toEqual([expect.stringContaining('through its public surface, src/indicators/index.ts')]);
  }, 60_000);

  it('refuses web code importing server code, and a value import even of the contract', async () => {
    const server = await lintAs('web/src/main.tsx', "import type { AppOptions } from '../../src/server/app.ts';\nexport type Options = AppOptions;\n");
    expect(server).toEqual(expect.arrayContaining([expect.stringContaining('The web imports only the contract')]));
    const value = await lintAs('web/src/main.tsx', "import { accountActions } from '../../src/accounts/account-actions.ts';\nexport const actions = accountActions;\n");
    expect(value).toEqual(expect.arrayContaining([expect.stringContaining('The web takes only types')]));
  }, 60_000);

  it('is the one shown in docs/ARCHITECTURE.md', () => {
    const architecture = readFileSync(`${projectRoot}docs/ARCHITECTURE.md`, 'utf8');
    const rows = Object.entries(moduleMap).map(([module, entry]) => `| \`${module}\` | ${entry.mayImport.length > 0 ? entry.mayImport.map((name) => `\`${name}\``).join(', ') : '—'} | ${entry.about} |`);
    expect(architecture).toContain(['| module | may import | what it holds |', '| --- | --- | --- |', ...rows].join('\n'));
  });
});
