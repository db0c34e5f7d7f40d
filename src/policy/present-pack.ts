import type { Clause, PolicyPack, Target } from './pack-schema.ts';
import { clauseLabel, countResponsibilities } from './responsibilities.ts';

/**
 * What leaves the server about a pack. Field names are the contract's (snake_case);
 * `pack export --json` and `GET /api/packs/:id` print the same object.
 */
export function presentPackExport(pack: PolicyPack) {
  return {
    ...presentPackMetadata(pack),
    preamble: pack.preamble,
    closing: pack.closing,
    sections: pack.sections,
    clauses: pack.clauses,
    units: pack.units,
    indicators: pack.indicators,
    targets: pack.targets,
    tasks: pack.tasks.map((task) => ({ ...task, clause_label: clauseLabel(pack, task.clause) })),
    incentives: pack.incentives,
    rule_cases: pack.ruleCases,
  };
}

export function presentPackMetadata(pack: PolicyPack) {
  const { metadata } = pack;
  return {
    id: metadata.id,
    version: metadata.version,
    title: metadata.title,
    kind: metadata.kind,
    title_en: metadata.title_en,
    doc_number: metadata.doc_number,
    issuers: metadata.issuers,
    issued: metadata.issued,
    published: metadata.published,
    effective: metadata.effective,
    expires: metadata.expires,
    region: metadata.region,
    source_file: metadata.source_file,
    source_url: metadata.source_url,
  };
}

export function presentPackSummary(pack: PolicyPack) {
  return {
    ...presentPackMetadata(pack),
    counts: {
      clauses: pack.clauses.length,
      units: pack.units.length,
      indicators: pack.indicators.length,
      targets: pack.targets.length,
      tasks: pack.tasks.length,
      measures: pack.tasks.reduce((sum, task) => sum + task.measures.length, 0),
      incentives: pack.incentives.length,
    },
  };
}

export function presentTarget(pack: PolicyPack, target: Target) {
  const indicator = pack.indicators.find((candidate) => candidate.code === target.indicator);
  return {
    ...target,
    org: target.org ?? pack.metadata.region,
    indicator_name: indicator?.name ?? target.indicator,
    indicator_name_en: indicator?.name_en,
    indicator_unit: indicator?.unit ?? '',
    clause_label: clauseLabel(pack, target.clause),
  };
}

export function presentUnits(pack: PolicyPack) {
  return pack.units.map((unit) => ({ ...unit, counts: countResponsibilities(pack, unit.id) }));
}

/** A clause with everything in the pack that cites it. */
export function presentClauseWithCitations(pack: PolicyPack, clause: Clause) {
  return {
    clause,
    targets: pack.targets.filter((target) => target.clause === clause.number).map((target) => presentTarget(pack, target)),
    tasks: pack.tasks.filter((task) => task.clause === clause.number).map((task) => ({ ...task, clause_label: clause.label })),
    incentives: pack.incentives.filter((incentive) => incentive.clause === clause.number),
    indicators: pack.indicators.filter((indicator) => indicator.clause === clause.number),
  };
}
