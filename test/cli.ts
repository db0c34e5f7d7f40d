import { main } from '../src/cli/main.ts';
import type { Output } from '../src/cli/output.ts';

/** Runs the CLI in process, capturing stdout and stderr, as a user's shell would see them. */
export async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const output: Output = { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) };
  const code = await main(['node', 'kechuang', ...args], output);
  return { code, stdout, stderr };
}
