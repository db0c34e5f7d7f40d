// The public surface of the reports module: other modules import only from here (module-map.js).
export { findReports, getReport, getReportFile } from './find-reports.ts';
export { reportActions } from './report-actions.ts';
export type { ReportCaller } from './report-caller.ts';
export { assertMayGenerate, reportGenerator, reportMediaTypes, type ReportFile, type ReportGenerator, type ReportGenerators, type ReportRequester } from './report-generators.ts';
export { reportIdParamsSchema, reportListQuerySchema, reportListSchema, reportRequestedSchema, reportSchema, requestReportBodySchema, type Report, type ReportList, type ReportRequested, type ReportState } from './reports-contract.ts';
export { reportGenerateJob, reportRetryLimit, requestReport, sendReportJob } from './request-report.ts';
export { resumeUnfinishedReports } from './resume-reports.ts';
export { runReportJob, type ReportJobOptions } from './run-report-job.ts';
export { generateReportNow } from './generate-report-now.ts';
export { defaultReportRetentionDays, purgeExpiredReports, reportExpiry, reportRetentionDays } from './report-retention.ts';
