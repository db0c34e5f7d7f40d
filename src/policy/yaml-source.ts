import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { PackProblem } from './pack-problem.ts';

export type YamlPath = readonly (string | number)[];

/**
 * A parsed YAML file that remembers where every value came from, so that a problem found in
 * the data (by zod or by a cross-reference check) can be reported at its line.
 */
export class YamlSource {
  readonly file: string;
  readonly data: unknown;
  readonly syntaxProblems: PackProblem[];
  private readonly document: Document;
  private readonly lineCounter: LineCounter;

  constructor(file: string, text: string) {
    this.file = file;
    this.lineCounter = new LineCounter();
    this.document = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    this.syntaxProblems = this.document.errors.map((error) => ({
      file,
      line: error.linePos?.[0]?.line ?? this.lineAt(error.pos[0]),
      message: `YAML syntax: ${error.message.split('\n')[0] ?? error.code}`,
    }));
    this.data = this.syntaxProblems.length === 0 ? this.document.toJS() : undefined;
  }

  /** The line of the value at `path`, or of its nearest existing ancestor. */
  lineOf(path: YamlPath): number {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = this.document.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range) return this.lineAt(node.range[0]);
    }
    return 1;
  }

  /** The line of the key `key` inside the mapping at `path` (better than the value for "unknown key"). */
  lineOfKey(path: YamlPath, key: string): number {
    const parent = this.document.getIn(path, true);
    if (isNode(parent) && 'items' in parent && Array.isArray(parent.items)) {
      for (const item of parent.items as unknown[]) {
        if (item && typeof item === 'object' && 'key' in item) {
          const keyNode = (item as { key: unknown }).key;
          if (isNode(keyNode) && keyNode.range && String((keyNode as { value?: unknown }).value) === key) {
            return this.lineAt(keyNode.range[0]);
          }
        }
      }
    }
    return this.lineOf(path);
  }

  /** A problem at `path`, its message prefixed with the path (`tasks[3].lead_units[0]: …`). */
  problem(path: YamlPath, message: string): PackProblem {
    return { file: this.file, line: this.lineOf(path), message: `${describePath(path)}: ${message}` };
  }

  private lineAt(offset: number): number {
    return this.lineCounter.linePos(offset).line;
  }
}

/** `tasks[3].measures[0].lead_units`, the way a person reads a YAML path. */
export function describePath(path: YamlPath): string {
  if (path.length === 0) return '(file)';
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}
