import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { checkYamlSchema, describePath, formatPackProblem, YamlSource, type PackProblem, type YamlPath } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import type { IndexGroupSpec, IndexIndicatorSpec, IndexNodeSpec, IndexSpec, NormaliseSpec, OutlierSpec } from './index-model.ts';

/** The folder of the specs the platform ships. */
export const bundledIndexSpecDir = fileURLToPath(new URL('./data/', import.meta.url));

/** COINr's default outlier treatment (Treat(): skew 2, kurtosis 3.5; the issue's limit of ⌈0.1·N⌉ points; log fallback). */
export const coinrOutlierDefaults: OutlierSpec = { skewness: 2, kurtosis: 3.5, max_share: 0.1, log_fallback: true };

const idField = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected an id of letters, digits, "_", "." or "-", such as dim_1.1');
const textField = z.strictObject({ zh: z.string().trim().min(1), en: z.string().trim().min(1) });
const positive = z.number().finite().gt(0, 'expected a number greater than 0');
const nonNegative = z.number().finite().min(0, 'expected a number of at least 0');

const indicatorSchema = z.strictObject({
  code: idField,
  name: textField,
  direction: z.union([z.literal(1), z.literal(-1)], { message: 'expected 1 (more is better) or -1 (less is better)' }).default(1),
  weight: nonNegative.default(1),
  denominator: z.strictObject({ code: idField, scale: positive.default(1) }).nullable().default(null),
  goalpost: z
    .strictObject({ value: positive, clause: z.number().int().min(1).nullable().default(null), note: textField.nullable().default(null) })
    .nullable()
    .default(null),
});

interface RawNode {
  id: string;
  name: { zh: string; en: string };
  weight: number;
  over: 'children' | 'indicators';
  children: (RawNode | string | { indicator: string; weight?: number | undefined })[];
}

const nodeSchema: z.ZodType<RawNode> = z.lazy(() =>
  z.strictObject({
    id: idField,
    name: textField,
    weight: nonNegative.default(1),
    over: z.enum(['children', 'indicators']).default('children'),
    children: z.array(z.union([idField, z.strictObject({ indicator: idField, weight: nonNegative.optional() }), nodeSchema])).min(1),
  }),
) as z.ZodType<RawNode>;

const rangeOver = z.enum(['panel', 'year']).default('panel');
const normaliseSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('minmax'), low: z.number().finite().default(0), high: z.number().finite().default(100), over: rangeOver }),
  z.strictObject({ method: z.literal('zscore'), mean: z.number().finite().default(0), sd: positive.default(1), over: rangeOver }),
  z.strictObject({ method: z.literal('goalpost'), scale: positive.default(100), cap: positive.nullable().default(100) }),
]);

const outlierSchema = z.strictObject({
  skewness: positive.default(coinrOutlierDefaults.skewness),
  kurtosis: z.number().finite().default(coinrOutlierDefaults.kurtosis),
  max_share: z.number().gt(0).max(1, 'expected a share from 0 to 1').default(coinrOutlierDefaults.max_share),
  log_fallback: z.boolean().default(coinrOutlierDefaults.log_fallback),
});

const specSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected an id in lower case, such as ningxia-areas'),
  version: z.number().int().min(1),
  title: textField,
  description: textField.nullable().default(null),
  input: z.enum(['store', 'csv']),
  csv: z.strictObject({ unit: z.string().min(1), name: z.string().min(1), year: z.string().min(1), group: z.string().min(1).nullable().default(null) }).nullable().default(null),
  levels: z.array(z.enum(['region', 'city', 'county'])).min(1).default(['city', 'county']),
  years: z.array(z.number().int().min(1900).max(2200)).min(1).nullable().default(null),
  indicators: z.array(indicatorSchema).min(1),
  tree: nodeSchema,
  steps: z.strictObject({
    denominate: z.boolean().default(false),
    impute: z.enum(['none', 'group_mean', 'mean']).default('none'),
    /** `coinr` = COINr's defaults; an object overrides some of them; null = no treatment. */
    outliers: z.union([z.literal('coinr'), outlierSchema]).nullable().default(null),
    normalise: normaliseSchema,
    aggregate: z.enum(['arithmetic', 'geometric']).default('arithmetic'),
  }),
  relative: z.strictObject({ unit: z.string().min(1), year: z.number().int().nullable().default(null) }).nullable().default(null),
  groups: z
    .strictObject({
      reference: z.string().min(1),
      groups: z.array(z.strictObject({ id: idField, name: textField, above: z.number().finite().nullable() })).min(1),
    })
    .nullable()
    .default(null),
  sensitivity: z
    .strictObject({ weight_spread: z.number().min(0).lt(1, 'expected a spread below 1').default(0.25), runs: z.number().int().min(1).max(100000).default(200), seed: z.number().int().default(2025) })
    .default({ weight_spread: 0.25, runs: 200, seed: 2025 }),
  notes: z.array(textField).default([]),
});

type SpecFile = z.infer<typeof specSchema>;

function sortProblems(problems: PackProblem[]): PackProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.message.localeCompare(b.message));
}

/**
 * Parses and checks an index spec. Never throws on bad content: every problem comes back with the
 * file and line it is on (the pack loader's `file:line: message`).
 */
export function parseIndexSpec(file: string, text: string): { spec: IndexSpec | undefined; problems: PackProblem[] } {
  const source = new YamlSource(file, text);
  const checked = checkYamlSchema(source, specSchema);
  if (checked.content === undefined) return { spec: undefined, problems: checked.problems };
  const content = checked.content;
  const problems: PackProblem[] = [];
  const problem = (path: YamlPath, message: string) => problems.push(source.problem(path, message));

  // Indicators: unique codes.
  const indicatorIndex = new Map<string, number>();
  content.indicators.forEach((indicator, index) => {
    const earlier = indicatorIndex.get(indicator.code);
    if (earlier !== undefined) problem(['indicators', index, 'code'], `indicator "${indicator.code}" is declared twice (first at indicators[${earlier}])`);
    else indicatorIndex.set(indicator.code, index);
    if (content.steps.normalise.method === 'goalpost' && indicator.goalpost === null) problem(['indicators', index], `missing required field "goalpost" (normalise: goalpost needs a goalpost for every indicator)`);
    if (content.steps.denominate && indicator.denominator && indicatorIndex.has(indicator.denominator.code) && indicator.denominator.code === indicator.code) {
      problem(['indicators', index, 'denominator', 'code'], 'an indicator cannot be its own denominator');
    }
  });

  // The tree: unique node ids, every child indicator declared, every indicator used exactly once.
  const nodeIds = new Map<string, string>();
  const used = new Map<string, string>();
  const convertNode = (node: RawNode, path: (string | number)[]): IndexNodeSpec => {
    const at = describePath(path);
    const earlier = nodeIds.get(node.id);
    if (earlier !== undefined) problem([...path, 'id'], `node "${node.id}" is declared twice (first at ${earlier})`);
    else nodeIds.set(node.id, at);
    if (indicatorIndex.has(node.id)) problem([...path, 'id'], `node id "${node.id}" is also an indicator code`);
    const children = node.children.map((child, index): IndexNodeSpec['children'][number] => {
      const childPath = [...path, 'children', index];
      if (typeof child === 'string' || 'indicator' in child) {
        const code = typeof child === 'string' ? child : child.indicator;
        const declared = indicatorIndex.get(code);
        if (declared === undefined) problem(childPath, `unknown indicator "${code}" (not in indicators)`);
        const before = used.get(code);
        if (before !== undefined) problem(childPath, `indicator "${code}" appears twice in the tree (first at ${before})`);
        else used.set(code, describePath(childPath));
        const weight = typeof child === 'string' ? undefined : child.weight;
        return { indicator: code, weight: weight ?? (declared === undefined ? 1 : (content.indicators[declared]?.weight ?? 1)) };
      }
      return convertNode(child, childPath);
    });
    return { id: node.id, name: node.name, weight: node.weight, over: node.over, children, line: source.lineOf(path) };
  };
  const tree = convertNode(content.tree, ['tree']);
  content.indicators.forEach((indicator, index) => {
    if (!used.has(indicator.code)) problem(['indicators', index, 'code'], `indicator "${indicator.code}" is not in the tree`);
  });

  // Input.
  if (content.input === 'csv' && content.csv === null) problem(['input'], 'input: csv needs a "csv" field naming the unit, name and year columns');
  if (content.years) {
    const sorted = [...content.years].sort((a, b) => a - b);
    if (sorted.some((year, index) => index > 0 && year === sorted[index - 1])) problem(['years'], 'a year is listed twice');
  }

  // Steps.
  const normalise: NormaliseSpec = content.steps.normalise;
  if (normalise.method === 'minmax' && !(normalise.high > normalise.low)) problem(['steps', 'normalise', 'high'], `high (${normalise.high}) must be greater than low (${normalise.low})`);
  if (content.steps.aggregate === 'geometric') {
    if (normalise.method === 'zscore') problem(['steps', 'aggregate'], 'geometric aggregation needs values of at least 0: z-scores can be negative (use minmax or goalpost)');
    if (normalise.method === 'minmax' && normalise.low < 0) problem(['steps', 'aggregate'], 'geometric aggregation needs values of at least 0: set normalise.low to 0 or more');
  }
  if (content.steps.impute === 'group_mean' && content.input === 'csv' && content.csv && content.csv.group === null) {
    problem(['steps', 'impute'], 'impute: group_mean needs a group column (csv.group)');
  }
  const outliers: OutlierSpec | null = content.steps.outliers === 'coinr' ? { ...coinrOutlierDefaults } : content.steps.outliers;

  // Groups: thresholds from the highest down, the last one open.
  if (content.groups) {
    const groups = content.groups.groups;
    const groupIds = new Set<string>();
    groups.forEach((group, index) => {
      if (groupIds.has(group.id)) problem(['groups', 'groups', index, 'id'], `group "${group.id}" is declared twice`);
      groupIds.add(group.id);
      const last = index === groups.length - 1;
      if (last && group.above !== null) problem(['groups', 'groups', index, 'above'], 'the last group takes every other unit: above must be null');
      if (!last && group.above === null) problem(['groups', 'groups', index, 'above'], 'only the last group may have above: null');
      const previous = index > 0 ? groups[index - 1]?.above : null;
      if (group.above !== null && previous !== null && previous !== undefined && !(group.above < previous)) {
        problem(['groups', 'groups', index, 'above'], `thresholds must go down: ${group.above} is not below ${previous}`);
      }
    });
  }

  if (problems.length > 0) return { spec: undefined, problems: sortProblems(problems) };
  const spec = toSpec(content, file, source, tree, outliers);
  return { spec, problems: [] };
}

function toSpec(content: SpecFile, file: string, source: YamlSource, tree: IndexNodeSpec, outliers: OutlierSpec | null): IndexSpec {
  const indicators = content.indicators.map(
    (indicator, index): IndexIndicatorSpec => ({
      code: indicator.code,
      name: indicator.name,
      direction: indicator.direction,
      weight: indicator.weight,
      denominator: indicator.denominator,
      goalpost: indicator.goalpost,
      line: source.lineOf(['indicators', index]),
    }),
  );
  const groups: IndexGroupSpec[] | undefined = content.groups?.groups.map((group) => ({ id: group.id, name: group.name, above: group.above }));
  return {
    id: content.id,
    version: content.version,
    title: content.title,
    description: content.description,
    input: content.input,
    csv: content.csv,
    levels: content.levels,
    years: content.years ? [...content.years].sort((a, b) => a - b) : null,
    indicators,
    tree,
    steps: { denominate: content.steps.denominate, impute: content.steps.impute, outliers, normalise: content.steps.normalise, aggregate: content.steps.aggregate },
    relative: content.relative,
    groups: content.groups && groups ? { reference: content.groups.reference, groups } : null,
    sensitivity: content.sensitivity,
    notes: content.notes,
    source: file,
  };
}

/** Reads an index spec file, or throws `invalid_pack` (422) whose details list every problem as `file:line: message`. */
export function readIndexSpec(file: string): IndexSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AppError('invalid_pack', `找不到指数方案文件 ${file}`, `the index spec file ${file} cannot be read`, [`${file}:0: missing file`]);
  }
  const { spec, problems } = parseIndexSpec(file, text);
  if (!spec) {
    const lines = problems.map(formatPackProblem);
    throw new AppError('invalid_pack', `指数方案有 ${lines.length} 处错误：${lines.join('；')}`, `the index spec has ${lines.length} problem(s): ${lines.join('; ')}`, lines);
  }
  return spec;
}

/** The specs shipped in src/innovation-index/data/*.yaml, by id (the file name without .yaml). */
export function bundledIndexSpecs(): { id: string; file: string }[] {
  return readdirSync(bundledIndexSpecDir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ id: name.slice(0, -'.yaml'.length), file: join(bundledIndexSpecDir, name) }));
}

/** A spec given as a file path or as a bundled spec's id. Throws `not_found` when it is neither. */
export function resolveIndexSpec(fileOrId: string): IndexSpec {
  const bundled = bundledIndexSpecs().find((entry) => entry.id === fileOrId);
  if (bundled && !fileOrId.includes('/') && !fileOrId.endsWith('.yaml')) return readIndexSpec(bundled.file);
  return readIndexSpec(fileOrId);
}
