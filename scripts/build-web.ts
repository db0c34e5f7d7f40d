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

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** The files of web/ that go into a build: not the build, its stamp, or installed packages. */
async function inputFiles(folder: string, excluded: ReadonlySet<string>): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (entry) => {
      const path = join(folder, entry.name);
      if (excluded.has(path)) return [];
      if (entry.isDirectory()) return inputFiles(path, excluded);
      return entry.isFile() ? [path] : [];
    }),
  );
  return files.flat();
}

/** The digest of a build's inputs (the project's web/ folder and dependency manifests) and mode. */
export async function webInputDigest(root: string, mode: string): Promise<string> {
  const webRoot = join(root, 'web');
  const excluded = new Set([join(webRoot, 'dist'), join(webRoot, '.dist-stamp'), join(webRoot, 'node_modules')]);
  const files = [...(await inputFiles(webRoot, excluded)), join(root, 'package.json'), join(root, 'package-lock.json')].filter((file) => existsSync(file)).sort();
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
  const webRoot = join(projectRoot, 'web');
  const outDir = join(webRoot, 'dist');
  const stampFile = join(webRoot, '.dist-stamp');
  const digest = await webInputDigest(projectRoot, mode);
  const built = existsSync(join(outDir, 'index.html')) && existsSync(stampFile) && (await readFile(stampFile, 'utf8')).trim() === digest;
  if (built && !values.force) return;
  // A stamp outlives only the build it describes: removed first, written after a whole build.
  await rm(stampFile, { force: true });
  await build({ configFile: join(webRoot, 'vite.config.ts'), mode, logLevel: 'warn' });
  await writeFile(stampFile, `${digest}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
