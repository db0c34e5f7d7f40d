import type { z } from 'zod';
import type { PackProblem } from './pack-problem.ts';
import { describePath, type YamlSource } from './yaml-source.ts';

/**
 * A YAML file's data checked against its schema: the content, or every problem with the file and
 * line it is on (`path: message`), sorted by line. Packs, assessment schemes and index specs all
 * read their files through this.
 */
export function checkYamlSchema<S extends z.ZodType>(source: YamlSource, schema: S): { content: z.infer<S>; problems: [] } | { content: undefined; problems: PackProblem[] } {
  if (source.syntaxProblems.length > 0) return { content: undefined, problems: [...source.syntaxProblems] };
  const data: unknown = source.data ?? {};
  const result = schema.safeParse(data);
  if (result.success) return { content: result.data, problems: [] };
  const problems: PackProblem[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ file: source.file, line: source.lineOfKey(path, key), message: `${describePath([...path, key])}: unknown field "${key}"` });
      }
      continue;
    }
    // Recognised by the data, never zod's wording (which it may change or translate): whatever the
    // issue (a wrong type, no member of a union matched), the file has no such key at all.
    const missing = isAbsent(data, path);
    const message = missing ? `missing required field "${String(path.at(-1))}"` : issue.message;
    problems.push({ file: source.file, line: source.lineOf(path), message: `${describePath(path)}: ${message}` });
  }
  return { content: undefined, problems: problems.sort((a, b) => a.line - b.line) };
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
