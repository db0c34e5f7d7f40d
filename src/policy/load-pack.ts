import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sortPackProblems, type PackProblem } from './pack-problem.ts';
import type { PolicyPack } from './pack-schema.ts';
import { readPackFolder } from './read-pack-folder.ts';
import { validatePackReferences, type ReferenceContext } from './validate-pack-references.ts';

export type LoadPackResult = { ok: true; pack: PolicyPack } | { ok: false; problems: PackProblem[] };

/** Reads, validates and normalises one pack folder. Every problem is returned, none thrown. */
export function loadPack(dir: string, context: ReferenceContext = {}): LoadPackResult {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { ok: false, problems: [{ file: dir, line: 0, message: 'not a pack folder (no such directory)' }] };
  }
  const folder = readPackFolder(dir);
  const problems = sortPackProblems([...folder.problems, ...validatePackReferences(folder, context)]);
  const { metadata, clauses, units, indicators, targets, tasks, incentives } = folder;
  if (problems.length > 0 || !metadata.content || !clauses.content) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    pack: {
      metadata: metadata.content,
      preamble: clauses.content.preamble,
      closing: clauses.content.closing,
      sections: clauses.content.sections,
      clauses: [...clauses.content.clauses].sort((a, b) => a.number - b.number),
      units: units.content?.units ?? [],
      indicators: indicators.content?.indicators ?? [],
      qualityRules: indicators.content?.quality_rules ?? [],
      targets: targets.content?.targets ?? [],
      tasks: tasks.content?.tasks ?? [],
      incentives: incentives.content?.incentives ?? [],
      ruleCases: folder.ruleCases.flatMap((file) => file.content?.cases ?? []),
    },
  };
}

/** The packs folder shipped with Kechuang (`packs/` at the repository root). */
export const bundledPacksDir = resolve(fileURLToPath(new URL('../../packs', import.meta.url)));

/** Every sub-folder of `packsDir` that holds a pack.yaml. */
export function listPackFolders(packsDir: string = bundledPacksDir): string[] {
  if (!existsSync(packsDir)) return [];
  return readdirSync(packsDir)
    .map((name) => join(packsDir, name))
    .filter((dir) => existsSync(join(dir, 'pack.yaml')))
    .sort();
}

export type LoadPacksResult = { ok: true; packs: PolicyPack[] } | { ok: false; problems: PackProblem[] };

/** Loads every pack of a folder; any problem in any pack fails the whole load (no half-loaded platform). */
export function loadPacks(packsDir: string = bundledPacksDir, context: ReferenceContext = {}): LoadPacksResult {
  const packs: PolicyPack[] = [];
  const problems: PackProblem[] = [];
  const seen = new Map<string, string>();
  for (const dir of listPackFolders(packsDir)) {
    const result = loadPack(dir, context);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const other = seen.get(result.pack.metadata.id);
    if (other) problems.push({ file: join(dir, 'pack.yaml'), line: 1, message: `duplicate pack id "${result.pack.metadata.id}" (also in ${other})` });
    seen.set(result.pack.metadata.id, dir);
    packs.push(result.pack);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, packs };
}
