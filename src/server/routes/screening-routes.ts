import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  cancelScreeningRun,
  compareScreeningRuns,
  exportScreeningResults,
  findScreeningResults,
  findScreeningRuns,
  getScreeningRun,
  resumeScreeningRun,
  screeningComparisonSchema,
  screeningCompareQuerySchema,
  screeningResultPageSchema,
  screeningResultQuerySchema,
  screeningRunListQuerySchema,
  screeningRunListSchema,
  screeningRunParamsSchema,
  screeningRunSchema,
  startScreeningBodySchema,
  startScreeningRun,
  type ScreeningCaller,
  type ShardDispatcher,
} from '../../screening/index.ts';
import { fileResponse, sendWorkbook, xlsxMediaType } from '../file-response.ts';
import { originOf } from '../request-actor.ts';
import { cachedAreaTree, type ServerContext } from '../server-context.ts';

const tags = ['screening'];

/**
 * Screening runs (免申即享): thin wiring over src/screening. The shards go to the dispatcher the
 * app was given (in process by default; the job queue on a server).
 */
export function screeningRoutes(context: ServerContext, dispatcher: ShardDispatcher): FastifyPluginAsyncZod {
  const db = context.database.db;
  const callerOf = async (request: FastifyRequest): Promise<ScreeningCaller> => ({ actor: request.actor, permissions: request.permissions, tree: await cachedAreaTree(context, request), origin: originOf(request) });

  return async (app) => {
    app.post(
      '/api/screening/runs',
      { config: { action: 'screening.run' }, schema: { tags, summary: 'Start a screening run: every enterprise in scope against every enterprise rule in force for the year (coordinator)', body: startScreeningBodySchema, response: { 201: screeningRunSchema } } },
      async (request, reply) => {
        const caller = await callerOf(request);
        const started = await startScreeningRun(db, caller, { year: request.body.year, packId: request.body.pack, org: request.body.org }, dispatcher, context.now());
        return reply.status(201).send(await getScreeningRun(db, caller, started.id));
      },
    );

    app.get(
      '/api/screening/runs',
      { config: { action: 'screening.read' }, schema: { tags, summary: 'Screening runs, newest first, with their progress', querystring: screeningRunListQuerySchema, response: { 200: screeningRunListSchema } } },
      async (request) => findScreeningRuns(db, await callerOf(request), request.query),
    );

    app.get(
      '/api/screening/runs/:id',
      { config: { action: 'screening.read' }, schema: { tags, summary: 'A screening run: progress, packs and parameters, totals by incentive and status once it has ended', params: screeningRunParamsSchema, response: { 200: screeningRunSchema } } },
      async (request) => getScreeningRun(db, await callerOf(request), request.params.id),
    );

    app.post(
      '/api/screening/runs/:id/cancel',
      { config: { action: 'screening.run' }, schema: { tags, summary: 'Cancel a queued or running run (409 otherwise, naming its state)', params: screeningRunParamsSchema, response: { 200: screeningRunSchema } } },
      async (request) => {
        const caller = await callerOf(request);
        await cancelScreeningRun(db, caller, request.params.id);
        return getScreeningRun(db, caller, request.params.id);
      },
    );

    app.post(
      '/api/screening/runs/:id/resume',
      { config: { action: 'screening.run' }, schema: { tags, summary: 'Resume a cancelled, failed or interrupted run: the shards not done run again (409 for a done run)', params: screeningRunParamsSchema, response: { 200: screeningRunSchema } } },
      async (request) => {
        const caller = await callerOf(request);
        await resumeScreeningRun(db, caller, request.params.id, dispatcher);
        return getScreeningRun(db, caller, request.params.id);
      },
    );

    app.get(
      '/api/screening/runs/:id/results',
      { config: { action: 'screening.read' }, schema: { tags, summary: 'A run’s results within the caller’s areas: filter by incentive, status, area, enterprise name or credit code', params: screeningRunParamsSchema, querystring: screeningResultQuerySchema, response: { 200: screeningResultPageSchema } } },
      async (request) => findScreeningResults(db, await callerOf(request), request.params.id, request.query),
    );

    app.get(
      '/api/screening/runs/:id/results.xlsx',
      { config: { action: 'screening.read' }, schema: { tags, summary: 'The same results as a workbook (Chinese headers)', params: screeningRunParamsSchema, querystring: screeningResultQuerySchema, response: { 200: fileResponse(xlsxMediaType, 'the screening results') } } },
      async (request, reply) => {
        const file = await exportScreeningResults(db, await callerOf(request), request.params.id, request.query, context.now());
        return sendWorkbook(reply, file.fileName, file.sheet);
      },
    );

    app.get(
      '/api/screening/compare',
      { config: { action: 'screening.read' }, schema: { tags, summary: 'Two runs compared: who changed status or amount, and why (data, rules)', querystring: screeningCompareQuerySchema, response: { 200: screeningComparisonSchema } } },
      async (request) => compareScreeningRuns(db, await callerOf(request), request.query),
    );
  };
}
