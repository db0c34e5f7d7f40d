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
import { checkYamlSchema } from './check-yaml-schema.ts';
import { YamlSource } from './yaml-source.ts';

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
  const checked = checkYamlSchema(source, schema);
  problems.push(...checked.problems);
  return { source, content: checked.content };
}
