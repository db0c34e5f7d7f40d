// The public surface of the supervision module: other modules import only from here (module-map.js).
export { supervisionActions } from './supervision-actions.ts';
export * from './supervision-contract.ts';
export { assigneeKinds, cycleFrequencies, evidenceLimits, lights, reportStates, reportStatuses, worstLight, type Assignee, type CycleFrequency, type Light, type ReportState, type ReportStatus } from './supervision-vocabulary.ts';
export { addDays, currentCycle, cycleOf, periodContaining, periodLabel, type CycleDates } from './cycles.ts';
export { expectedPercent, lightOf, scheduleTolerance, type LightInput } from './lights.ts';
export { canMoveReport, nextReportState, reportActionLabels, reportActions, reportTransitions, type ReportAction } from './report-states.ts';
export { attachmentDisposition, checkEvidenceFile, safeFileName } from './evidence-files.ts';
export { deleteEvidence, EvidenceStore, readEvidence, uploadEvidence } from './evidence.ts';
export { assignmentsOf, expandUnits, seedSupervision } from './seed-supervision.ts';
export { seedDemoReports } from './seed-demo-reports.ts';
export type { SupervisionCommandOptions, SupervisionOptions } from './supervision-context.ts';
export { addMilestone, addSubMeasure, addWorkPoint, changeMeasure, closeMeasure, getMeasureDetail, removeMilestone, removeWorkPoint, reopenMeasure } from './measures.ts';
export { approveReport, getCycleView, getReportDetail, returnReport, saveReport, submitReport } from './reports.ts';
export { findSupervisionAssignees, findSupervisionTasks, getReviewQueue, getSupervisionAssignee, getSupervisionHeatMap, getSupervisionTask, getWorkbench } from './views.ts';
export { findAssessmentRecords, findDueReportReminders, type DueReminder, type SupervisionRecord } from './supervision-exports.ts';
