import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { DatabaseOptions } from '../src/db/open-database.ts';
import type { Output } from '../src/cli/output.ts';
import type { DatabaseTarget } from './databases.ts';

/** Runs the CLI in process, capturing stdout and stderr, as a user's shell would see them. */
export async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const output: Output = { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) };
  const code = await main(['node', 'kechuang', ...args], output);
  return { code, stdout, stderr };
}

/**
 * The database a CLI command opens in a suite on `target`, and a scratch folder: PGlite in a
 * folder of its own (the CLI opens it by path, as a user's DATA_DIR), or a server database of the
 * suite's own, dropped afterwards with the folder. Read `options` and `folder` inside tests.
 */
export function cliDatabase(target: DatabaseTarget, prefix: string): { readonly options: DatabaseOptions; readonly folder: string } {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const suite: { options: DatabaseOptions; folder: string; drop?: () => Promise<void> } = { options: { dataDir: join(folder, 'data') }, folder };
  beforeAll(async () => {
    if (target.name === 'pglite') return;
    const created = await target.create();
    suite.options = created.options;
    suite.drop = created.drop;
  });
  afterAll(async () => {
    await suite.drop?.();
    rmSync(folder, { recursive: true, force: true });
  });
  return suite;
}
