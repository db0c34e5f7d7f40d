import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { PackProblem } from './pack-problem.ts';
import {
  clausesFileSchema,
  incentivesFileSchema,
  indicatorsFileSchema,
  packMetadataSchema,
  ruleCasesFileSchema,
  targetsFileSchema,
  tasksFileSchema,
  unitsFileSchema,
} from './pack-schema.ts';
import { describePath, YamlSource } from './yaml-source.ts';

/** A file of the pack: its parsed, schema-checked content (undefined when it failed) and its source. */
export interface PackFile<T> {
  source: YamlSource;
  content: T | undefined;
}

export interface PackFolder {
  dir: string;
  metadata: PackFile<z.infer<typeof packMetadataSchema>>;
  clauses: PackFile<z.infer<typeof clausesFileSchema>>;
  units: PackFile<z.infer<typeof unitsFileSchema>>;
  indicators: PackFile<z.infer<typeof indicatorsFileSchema>>;
  targets: PackFile<z.infer<typeof targetsFileSchema>>;
  tasks: PackFile<z.infer<typeof tasksFileSchema>>;
  incentives: PackFile<z.infer<typeof incentivesFileSchema>>;
  ruleCases: PackFile<z.infer<typeof ruleCasesFileSchema>>[];
  problems: PackProblem[];
}

/** Reads every file of a pack folder and checks each against its schema; never throws on bad content. */
export function readPackFolder(dir: string): PackFolder {
  const problems: PackProblem[] = [];
  const read = <S extends z.ZodType>(name: string, schema: S, required: boolean): PackFile<z.infer<S>> => {
    const file = join(dir, name);
    if (!existsSync(file)) {
      if (required) problems.push({ file, line: 0, message: `missing file ${name}` });
      return { source: new YamlSource(file, ''), content: undefined };
    }
    return checkFile(new YamlSource(file, readFileSync(file, 'utf8')), schema, problems);
  };
  const testsDir = join(dir, 'tests');
  const ruleCaseFiles = existsSync(testsDir)
    ? readdirSync(testsDir).filter((name) => /\.ya?ml$/.test(name)).sort()
    : [];
  return {
    dir,
    metadata: read('pack.yaml', packMetadataSchema, true),
    clauses: read('clauses.yaml', clausesFileSchema, true),
    units: read('units.yaml', unitsFileSchema, false),
    indicators: read('indicators.yaml', indicatorsFileSchema, false),
    targets: read('targets.yaml', targetsFileSchema, false),
    tasks: read('tasks.yaml', tasksFileSchema, false),
    incentives: read('incentives.yaml', incentivesFileSchema, false),
    ruleCases: ruleCaseFiles.map((name) => read(join('tests', name), ruleCasesFileSchema, true)),
    problems,
  };
}

function checkFile<S extends z.ZodType>(source: YamlSource, schema: S, problems: PackProblem[]): PackFile<z.infer<S>> {
  if (source.syntaxProblems.length > 0) {
    problems.push(...source.syntaxProblems);
    return { source, content: undefined };
  }
  const data: unknown = source.data ?? {};
  const result = schema.safeParse(data);
  if (result.success) return { source, content: result.data };
  for (const issue of result.error.issues) {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ file: source.file, line: source.lineOfKey(path, key), message: `${describePath([...path, key])}: unknown field "${key}"` });
      }
      continue;
    }
    // Recognised by the issue's structure, never its wording (which zod may change or translate):
    // a wrong type where the file has no such key at all.
    const missing = issue.code === 'invalid_type' && isAbsent(data, path);
    const message = missing ? `missing required field "${String(path.at(-1))}"` : issue.message;
    problems.push({ file: source.file, line: source.lineOf(path), message: `${describePath(path)}: ${message}` });
  }
  return { source, content: undefined };
}

/** True when the object at `path`'s parent has no key `path`'s last part (or there is no such parent). */
function isAbsent(data: unknown, path: readonly (string | number)[]): boolean {
  let parent: unknown = data;
  for (const part of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return true;
    parent = (parent as Record<string | number, unknown>)[part];
  }
  const key = path.at(-1);
  if (key === undefined) return data === undefined;
  return typeof parent !== 'object' || parent === null || !Object.hasOwn(parent, key) || (parent as Record<string | number, unknown>)[key] === undefined;
}
