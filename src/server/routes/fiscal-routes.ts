import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  deleteScenario,
  fiscalOverviewSchema,
  getFiscalOverview,
  getScenario,
  listScenarios,
  noLedgerCostSources,
  overviewQuerySchema,
  presentOverviewWorkbook,
  presentWhatIfWorkbook,
  runWhatIf,
  saveScenario,
  saveScenarioBodySchema,
  scenarioListSchema,
  scenarioParamsSchema,
  scenarioSchema,
  whatIfBodySchema,
  whatIfResultSchema,
  type CostSources,
  type FiscalCaller,
} from '../../fiscal/index.ts';
import { fileResponse, sendFile, xlsxMediaType } from '../file-response.ts';
import { originOf, requireSession } from '../request-actor.ts';
import { cachedAreaTree, cachedPacks, type ServerContext } from '../server-context.ts';

const tags = ['fiscal'];

/**
 * The fiscal view over HTTP (财政测算, the coordinator's): cost by incentive and area (paid and
 * approved from the award ledger through `sources`, the forecast from the engine), the what-if
 * (nothing stored) and named scenarios (saved and deleted with an audit event).
 */
export function fiscalRoutes(context: ServerContext, sources: CostSources = noLedgerCostSources): FastifyPluginAsyncZod {
  const db = context.database.db;
  const callerOf = async (request: FastifyRequest): Promise<FiscalCaller> => ({
    actor: requireSession(request).actor,
    permissions: request.permissions,
    origin: originOf(request),
    now: context.now(),
    packs: await cachedPacks(context, request),
    tree: await cachedAreaTree(context, request),
  });
  // A what-if reads the whole register twice: bounded per caller.
  const heavy = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  return async (app) => {
    app.get(
      '/api/fiscal/overview',
      { config: { action: 'fiscal.read' }, schema: { tags, summary: 'Cost by incentive and area: paid and approved in the year (award ledger), forecast for the next year (engine on the registry’s latest data)', querystring: overviewQuerySchema, response: { 200: fiscalOverviewSchema } } },
      async (request) => getFiscalOverview(db, await callerOf(request), request.query, sources),
    );

    app.get(
      '/api/fiscal/overview.xlsx',
      { config: { action: 'fiscal.read' }, schema: { tags, summary: 'The cost overview as an Excel workbook (Chinese headers)', querystring: overviewQuerySchema, response: { 200: fileResponse(xlsxMediaType, 'the cost overview') } } },
      async (request, reply) => {
        const overview = await getFiscalOverview(db, await callerOf(request), request.query, sources);
        return sendFile(reply, { ...(await presentOverviewWorkbook(overview, context.now())), mediaType: xlsxMediaType });
      },
    );

    app.post(
      '/api/fiscal/what-if',
      { config: { action: 'fiscal.read', ...heavy }, schema: { tags, summary: 'What-if: the cost with parameters overridden against the parameters in force, by incentive and area, and the firms that change (nothing stored)', body: whatIfBodySchema, response: { 200: whatIfResultSchema } } },
      async (request) => runWhatIf(db, await callerOf(request), request.body),
    );

    app.post(
      '/api/fiscal/what-if.xlsx',
      { config: { action: 'fiscal.read', ...heavy }, schema: { tags, summary: 'The same what-if as an Excel workbook (Chinese headers; nothing stored)', body: whatIfBodySchema, response: { 200: fileResponse(xlsxMediaType, 'the what-if') } } },
      async (request, reply) => {
        const result = await runWhatIf(db, await callerOf(request), request.body);
        return sendFile(reply, { ...(await presentWhatIfWorkbook(result, context.now())), mediaType: xlsxMediaType });
      },
    );

    app.get(
      '/api/fiscal/scenarios',
      { config: { action: 'fiscal.read' }, schema: { tags, summary: 'Saved what-if scenarios, newest first', response: { 200: scenarioListSchema } } },
      async (request) => listScenarios(db, await callerOf(request)),
    );

    app.post(
      '/api/fiscal/scenarios',
      { config: { action: 'fiscal.scenarios', ...heavy }, schema: { tags, summary: 'Save a what-if as a named scenario (computed again on the server; the name is unique: 409 otherwise; audited)', body: saveScenarioBodySchema, response: { 200: scenarioSchema } } },
      async (request) => saveScenario(db, await callerOf(request), request.body),
    );

    app.get(
      '/api/fiscal/scenarios/:id',
      { config: { action: 'fiscal.read' }, schema: { tags, summary: 'A saved scenario with its result', params: scenarioParamsSchema, response: { 200: scenarioSchema } } },
      async (request) => getScenario(db, await callerOf(request), request.params.id),
    );

    app.get(
      '/api/fiscal/scenarios/:id/export.xlsx',
      { config: { action: 'fiscal.read' }, schema: { tags, summary: 'A saved scenario as an Excel workbook (Chinese headers)', params: scenarioParamsSchema, response: { 200: fileResponse(xlsxMediaType, 'the scenario') } } },
      async (request, reply) => {
        const scenario = await getScenario(db, await callerOf(request), request.params.id);
        return sendFile(reply, { ...(await presentWhatIfWorkbook(scenario.result, context.now(), scenario.name)), mediaType: xlsxMediaType });
      },
    );

    app.delete(
      '/api/fiscal/scenarios/:id',
      { config: { action: 'fiscal.scenarios' }, schema: { tags, summary: 'Delete a saved scenario (audited)', params: scenarioParamsSchema, response: { 200: z.object({ deleted: z.literal(true) }) } } },
      async (request) => deleteScenario(db, await callerOf(request), request.params.id),
    );
  };
}
