/**
 * Builds the web app (web/ → web/dist) unless the last build was made from the same inputs.
 *
 *   node --import tsx scripts/build-web.ts [--mode release] [--force]
 *
 * The inputs are every file under web/ (but its build and the stamp), web's config, and the
 * dependency manifests (package.json, package-lock.json); the mode is part of them too. Their
 * digest is written to web/.dist-stamp after a build, so that a second `npm start` on an unchanged
 * checkout starts the server at once instead of rebuilding for several seconds. The web imports
 * only types from src/ (lint enforces it), so src/ is not an input of the bundle.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const webRoot = join(root, 'web');
const outDir = join(webRoot, 'dist');
const stampFile = join(webRoot, '.dist-stamp');
const excluded = new Set([outDir, stampFile, join(webRoot, 'node_modules')]);

async function inputFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (entry) => {
      const path = join(folder, entry.name);
      if (excluded.has(path)) return [];
      if (entry.isDirectory()) return inputFiles(path);
      return entry.isFile() ? [path] : [];
    }),
  );
  return files.flat();
}

export async function webInputDigest(mode: string): Promise<string> {
  const files = [...(await inputFiles(webRoot)), join(root, 'package.json'), join(root, 'package-lock.json')].filter((file) => existsSync(file)).sort();
  const hash = createHash('sha256').update(`mode ${mode}\n`);
  for (const file of files) {
    hash.update(`${relative(root, file)}\n`);
    hash.update(await readFile(file));
    hash.update('\n');
  }
  return hash.digest('hex');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mode: { type: 'string', default: 'production' }, force: { type: 'boolean', default: false } } });
  const mode = values.mode ?? 'production';
  const digest = await webInputDigest(mode);
  const built = existsSync(join(outDir, 'index.html')) && existsSync(stampFile) && (await readFile(stampFile, 'utf8')).trim() === digest;
  if (built && !values.force) return;
  // A stamp outlives only the build it describes: removed first, written after a whole build.
  await rm(stampFile, { force: true });
  await build({ configFile: join(webRoot, 'vite.config.ts'), mode, logLevel: 'warn' });
  await writeFile(stampFile, `${digest}\n`);
}

await main();
