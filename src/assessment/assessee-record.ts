import type { Assignee } from './assessment-contract.ts';

/**
 * What the assessment is computed from, one per unit or area and year: plain counts the platform
 * gathers from supervision (reports, milestones), notices and indicators (docs/assessment.md).
 *
 * - `reports`: the reports that fell due in the year; `on_time + late + missing = due`.
 * - `milestones`: the milestones that fell due in the year, and how many of them were met.
 * - `notices`: the 督办单 whose deadline fell in the year (or that were answered in it);
 *   `answered_on_time + answered_late + unanswered = issued`.
 * - `targets`: areas only; each indicator's attainment, value ÷ target (null: no value yet).
 */
export interface AssesseeRecord {
  assignee: Assignee;
  name: string;
  year: number;
  reports: { due: number; on_time: number; late: number; missing: number };
  milestones: { due: number; met: number };
  notices: { issued: number; answered_on_time: number; answered_late: number; unanswered: number };
  targets?: { indicator: string; attainment: number | null }[];
}

/**
 * Where the routes get the records of a year from. The platform joins supervision's
 * `findAssessmentRecords`, notices' `findNoticeCounts` and the indicators' attainment; until it
 * is wired, `noAssessmentRecords` answers an empty list.
 */
export interface AssessmentRecordsSource {
  recordsOf(year: number): Promise<AssesseeRecord[]>;
}

export const noAssessmentRecords: AssessmentRecordsSource = { recordsOf: () => Promise.resolve([]) };
