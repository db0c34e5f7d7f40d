import { z } from 'zod';
import { findAwardCosts } from '../awards/index.ts';
import { getFiscalOverview, overviewQuerySchema, presentOverviewWorkbook } from '../fiscal/index.ts';
import { evaluationQuerySchema, getPackEvaluation, presentEvaluationWorkbook, presentFinalEvaluationReport } from '../indicators/index.ts';
import { reportGenerator, reportMediaTypes, type ReportGenerators } from '../reports/index.ts';
import { exportScreeningResults, screeningResultQuerySchema } from '../screening/index.ts';
import { buildXlsxTable } from '../shared/index.ts';
import { indexSpecParamsSchema, indexYearQuerySchema } from '../innovation-index/index.ts';
import { exportIndexDocx, exportIndexXlsx } from './innovation-index-service.ts';

/** A pack's evaluation: the pack, and the area and year as the evaluation page takes them. */
const evaluationParams = evaluationQuerySchema.extend({ pack: z.string().min(1).max(200) });

/**
 * Every report that can be generated in the background (`POST /api/reports`, job
 * `report.generate`), composed once as the job handlers are. Each names the action its requester
 * must hold — checked when asked and again, with the permissions then in force, when it runs —
 * and builds its file through the same use cases as the synchronous download routes. Adding a
 * report is one entry here.
 */
/** An innovation-index report's parameters: the spec and the year, as the index's routes take them. */
const indexReportParams = indexYearQuerySchema.extend({ spec: indexSpecParamsSchema.shape.id });

export const reportGenerators: ReportGenerators = {
  // GET /api/packs/:id/evaluation/report.docx
  'evaluation.report': reportGenerator({
    label: { zh: '终期评估报告（Word）', en: 'Final-evaluation report (Word)' },
    action: 'indicators.read',
    params: evaluationParams,
    async generate(db, requester, params) {
      const { pack, tree, evaluation } = await getPackEvaluation(db, params.pack, { org: params.org, asOf: params.as_of });
      return { ...(await presentFinalEvaluationReport(pack, tree, evaluation, requester.now)), mediaType: reportMediaTypes.docx };
    },
  }),
  // GET /api/packs/:id/evaluation.xlsx
  'evaluation.workbook': reportGenerator({
    label: { zh: '目标评估表（Excel）', en: 'Evaluation table (Excel)' },
    action: 'indicators.read',
    params: evaluationParams,
    async generate(db, requester, params) {
      const { pack, tree, evaluation } = await getPackEvaluation(db, params.pack, { org: params.org, asOf: params.as_of });
      const { fileName, sheet } = presentEvaluationWorkbook(pack, tree, evaluation, requester.now);
      return { fileName, mediaType: reportMediaTypes.xlsx, content: await buildXlsxTable(sheet) };
    },
  }),
  // GET /api/fiscal/overview.xlsx
  'fiscal.overview': reportGenerator({
    label: { zh: '财政测算总览（Excel）', en: 'Fiscal cost overview (Excel)' },
    action: 'fiscal.read',
    params: overviewQuerySchema,
    async generate(db, requester, params) {
      const overview = await getFiscalOverview(db, { actor: requester.actor, permissions: requester.permissions, origin: requester.origin, now: requester.now, tree: requester.tree }, params, { paidAndApproved: findAwardCosts });
      return { ...(await presentOverviewWorkbook(overview, requester.now)), mediaType: reportMediaTypes.xlsx };
    },
  }),
  // GET /api/innovation-index/specs/:id/report.xlsx (approved values only: everyone's, as on the route)
  'innovation_index.workbook': reportGenerator({
    label: { zh: '创新指数测算表（Excel）', en: 'Innovation index workbook (Excel)' },
    action: 'indicators.read',
    params: indexReportParams,
    async generate(db, requester, params) {
      return { ...(await exportIndexXlsx(db, params.spec, { year: params.year, now: requester.now })), mediaType: reportMediaTypes.xlsx };
    },
  }),
  // GET /api/innovation-index/specs/:id/report.docx
  'innovation_index.report': reportGenerator({
    label: { zh: '创新指数测算报告（Word）', en: 'Innovation index report (Word)' },
    action: 'indicators.read',
    params: indexReportParams,
    async generate(db, requester, params) {
      return { ...(await exportIndexDocx(db, params.spec, { year: params.year, now: requester.now })), mediaType: reportMediaTypes.docx };
    },
  }),
  // GET /api/screening/runs/:id/results.xlsx (the reader's areas applied by the use case, as on the route)
  'screening.results': reportGenerator({
    label: { zh: '免申即享筛查结果（Excel）', en: 'Screening results (Excel)' },
    action: 'screening.read',
    params: screeningResultQuerySchema.omit({ limit: true, offset: true }).extend({ run: z.uuid() }),
    async generate(db, requester, { run, ...query }) {
      const { fileName, sheet } = await exportScreeningResults(db, requester, run, query, requester.now);
      return { fileName, mediaType: reportMediaTypes.xlsx, content: await buildXlsxTable(sheet) };
    },
  }),
};
