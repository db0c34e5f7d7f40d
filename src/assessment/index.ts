// The public surface of the assessment module: other modules import only from here (module-map.js).
export { assessmentActions } from './assessment-actions.ts';
export {
  assessmentResultSchema,
  assessmentSchemeSchema,
  assessmentScoreSchema,
  assessmentYearParamsSchema,
  bulletinQuerySchema,
  type AssessmentResult,
  type AssessmentScheme,
  type AssessmentScore,
  type Assignee,
  type ScorePart,
} from './assessment-contract.ts';
export { noAssessmentRecords, type AssesseeRecord, type AssessmentRecordsSource } from './assessee-record.ts';
export { presentScheme } from './present-scheme.ts';
export { bundledScheme, bundledSchemeFile, loadScheme, readScheme, type ScoringScheme } from './read-scheme.ts';
export { scoreAssessees } from './score-assessees.ts';
export { buildBulletinDocx, type BulletinInput } from './bulletin-docx.ts';
export { buildBulletinXlsx, bulletinSheets } from './bulletin-xlsx.ts';
export { getAssessment, scoresInScope } from './get-assessment.ts';
