// The public surface of the shared module: other modules import only from here (module-map.js).
export { AppError, databaseUnavailable, notFound, type AppErrorCode } from './app-error.ts';
export { calendarDateOfUtcMidnight, currentYear, formatBeijingTime, today } from './clock.ts';
export { checkCreditCode, creditCodeCheckCharacter } from './credit-code.ts';
export { mulberry32 } from './seeded-random.ts';
export { type ErrorBody } from './error-contract.ts';
export { assertColumns, readTableFile, withColumnNames, type ColumnNames, type TableFile } from './read-table-file.ts';
export { buildXlsxTable, buildXlsxWorkbook, type XlsxSheet } from './xlsx-table.ts';
export { nextTurn } from './next-turn.ts';
export { capProblems, capReport, problemReportLimit, problemsCsv, problemsFileName, type ReportedProblem } from './problem-report.ts';
export { addWorkingDays, isWorkingDay, subtractWorkingDays } from './working-days.ts';
export { chineseNumeralDate, halfPoints, mm, officialDocumentStyles, officialFontTableXml, officialFonts, officialLayout, pageNumberFooter, runFont, typeSize, type OfficialFont } from './official-document.ts';
export { yuanOfCents } from './yuan-cents.ts';
export { startTypeScriptWorker } from './typescript-worker.ts';
