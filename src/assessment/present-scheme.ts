import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssessmentScheme, CriterionKind } from './assessment-contract.ts';
import type { ScoringScheme } from './read-scheme.ts';

/** Each kind's formula in words; `f` is the late fraction. */
function formulaOf(kind: CriterionKind, max: string, fraction: string | null): { zh: string; en: string } {
  switch (kind) {
    case 'on_time_reporting':
      return { zh: `（按时报送次数 + 逾期报送次数 × ${fraction}）÷ 应报次数 × ${max}；未报送计0`, en: `(reports on time + late reports × ${fraction}) ÷ reports due × ${max}; a missing report counts 0` };
    case 'milestone_progress':
      return { zh: `按期完成节点数 ÷ 到期节点数 × ${max}`, en: `milestones met ÷ milestones due × ${max}` };
    case 'notice_responses':
      return { zh: `（按期办复件数 + 逾期办复件数 × ${fraction}）÷ 督办单件数 × ${max}；未办复计0`, en: `(notices answered on time + answered late × ${fraction}) ÷ notices issued × ${max}; unanswered counts 0` };
    case 'indicator_targets':
      return { zh: `各项指标完成程度（实际值 ÷ 目标值，超过1按1计）的平均值 × ${max}；暂无数据的指标不计入`, en: `mean attainment of the indicator targets (value ÷ target, at most 1) × ${max}; targets without a value are left out` };
  }
}

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The scheme as the API and the 通报 present it. */
export function presentScheme(scheme: ScoringScheme): AssessmentScheme {
  return {
    id: scheme.id,
    title: scheme.title,
    version: scheme.version,
    total: scheme.total.toFixed(2),
    not_applicable: scheme.notApplicable,
    criteria: scheme.criteria.map((criterion) => ({
      id: criterion.id,
      kind: criterion.kind,
      label: criterion.label,
      max: criterion.max.toFixed(2),
      late_fraction: criterion.lateFraction?.toString() ?? null,
      when_none_due: criterion.whenNoneDue,
      applies_to: criterion.appliesTo,
      formula: formulaOf(criterion.kind, criterion.max.toString(), criterion.lateFraction?.toString() ?? null),
    })),
    notes: scheme.notes,
    // The file relative to the repository, so that no server path leaves the server.
    source: relative(repositoryRoot, scheme.source).replace(/\\/g, '/'),
  };
}
