import type { DataScope } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { AssessmentRecordsSource } from './assessee-record.ts';
import type { AssessmentResult, AssessmentScore } from './assessment-contract.ts';
import type { ScoringScheme } from './read-scheme.ts';
import { scoreAssessees } from './score-assessees.ts';

/**
 * The scores a data scope may read. Ranks are those among all assessees (an area's leader sees
 * its area's true rank), but only the rows in scope leave: `all` every row; an area scope its
 * area and the areas under it, no unit; a unit scope (if the security administrator grants one)
 * its own unit's row; anything else nothing.
 */
export function scoresInScope(scores: readonly AssessmentScore[], scope: DataScope, tree: AreaTree): AssessmentScore[] {
  switch (scope.kind) {
    case 'all':
      return [...scores];
    case 'area':
      return scores.filter((score) => score.assignee.kind === 'area' && tree.isWithinArea(score.assignee.id, scope.orgCode));
    case 'unit':
      return scores.filter((score) => score.assignee.kind === 'unit' && score.assignee.id === scope.unitId);
    default:
      return [];
  }
}

/**
 * A year's assessment: the records from the source, scored by the scheme, ranked over all
 * assessees, then cut to the caller's scope (so that a check forgotten in a route still holds).
 */
export async function getAssessment(input: { year: number; source: AssessmentRecordsSource; scheme: ScoringScheme; scope: DataScope; tree: AreaTree }): Promise<{ result: AssessmentResult; all: AssessmentScore[] }> {
  const records = (await input.source.recordsOf(input.year)).filter((record) => record.year === input.year);
  const all = scoreAssessees(records, input.scheme);
  const visible = scoresInScope(all, input.scope, input.tree);
  return {
    result: {
      year: input.year,
      scheme: { id: input.scheme.id, title: input.scheme.title, version: input.scheme.version },
      units: visible.filter((score) => score.assignee.kind === 'unit'),
      areas: visible.filter((score) => score.assignee.kind === 'area'),
    },
    all,
  };
}
