/**
 * Time to first answer of `npm start` on a fresh data folder: from spawning the command to the
 * first 200 of /api/health. The data folder is a throwaway one, removed afterwards.
 *
 *   node --import tsx scripts/start-time.ts [command …]     (default: npm start)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const command = process.argv.length > 2 ? process.argv.slice(2) : ['npm', 'start'];
const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-start-time-'));
const port = 3900 + Math.floor(Math.random() * 90);
const started = performance.now();
const child = spawn(command[0] ?? 'npm', command.slice(1), {
  env: { ...process.env, DATA_DIR: dataDir, PORT: String(port) },
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
});
let exited = false;
child.on('exit', () => (exited = true));
try {
  for (;;) {
    if (exited) throw new Error(`${command.join(' ')} exited before answering`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    // Polling, not ordering: the figure is only as fine as this step.
    await delay(50);
  }
  console.log(`${command.join(' ')}: first 200 of /api/health after ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  // npm starts node as a child: stop the whole group this script started.
  if (child.pid !== undefined && !exited) process.kill(-child.pid, 'SIGTERM');
  await new Promise((resolve) => (exited ? resolve(undefined) : child.once('exit', resolve)));
  rmSync(dataDir, { recursive: true, force: true });
}
