/**
 * Users read Chinese first: every `interpretation:` note in the incentives, indicators, targets and clauses
 * files of every bundled pack has its Chinese rendering, `interpretation_zh:`, on the same object. A new English
 * note without Chinese fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const packsDir = new URL('.', import.meta.url).pathname;
const FILES = ['incentives.yaml', 'indicators.yaml', 'targets.yaml', 'clauses.yaml'];

interface Note {
  where: string;
  interpretation: unknown;
  zh: unknown;
}

/** Every object holding an `interpretation` (or an `interpretation_zh`), with its path in the document. */
function notes(value: unknown, where: string, found: Note[]): Note[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const id = item && typeof item === 'object' && !Array.isArray(item) ? ((item as Record<string, unknown>).id ?? (item as Record<string, unknown>).code ?? (item as Record<string, unknown>).name ?? (item as Record<string, unknown>).number) : undefined;
      notes(item, `${where}[${id === undefined ? index : String(id)}]`, found);
    });
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('interpretation' in record || 'interpretation_zh' in record) found.push({ where, interpretation: record.interpretation, zh: record.interpretation_zh });
    for (const [key, child] of Object.entries(record)) notes(child, `${where}.${key}`, found);
  }
  return found;
}

function packFiles(): string[] {
  const files: string[] = [];
  for (const pack of readdirSync(packsDir, { withFileTypes: true })) {
    if (!pack.isDirectory()) continue;
    for (const file of FILES) if (existsSync(join(packsDir, pack.name, file))) files.push(`${pack.name}/${file}`);
  }
  return files.sort();
}

describe('Chinese interpretations (interpretation_zh)', () => {
  const files = packFiles();

  it('finds the bundled packs', () => {
    expect(files).toContain('ningxia-2022-st-action/incentives.yaml');
    expect(files).toContain('national-hte-recognition/incentives.yaml');
  });

  it.each(files)('%s: every interpretation has a Chinese interpretation_zh beside it', (file) => {
    const found = notes(parse(readFileSync(join(packsDir, file), 'utf8')), file, []);
    const problems: string[] = [];
    for (const note of found) {
      if (typeof note.interpretation !== 'string' || note.interpretation.trim() === '') problems.push(`${note.where}: interpretation_zh without an interpretation`);
      if (typeof note.zh !== 'string' || note.zh.trim() === '') problems.push(`${note.where}: interpretation without interpretation_zh`);
      else if (!/[\u4e00-\u9fff]/.test(note.zh)) problems.push(`${note.where}: interpretation_zh has no Chinese`);
    }
    expect(problems).toEqual([]);
  });
});
