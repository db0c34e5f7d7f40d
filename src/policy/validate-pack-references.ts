import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkFormula, readFormulaInputs } from './formula.ts';
import type { PackProblem } from './pack-problem.ts';
import type { PackFolder } from './read-pack-folder.ts';
import type { YamlSource } from './yaml-source.ts';

export interface ReferenceContext {
  /** GB/T 2260 codes the platform knows; when given, area codes in the pack are checked. */
  areaCodes?: ReadonlySet<string>;
}

/**
 * Checks what a schema cannot: that every id is unique, every citation names an existing
 * clause, every unit, indicator, target and incentive reference resolves, and formulas name
 * known codes without cycles. Files that failed their schema are skipped (their problems are
 * already reported), so one mistake is reported once.
 */
export function validatePackReferences(folder: PackFolder, context: ReferenceContext = {}): PackProblem[] {
  const problems: PackProblem[] = [];
  const report = (source: YamlSource, path: (string | number)[], message: string) => problems.push(source.problem(path, message));

  const metadata = folder.metadata.content;
  if (metadata) {
    const source = folder.metadata.source;
    if (metadata.source_file && !existsSync(join(folder.dir, metadata.source_file))) {
      report(source, ['source_file'], `source file "${metadata.source_file}" does not exist in the pack folder`);
    }
    if (metadata.expires && metadata.expires < metadata.effective) report(source, ['expires'], `expires (${metadata.expires}) is before effective (${metadata.effective})`);
    if (context.areaCodes && !context.areaCodes.has(metadata.region)) report(source, ['region'], `unknown area code "${metadata.region}"`);
  }

  const clauseNumbers = new Set<number>();
  const clausesFile = folder.clauses.content;
  if (clausesFile) {
    const source = folder.clauses.source;
    const sectionNumbers = new Set<number>();
    clausesFile.sections.forEach((section, index) => {
      if (sectionNumbers.has(section.number)) report(source, ['sections', index, 'number'], `duplicate section number ${section.number}`);
      sectionNumbers.add(section.number);
    });
    clausesFile.clauses.forEach((clause, index) => {
      if (clauseNumbers.has(clause.number)) report(source, ['clauses', index, 'number'], `duplicate clause number ${clause.number}`);
      clauseNumbers.add(clause.number);
      if (!sectionNumbers.has(clause.section)) report(source, ['clauses', index, 'section'], `unknown section ${clause.section}`);
    });
  }
  const checkClause = (source: YamlSource, path: (string | number)[], clause: number | undefined) => {
    if (clause === undefined || !clausesFile) return;
    if (!clauseNumbers.has(clause)) report(source, path, `cites unknown clause ${clause}`);
  };

  const unitIds = new Set<string>();
  const unitsFile = folder.units.content;
  if (unitsFile) {
    const source = folder.units.source;
    unitsFile.units.forEach((unit, index) => {
      if (unitIds.has(unit.id)) report(source, ['units', index, 'id'], `duplicate unit id "${unit.id}"`);
      unitIds.add(unit.id);
      if (unit.area && context.areaCodes && !context.areaCodes.has(unit.area)) report(source, ['units', index, 'area'], `unknown area code "${unit.area}"`);
    });
    unitsFile.units.forEach((unit, index) => {
      unit.members?.forEach((member, memberIndex) => {
        if (!unitIds.has(member)) report(source, ['units', index, 'members', memberIndex], `unknown unit id "${member}"`);
      });
      if ((unit.members || unit.member_area_levels) && unit.kind !== 'group') report(source, ['units', index, 'kind'], `only a group has members (unit "${unit.id}" is ${unit.kind})`);
    });
  }
  const checkUnits = (source: YamlSource, path: (string | number)[], ids: readonly string[]) => {
    if (!unitsFile) return;
    ids.forEach((id, index) => {
      if (!unitIds.has(id)) report(source, [...path, index], `unknown unit id "${id}"`);
    });
  };

  const indicatorCodes = new Set<string>();
  const indicatorsFile = folder.indicators.content;
  if (indicatorsFile) {
    const source = folder.indicators.source;
    indicatorsFile.indicators.forEach((indicator, index) => {
      if (indicatorCodes.has(indicator.code)) report(source, ['indicators', index, 'code'], `duplicate indicator code "${indicator.code}"`);
      indicatorCodes.add(indicator.code);
      checkClause(source, ['indicators', index, 'clause'], indicator.clause);
      if (indicator.supplier !== undefined && unitsFile && !unitIds.has(indicator.supplier)) report(source, ['indicators', index, 'supplier'], `unknown unit id "${indicator.supplier}"`);
    });
    const known = [...indicatorCodes];
    const dependencies = new Map<string, string[]>();
    indicatorsFile.indicators.forEach((indicator, index) => {
      if (!indicator.formula) return;
      const checked = checkFormula(indicator.formula, known);
      if (!checked.ok) report(source, ['indicators', index, 'formula'], `formula of "${indicator.code}": ${checked.message}`);
      const read = readFormulaInputs(indicator.formula);
      if (read.ok) dependencies.set(indicator.code, read.inputs.filter((code) => indicatorCodes.has(code)));
    });
    for (const cycle of findCycles(dependencies)) {
      const index = indicatorsFile.indicators.findIndex((indicator) => indicator.code === cycle[0]);
      report(source, ['indicators', index, 'formula'], `formulas form a cycle: ${[...cycle, cycle[0]].join(' → ')}`);
    }
    const unitOf = new Map(indicatorsFile.indicators.map((indicator) => [indicator.code, indicator.unit]));
    const ruleIds = new Set<string>();
    indicatorsFile.quality_rules.forEach((rule, index) => {
      if (ruleIds.has(rule.id)) report(source, ['quality_rules', index, 'id'], `duplicate quality rule id "${rule.id}"`);
      ruleIds.add(rule.id);
      for (const side of ['left', 'right'] as const) {
        if (!unitOf.has(rule[side])) report(source, ['quality_rules', index, side], `unknown indicator code "${rule[side]}"`);
      }
      const [left, right] = [unitOf.get(rule.left), unitOf.get(rule.right)];
      if (left !== undefined && right !== undefined && left !== right) report(source, ['quality_rules', index, 'right'], `"${rule.left}" (${left}) and "${rule.right}" (${right}) are in different units`);
    });
  }

  const targetIds = new Set<string>();
  const targetsFile = folder.targets.content;
  if (targetsFile) {
    const source = folder.targets.source;
    targetsFile.targets.forEach((target, index) => {
      if (targetIds.has(target.id)) report(source, ['targets', index, 'id'], `duplicate target id "${target.id}"`);
      targetIds.add(target.id);
      if (indicatorsFile && !indicatorCodes.has(target.indicator)) report(source, ['targets', index, 'indicator'], `unknown indicator code "${target.indicator}"`);
      checkClause(source, ['targets', index, 'clause'], target.clause);
      for (const key of ['org', 'benchmark_org'] as const) {
        const code = target[key];
        if (code && context.areaCodes && !context.areaCodes.has(code)) report(source, ['targets', index, key], `unknown area code "${code}"`);
      }
      const breakdownOrgs = new Set<string>();
      target.breakdown?.forEach((part, partIndex) => {
        const path = ['targets', index, 'breakdown', partIndex];
        if (breakdownOrgs.has(part.org)) report(source, [...path, 'org'], `area "${part.org}" has two values in the breakdown of "${target.id}"`);
        breakdownOrgs.add(part.org);
        if (part.org === (target.org ?? metadata?.region)) report(source, [...path, 'org'], `area "${part.org}" is the target's own area: its value is the target's value`);
        if (context.areaCodes && !context.areaCodes.has(part.org)) report(source, [...path, 'org'], `unknown area code "${part.org}"`);
        checkClause(source, [...path, 'clause'], part.clause);
      });
    });
  }

  const tasksFile = folder.tasks.content;
  if (tasksFile) {
    const source = folder.tasks.source;
    const taskIds = new Set<string>();
    const measureIds = new Set<string>();
    tasksFile.tasks.forEach((task, index) => {
      if (taskIds.has(task.id)) report(source, ['tasks', index, 'id'], `duplicate task id "${task.id}"`);
      taskIds.add(task.id);
      checkClause(source, ['tasks', index, 'clause'], task.clause);
      checkUnits(source, ['tasks', index, 'lead_units'], task.lead_units);
      checkUnits(source, ['tasks', index, 'co_units'], task.co_units);
      reportRepeatedUnits(task.lead_units, task.co_units, (message) => report(source, ['tasks', index, 'co_units'], message));
      const taskUnits = new Set([...task.lead_units, ...task.co_units]);
      task.measures.forEach((measure, measureIndex) => {
        const path = ['tasks', index, 'measures', measureIndex];
        if (measureIds.has(measure.id)) report(source, [...path, 'id'], `duplicate measure id "${measure.id}"`);
        measureIds.add(measure.id);
        checkUnits(source, [...path, 'lead_units'], measure.lead_units);
        checkUnits(source, [...path, 'co_units'], measure.co_units);
        reportRepeatedUnits(measure.lead_units, measure.co_units, (message) => report(source, [...path, 'co_units'], message));
        for (const key of ['lead_units', 'co_units'] as const) {
          measure[key].forEach((unit, unitIndex) => {
            if (unitIds.has(unit) && !taskUnits.has(unit)) report(source, [...path, key, unitIndex], `unit "${unit}" is not in the responsibility list of task "${task.id}"`);
          });
        }
        if (measure.target && targetsFile && !targetIds.has(measure.target)) report(source, [...path, 'target'], `unknown target id "${measure.target}"`);
      });
    });
  }

  const incentiveIds = new Set<string>();
  const incentivesFile = folder.incentives.content;
  if (incentivesFile) {
    const source = folder.incentives.source;
    incentivesFile.incentives.forEach((incentive, index) => {
      if (incentiveIds.has(incentive.id)) report(source, ['incentives', index, 'id'], `duplicate incentive id "${incentive.id}"`);
      incentiveIds.add(incentive.id);
      checkClause(source, ['incentives', index, 'clause'], incentive.clause);
      const names = new Set<string>();
      incentive.parameters.forEach((parameter, parameterIndex) => {
        const key = `${parameter.name}@${parameter.from ?? ''}`;
        if (names.has(key)) report(source, ['incentives', index, 'parameters', parameterIndex, 'name'], `duplicate parameter "${parameter.name}"${parameter.from ? ` from ${parameter.from}` : ''}`);
        names.add(key);
        if (parameter.from && parameter.to && parameter.to < parameter.from) report(source, ['incentives', index, 'parameters', parameterIndex, 'to'], `"to" (${parameter.to}) is before "from" (${parameter.from})`);
      });
    });
  }

  for (const file of folder.ruleCases) {
    file.content?.cases.forEach((ruleCase, index) => {
      if (incentivesFile && !incentiveIds.has(ruleCase.incentive)) report(file.source, ['cases', index, 'incentive'], `unknown incentive id "${ruleCase.incentive}"`);
    });
  }
  return problems;
}

function reportRepeatedUnits(lead: readonly string[], co: readonly string[], report: (message: string) => void): void {
  const seen = new Set<string>();
  for (const id of [...lead, ...co]) {
    if (seen.has(id)) report(`unit "${id}" is named twice in one responsibility list`);
    seen.add(id);
  }
}

/** Each cycle once, as the list of codes along it, starting from its smallest code. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const visit = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      const cycle = path.slice(at);
      const start = cycle.indexOf([...cycle].sort()[0] ?? node);
      const normalised = [...cycle.slice(start), ...cycle.slice(0, start)];
      cycles.set(normalised.join('>'), normalised);
      return;
    }
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
  };
  for (const node of graph.keys()) visit(node, []);
  return [...cycles.values()];
}
