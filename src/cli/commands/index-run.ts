import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledIndexSpecs, readIndexCsv, readIndexSpec, runIndex, scoresCsv, stageCsv, type IndexResult, type IndexSpec, type IndexTable } from '../../innovation-index/index.ts';
import { csvDataOf, preparePlatform, readStoreIndexTable, type PlatformOptions } from '../../platform/index.ts';
import { exitCodes, type Output } from '../output.ts';

export interface IndexRunOptions {
  csv?: string;
  stages?: string;
  json?: boolean;
  /** `--sensitivity [YEAR]`: rank robustness for the last year (true) or the year given. */
  sensitivity?: boolean | string;
}

/** SPEC as a file path, else a bundled spec's id; null (and a message) when it is neither. */
export function findIndexSpecFile(spec: string): string | null {
  if (existsSync(spec)) return spec;
  return bundledIndexSpecs().find((entry) => entry.id === spec)?.file ?? null;
}

/**
 * `kechuang index run SPEC [--csv FILE] [--stages DIR] [--json]`: a composite index (issue 15).
 * With --json one JSON document on stdout (the scores, the tree, the outlier treatments and,
 * with --sensitivity, the rank robustness); with --stages every stage and the scores as CSV files.
 * Exit 1 on a bad spec or CSV (each problem as file:line), 2 on usage errors.
 */
export async function indexRun(specArgument: string, options: IndexRunOptions, platformOptions: PlatformOptions, output: Output): Promise<number> {
  const file = findIndexSpecFile(specArgument);
  if (!file) {
    const known = bundledIndexSpecs().map((entry) => entry.id);
    output.err(`error: "${specArgument}" is neither a spec file nor a bundled spec; bundled: ${known.join(', ')}`);
    return exitCodes.usage;
  }
  let sensitivity: boolean | { year: number } = false;
  if (options.sensitivity !== undefined && options.sensitivity !== false) {
    if (options.sensitivity === true) sensitivity = true;
    else if (/^\d{4}$/.test(options.sensitivity)) sensitivity = { year: Number(options.sensitivity) };
    else {
      output.err(`error: --sensitivity expects a year such as 2025, got "${options.sensitivity}"`);
      return exitCodes.usage;
    }
  }
  const spec = readIndexSpec(file);
  // A CSV spec shipped with its data (the EIS 2025) reads that data unless --csv gives another file.
  const csv = options.csv ?? (spec.input === 'csv' ? csvDataOf(file, spec.id) : undefined);
  const table = csv ? readIndexCsv(csv, spec) : await readStoreTable(spec, platformOptions, output);
  if (!table) return exitCodes.usage;
  if (typeof sensitivity === 'object' && !table.years.includes(sensitivity.year) && !(spec.years ?? []).includes(sensitivity.year)) {
    output.err(`error: --sensitivity ${sensitivity.year}: the data has the years ${table.years.join(', ')}`);
    return exitCodes.usage;
  }
  const result = runIndex(spec, table, { keepStages: Boolean(options.stages), sensitivity });
  if (options.stages) {
    mkdirSync(options.stages, { recursive: true });
    for (const stage of result.stages) writeFileSync(join(options.stages, `${stage.name}.csv`), stageCsv(result, stage.name));
    writeFileSync(join(options.stages, 'scores.csv'), scoresCsv(result));
    output.err(`${options.stages}: ${result.stages.map((stage) => `${stage.name}.csv`).join(', ')}, scores.csv`);
  }
  if (options.json) output.out(JSON.stringify(resultJson(result), null, 2));
  else printRanking(result, output);
  return exitCodes.ok;
}

/**
 * A spec whose input is `store` read without --csv: the approved values of the region's areas at
 * the spec's levels from Kechuang's store (`readStoreIndexTable`, src/platform), the platform
 * opened and closed around the read. A CSV spec without --csv is a usage error.
 */
async function readStoreTable(spec: IndexSpec, platformOptions: PlatformOptions, output: Output): Promise<IndexTable | null> {
  if (spec.input === 'csv') {
    output.err(`error: the spec ${spec.id} reads a CSV and none is bundled with it: give it with --csv FILE`);
    return null;
  }
  const platform = await preparePlatform(platformOptions);
  try {
    return await readStoreIndexTable(platform.db, spec);
  } finally {
    await platform.close();
  }
}

const finite = (value: number | undefined): number | null => (value === undefined || Number.isNaN(value) ? null : value);

/** The --json document: the spec's identity, the tree, every unit-year's score and node scores, the treatments. */
export function resultJson(result: IndexResult) {
  const nodeCount = result.nodes.length;
  return {
    spec: { id: result.spec.id, version: result.spec.version, title: result.spec.title, source: result.spec.source, notes: result.spec.notes },
    years: result.years,
    indicators: result.spec.indicators.map((indicator) => ({ code: indicator.code, name: indicator.name, direction: indicator.direction, weight: indicator.weight })),
    nodes: result.nodes.map((node) => ({ id: node.id, name: node.name, parent: node.parent === null ? null : (result.nodes[node.parent]?.id ?? null), depth: node.depth, weight: node.weight, indicators: node.indicators.map((index) => result.indicators[index]) })),
    scores: result.scores.map((score, row) => ({
      ...score,
      name: result.units[Math.floor(row / Math.max(1, result.years.length))]?.name ?? null,
      nodes: Object.fromEntries(result.nodes.map((node, index) => [node.id, finite(result.nodeScores[row * nodeCount + index])])),
    })),
    treatments: result.treatments,
    sensitivity: result.sensitivity,
  };
}

function printRanking(result: IndexResult, output: Output): void {
  const year = result.years.at(-1);
  output.out(`${result.spec.title.zh} — ${result.spec.title.en}`);
  if (year === undefined) return;
  output.out(`${year}: rank  unit  score${result.spec.relative ? '  relative' : ''}${result.spec.groups ? '  group' : ''}`);
  const rows = result.scores.filter((score) => score.year === year).sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER));
  for (const score of rows) {
    const unit = result.units.find((candidate) => candidate.code === score.unit);
    const parts = [String(score.rank ?? '-').padStart(4), `${score.unit} ${unit?.name.zh ?? ''}`.trim(), score.score === null ? '-' : score.score.toFixed(4)];
    if (result.spec.relative) parts.push(score.relative === null ? '-' : score.relative.toFixed(2));
    if (result.spec.groups) parts.push(score.group ?? '-');
    output.out(parts.join('  '));
  }
}
