import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { checkYamlSchema, formatPackProblem, YamlSource, type PackProblem } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import { assesseeKinds, criterionKinds, type AssesseeKind, type CriterionKind } from './assessment-contract.ts';

/** The scheme the platform ships (docs/assessment.md gives its reasoning). */
export const bundledSchemeFile = fileURLToPath(new URL('./data/default-scheme.yaml', import.meta.url));

/** A criterion of a checked scheme, its points exact. */
export interface SchemeCriterionRule {
  id: string;
  kind: CriterionKind;
  label: { zh: string; en: string };
  max: Decimal;
  /** Late reports or answers count at this fraction; null for kinds without lateness. */
  lateFraction: Decimal | null;
  whenNoneDue: 'full' | 'redistribute' | 'zero';
  appliesTo: AssesseeKind[];
}

/** A checked scoring scheme, ready for `scoreAssessees`. */
export interface ScoringScheme {
  id: string;
  version: number;
  title: { zh: string; en: string };
  notApplicable: 'pro_rata' | 'drop';
  criteria: SchemeCriterionRule[];
  /** The sum of the criteria's points. */
  total: Decimal;
  notes: { zh: string; en: string }[];
  /** The file it was read from. */
  source: string;
}

/** Points in the scheme: a positive decimal with at most two decimals (a number or a string in YAML). */
const pointsField = z
  .union([z.number(), z.string()])
  .refine((value) => /^\d{1,4}(\.\d{1,2})?$/.test(String(value)) && new Decimal(String(value)).gt(0), 'expected points greater than 0, at most two decimals, such as 30 or 12.5');
const fractionField = z
  .union([z.number(), z.string()])
  .refine((value) => /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/.test(String(value)), 'expected a fraction from 0 to 1 with at most four decimals, such as 0.5');
const textField = z.strictObject({ zh: z.string().trim().min(1), en: z.string().trim().min(1) });

const criterionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected an id in lower case, such as reporting'),
  kind: z.enum(criterionKinds),
  label: textField,
  max: pointsField,
  late_fraction: fractionField.optional(),
  when_none_due: z.enum(['full', 'redistribute', 'zero']),
  applies_to: z.array(z.enum(assesseeKinds)).min(1).optional(),
});

const schemeFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected an id in lower case, such as default'),
  version: z.number().int().min(1),
  title: textField,
  not_applicable: z.enum(['pro_rata', 'drop']),
  criteria: z.array(criterionSchema).min(1),
  notes: z.array(textField).default([]),
});

/** Kinds whose formula counts late items at a fraction. */
const kindsWithLateness: readonly CriterionKind[] = ['on_time_reporting', 'notice_responses'];

/**
 * Reads and checks a scoring scheme. Never throws on bad content: every problem is returned with
 * the file and line it is on, as the pack loader reports pack problems.
 */
export function readScheme(file: string, text: string): { scheme: ScoringScheme | undefined; problems: PackProblem[] } {
  const source = new YamlSource(file, text);
  const checked = checkYamlSchema(source, schemeFileSchema);
  if (checked.content === undefined) return { scheme: undefined, problems: checked.problems };
  const content = checked.content;
  const problems: PackProblem[] = [];
  const seenIds = new Map<string, number>();
  const seenKinds = new Map<string, number>();
  content.criteria.forEach((criterion, index) => {
    const at = (field: string) => ['criteria', index, field];
    const earlier = seenIds.get(criterion.id);
    if (earlier !== undefined) problems.push(source.problem(at('id'), `criterion "${criterion.id}" is declared twice (first at criteria[${earlier}])`));
    seenIds.set(criterion.id, index);
    const earlierKind = seenKinds.get(criterion.kind);
    if (earlierKind !== undefined) problems.push(source.problem(at('kind'), `kind "${criterion.kind}" is used twice (first at criteria[${earlierKind}]): one criterion per kind`));
    seenKinds.set(criterion.kind, index);
    const late = kindsWithLateness.includes(criterion.kind);
    if (late && criterion.late_fraction === undefined) problems.push(source.problem(['criteria', index], `missing required field "late_fraction" (how much a late ${criterion.kind === 'on_time_reporting' ? 'report' : 'answer'} counts, 0 to 1)`));
    if (!late && criterion.late_fraction !== undefined) problems.push(source.problem(at('late_fraction'), `late_fraction has no meaning for kind "${criterion.kind}"`));
    if (criterion.kind === 'indicator_targets' && criterion.applies_to?.includes('unit')) {
      problems.push(source.problem(at('applies_to'), 'indicator targets are areas’ (a unit has no targets of its own): applies_to may name only area'));
    }
  });
  if (problems.length > 0) return { scheme: undefined, problems: sortProblems(problems) };

  const criteria = content.criteria.map(
    (criterion): SchemeCriterionRule => ({
      id: criterion.id,
      kind: criterion.kind,
      label: criterion.label,
      max: new Decimal(String(criterion.max)),
      lateFraction: criterion.late_fraction === undefined ? null : new Decimal(String(criterion.late_fraction)),
      whenNoneDue: criterion.when_none_due,
      appliesTo: criterion.applies_to ?? (criterion.kind === 'indicator_targets' ? ['area'] : ['unit', 'area']),
    }),
  );
  const scheme: ScoringScheme = {
    id: content.id,
    version: content.version,
    title: content.title,
    notApplicable: content.not_applicable,
    criteria,
    total: criteria.reduce((sum, criterion) => sum.plus(criterion.max), new Decimal(0)),
    notes: content.notes,
    source: file,
  };
  return { scheme: Object.freeze(scheme), problems: [] };
}

/** Reads a scheme file, or throws `invalid_pack` (422) listing every problem as file:line. */
export function loadScheme(file: string = bundledSchemeFile): ScoringScheme {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AppError('invalid_pack', `找不到考核评分办法文件 ${file}`, `the assessment scheme file ${file} cannot be read`, [`${file}:0: missing file`]);
  }
  const { scheme, problems } = readScheme(file, text);
  if (!scheme) {
    const lines = problems.map(formatPackProblem);
    throw new AppError('invalid_pack', `考核评分办法有 ${lines.length} 处错误：${lines.join('；')}`, `the assessment scheme has ${lines.length} problem(s): ${lines.join('; ')}`, lines);
  }
  return scheme;
}

let bundled: ScoringScheme | undefined;

/** The bundled scheme, read and checked once per process (it is part of the release, like the packs' code). */
export function bundledScheme(): ScoringScheme {
  bundled ??= loadScheme(bundledSchemeFile);
  return bundled;
}

function sortProblems(problems: PackProblem[]): PackProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}

