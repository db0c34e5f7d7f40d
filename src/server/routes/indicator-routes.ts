import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { closePeriod, exportValueTemplate, findAreaBreakdown, findEntrySheet, findIndicatorSeries, findValueHistory, findYearsWithData, getPackEvaluation, importValueFile, areaPeriodSchema, areasQuerySchema, entrySheetSchema, evaluationQuerySchema, historyQuerySchema, importQuerySchema, importProblemsQuerySchema, importReportSchema, indicatorAreasSchema, indicatorSeriesSchema, packEvaluationSchema, periodClosureBodySchema, periodStateSchema, saveDraftValuesBodySchema, savedDraftsSchema, seriesQuerySchema, transitionBodySchema, transitionResultSchema, valueHistorySchema, workflowActionSchema, yearsWithDataQuerySchema, yearsWithDataSchema, presentAreaBreakdownWorkbook, presentPackEvaluation, presentEvaluationWorkbook, presentFinalEvaluationReport, reopenPeriod, saveDraftValues, transitionValues, findQueueCounts, findReportingCalendar, findReviewQueue, queueCountsSchema, reportingCalendarSchema, reviewQueueQuerySchema, reviewQueueSchema } from '../../indicators/index.ts';
import { capReport, problemsCsv, problemsFileName } from '../../shared/index.ts';
import { csvMediaType, docxMediaType, fileResponse, sendFile, sendWorkbook, xlsxMediaType } from '../file-response.ts';
import { originOf, requireSession } from '../request-actor.ts';
import { mayKnowWhoSetTargets } from './area-target-routes.ts';
import type { ServerContext } from '../server-context.ts';

const tags = ['indicators'];
const packParams = z.object({ id: z.string().min(1) });
const indicatorParams = packParams.extend({ code: z.string().min(1) });
const valueFileTypes = ['text/csv', 'application/octet-stream', xlsxMediaType];

/**
 * The indicators module over HTTP: published values and evaluations for everyone; entry, review,
 * period closing and imports for the roles that hold them (checked again in each use case, with
 * the resource). Each route validates, calls one use case and answers through the contract's
 * schema (src/indicators/indicator-contract.ts).
 */
export function indicatorRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const commandOptions = (request: Parameters<typeof originOf>[0]) => ({ actor: requireSession(request).actor, permissions: request.permissions, origin: originOf(request), now: context.now() });
  // The same evaluation serves the page, its Excel and its Word report, until a value, an area or a pack changes.
  const evaluationOf = (request: FastifyRequest, packId: string, query: z.infer<typeof evaluationQuerySchema>) =>
    context.caches.evaluations.get(request.changeVersions, JSON.stringify([packId, query.org ?? null, query.as_of ?? null]), () => getPackEvaluation(db, packId, { org: query.org, asOf: query.as_of }));

  return async (app) => {
    // Value files arrive as the raw request body (CSV or XLSX), named by ?file_name=.
    app.addContentTypeParser(valueFileTypes, { parseAs: 'buffer', bodyLimit: 50 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    app.get(
      '/api/packs/:id/evaluation',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'Every target against the data (contracts §5), with its explanation', params: packParams, querystring: evaluationQuerySchema, response: { 200: packEvaluationSchema } } },
      async (request) => {
        const { pack, tree, evaluation } = await evaluationOf(request, request.params.id, request.query);
        return presentPackEvaluation(pack, tree, evaluation, { showSetBy: mayKnowWhoSetTargets(request) });
      },
    );

    app.get(
      '/api/packs/:id/evaluation.xlsx',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'The evaluation table as Excel', params: packParams, querystring: evaluationQuerySchema, response: { 200: fileResponse(xlsxMediaType, 'the evaluation table') } } },
      async (request, reply) => {
        const { pack, tree, evaluation } = await evaluationOf(request, request.params.id, request.query);
        const { fileName, sheet } = presentEvaluationWorkbook(pack, tree, evaluation, context.now());
        return sendWorkbook(reply, fileName, sheet);
      },
    );

    app.get(
      '/api/packs/:id/evaluation/report.docx',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'The final-evaluation report (终期评估报告) as Word', params: packParams, querystring: evaluationQuerySchema, response: { 200: fileResponse(docxMediaType, 'the final-evaluation report') } } },
      async (request, reply) => {
        const { pack, tree, evaluation } = await evaluationOf(request, request.params.id, request.query);
        const report = await presentFinalEvaluationReport(pack, tree, evaluation, context.now());
        return sendFile(reply, { ...report, mediaType: docxMediaType });
      },
    );

    app.get(
      '/api/packs/:id/indicators/:code/series',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'An indicator’s values over time for one area (and its benchmark)', params: indicatorParams, querystring: seriesQuerySchema, response: { 200: indicatorSeriesSchema } } },
      async (request) => findIndicatorSeries(db, request.params.id, request.params.code, request.query),
    );

    app.get(
      '/api/packs/:id/indicators/:code/areas',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'An indicator for an area and each of its child areas (drill-down)', params: indicatorParams, querystring: areasQuerySchema, response: { 200: indicatorAreasSchema } } },
      async (request) => findAreaBreakdown(db, request.params.id, request.params.code, { ...request.query, now: context.now() }),
    );

    app.get(
      '/api/packs/:id/indicators/:code/areas.xlsx',
      {
        config: { action: 'indicators.read' },
        schema: { tags, summary: 'The drill-down table (an area and its child areas) as Excel', params: indicatorParams, querystring: areasQuerySchema, response: { 200: fileResponse(xlsxMediaType, 'the drill-down table') } },
      },
      async (request, reply) => {
        const breakdown = await findAreaBreakdown(db, request.params.id, request.params.code, { ...request.query, now: context.now() });
        const { fileName, sheet } = presentAreaBreakdownWorkbook(breakdown);
        return sendWorkbook(reply, fileName, sheet);
      },
    );

    app.get(
      '/api/indicator-values/template.xlsx',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'The xlsx template for indicator imports, with dropdowns', response: { 200: fileResponse(xlsxMediaType, 'the import template') } } },
      async (_request, reply) => sendFile(reply, { ...(await exportValueTemplate(db)), mediaType: xlsxMediaType }),
    );

    app.post(
      '/api/indicator-values/import',
      {
        config: { action: 'indicators.import' },
        schema: {
          tags,
          summary:
            'Import a CSV or XLSX body (all or nothing); ?dry_run=true checks only. 422 with the report (the first 1,000 problems and their total) when a row is bad; 409 when a row falls in a closed period; every problem: POST /api/indicator-values/import/problems.csv',
          querystring: importQuerySchema,
          response: { 200: importReportSchema, 422: importReportSchema },
        },
      },
      async (request, reply) => {
        const content = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
        const report = await importValueFile(db, { name: request.query.file_name, content }, { ...commandOptions(request), dryRun: request.query.dry_run === 'true', comment: request.query.comment });
        return reply.status(report.problems.length > 0 ? 422 : 200).send(capReport(report));
      },
    );

    app.post(
      '/api/indicator-values/import/problems.csv',
      {
        config: { action: 'indicators.import' },
        schema: {
          tags,
          summary: 'Every problem of a value file (the same body as the import), as CSV (行, 列, 问题, problem): the file is checked as a dry run, nothing is written; header only when it has none',
          querystring: importProblemsQuerySchema,
          response: { 200: fileResponse(csvMediaType, 'every problem of the file') },
        },
      },
      async (request, reply) => {
        const content = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
        const report = await importValueFile(db, { name: request.query.file_name, content }, { ...commandOptions(request), dryRun: true });
        return sendFile(reply, { fileName: problemsFileName(request.query.file_name), mediaType: `${csvMediaType}; charset=utf-8`, content: problemsCsv(report.problems) });
      },
    );

    app.get(
      '/api/indicator-values',
      { config: { action: 'indicators.enter' }, schema: { tags, summary: 'The values of one area and period, every status (for entry and review), and whether the period is closed', querystring: areaPeriodSchema, response: { 200: entrySheetSchema } } },
      async (request) => findEntrySheet(db, request.query, { actor: request.actor, permissions: request.permissions }),
    );

    app.put(
      '/api/indicator-values',
      { config: { action: 'indicators.enter' }, schema: { tags, summary: 'Save draft values of one area and period', body: saveDraftValuesBodySchema, response: { 200: savedDraftsSchema } } },
      async (request) => saveDraftValues(db, request.body, commandOptions(request)),
    );

    for (const action of workflowActionSchema.options) {
      app.post(
        `/api/indicator-values/${action}`,
        {
          config: { action: action === 'submit' ? 'indicators.enter' : 'indicators.approve' },
          schema: { tags, summary: `${action} the values of one area and period (all, or the named indicators)`, body: transitionBodySchema, response: { 200: transitionResultSchema } },
        },
        async (request) => transitionValues(db, action, request.body, { ...commandOptions(request), fourEyesApproval: context.settings.fourEyesApproval, reviewLevels: context.settings.reviewLevels }),
      );
    }

    app.get(
      '/api/review-queue',
      {
        config: { action: 'indicators.enter' },
        schema: {
          tags,
          summary: 'Work queues: review (待审核, submitted values waiting at a level the caller reviews) or returned (已退回, returned values of the caller’s areas, with the reason); with the counts',
          querystring: reviewQueueQuerySchema,
          response: { 200: reviewQueueSchema },
        },
      },
      async (request) => findReviewQueue(db, request.query.kind, { actor: requireSession(request).actor, permissions: request.permissions, now: context.now() }),
    );

    app.get(
      '/api/review-queue/counts',
      { config: { action: 'indicators.enter' }, schema: { tags, summary: 'How many values wait for the caller’s review, are returned to its areas, are due and are late (menu badge, workbench)', response: { 200: queueCountsSchema } } },
      async (request) => findQueueCounts(db, { actor: requireSession(request).actor, permissions: request.permissions, now: context.now() }),
    );

    app.get(
      '/api/reporting-calendar',
      { config: { action: 'indicators.enter' }, schema: { tags, summary: 'The reporting calendar of the caller’s areas: values of the period now reported that are due or late (not yet submitted)', response: { 200: reportingCalendarSchema } } },
      async (request) => findReportingCalendar(db, { actor: requireSession(request).actor, permissions: request.permissions, now: context.now() }),
    );

    app.post(
      '/api/indicator-values/close',
      { config: { action: 'indicators.approve' }, schema: { tags, summary: 'Close the reporting period of one area (coordinator): no value of it changes until reopened; 409 when closed already', body: periodClosureBodySchema, response: { 200: periodStateSchema } } },
      async (request) => closePeriod(db, request.body, commandOptions(request)),
    );

    app.post(
      '/api/indicator-values/reopen',
      { config: { action: 'indicators.approve' }, schema: { tags, summary: 'Reopen a closed reporting period of one area (coordinator); 409 when it is open', body: periodClosureBodySchema, response: { 200: periodStateSchema } } },
      async (request) => reopenPeriod(db, request.body, commandOptions(request)),
    );

    app.get(
      '/api/indicator-values/years',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'The years with published data for an area (and the areas under it), newest first: year pickers open on the latest', querystring: yearsWithDataQuerySchema, response: { 200: yearsWithDataSchema } } },
      async (request) => findYearsWithData(db, request.query),
    );

    app.get(
      '/api/indicator-values/history',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'Every revision of one value (published figures get revised: both stay visible)', querystring: historyQuerySchema, response: { 200: valueHistorySchema } } },
      async (request) => findValueHistory(db, request.query, { actor: request.actor, permissions: request.permissions }),
    );
  };
}
