import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { compilePack, decideHteCandidates } from '../../incentives/index.ts';
import { indicatorsOf, findPacks } from '../../policy/index.ts';
import { buildEnterpriseProfile, enterpriseProfileSchema, compareRegistryWithPublished, exportContractTurnover, exportEnterprises, exportPipelineCandidates, exportPlatforms, exportRegistryComparison, exportTechContracts, findContractTurnover, findEnterpriseRecord, findEnterprises, findPlatforms, findTechContracts, findTierPipeline, getEnterprise, getImportTemplate, getPlatform, importRegistry, areaYearQuerySchema, enterpriseChangesSchema, enterpriseDetailSchema, enterpriseExportQuerySchema, enterpriseFilterSchema, enterprisePageSchema, importQuerySchema, importProblemsQuerySchema, pagingSchema, pipelineQuerySchema, platformDetailSchema, platformFilterSchema, platformPageSchema, registryComparisonSchema, registryImportReportSchema, registryKindSchema, techContractFilterSchema, techContractPageSchema, techContractTurnoverSchema, tierPipelineSchema, fieldProblemsOf, invalidEnterpriseData, updateEnterprise } from '../../registry/index.ts';
import type { EnterpriseRecordLookup, HteCandidateDecider, RegistryExport, RegistryCaller, RegistryKind } from '../../registry/index.ts';
import { capReport, problemsCsv, problemsFileName, readTableFile, today } from '../../shared/index.ts';
import { csvMediaType, fileResponse, sendFile, sendWorkbook, xlsxMediaType } from '../file-response.ts';
import { originOf, requireSession } from '../request-actor.ts';
import { cachedAreaTree, cachedPacks, type ServerContext } from '../server-context.ts';

const tags = ['registry'];
const enterpriseParams = z.object({ code: z.string().min(1).max(30) });
const workbook = (description: string) => ({ 200: fileResponse(xlsxMediaType, description) });

/**
 * The registry's routes: validate (the contract's schemas), call the use case, answer through
 * the contract's response schema. Permissions, scopes, audit and the layout of every export live
 * in the use cases (src/registry).
 */
export function registryRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const callerOf = async (request: FastifyRequest): Promise<RegistryCaller> => ({ actor: request.actor, permissions: request.permissions, tree: await cachedAreaTree(context, request), now: context.now() });
  /** The tier pipeline's candidates are decided by the packs' high-tech recognition rule (compiled once per pack version). */
  const hteDecider = async (request: FastifyRequest): Promise<HteCandidateDecider> => {
    const packs = (await cachedPacks(context, request)).map((pack) => compilePack(pack));
    return (profiles) => decideHteCandidates(packs, profiles);
  };
  const send = (reply: Parameters<typeof sendWorkbook>[0], file: RegistryExport) => sendWorkbook(reply, file.fileName, file.sheet);

  /** Reads the uploaded body as a table file and imports it (or only checks it), as the caller. */
  const checkOrImport = async (request: FastifyRequest, kind: RegistryKind, fileName: string, dryRun: boolean) => {
    const session = requireSession(request);
    const content = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
    const { tree, now } = await callerOf(request);
    const table = await readTableFile(fileName, content);
    return importRegistry(db, kind, fileName, table, { tree, now, actor: session.actor, permissions: request.permissions, origin: originOf(request), dryRun });
  };

  return async (app) => {
    app.addContentTypeParser(['text/csv', 'application/octet-stream', xlsxMediaType], { parseAs: 'buffer', bodyLimit: 100 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    app.get(
      '/api/registry/enterprises',
      {
        config: { action: 'registry.read' },
        schema: { tags, summary: 'Enterprises by name (Chinese substring or prefix) and filters, within the caller’s scope', querystring: enterpriseFilterSchema.extend(pagingSchema.shape), response: { 200: enterprisePageSchema } },
      },
      async (request) => {
        const caller = await callerOf(request);
        // Who sees what is the caller's data scope (its permission and area counters are in the
        // cache's versions); certifications are those valid today in Beijing.
        const key = JSON.stringify([caller.permissions.dataScopeOf(caller.actor, 'registry.read'), today(caller.now), request.query]);
        return context.caches.enterpriseSearches.get(request.changeVersions, key, () => findEnterprises(db, caller, request.query));
      },
    );

    app.get(
      '/api/registry/enterprises/export.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'Export the enterprises in scope; contacts masked unless unmask=true (needs registry.contacts; audited)', querystring: enterpriseExportQuerySchema, response: workbook('the enterprises') } },
      async (request, reply) => send(reply, await exportEnterprises(db, { ...(await callerOf(request)), origin: originOf(request) }, { q: request.query.q, org: request.query.org, unmask: request.query.unmask === 'true' })),
    );

    app.get(
      '/api/registry/enterprises/:code',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'One enterprise, its certifications and history; contacts only with registry.contacts (audited)', params: enterpriseParams, response: { 200: enterpriseDetailSchema } } },
      async (request) => {
        // The stored record is kept until the registry changes; a view of its contacts is audited every time.
        const lookup: EnterpriseRecordLookup = (scope, code) => context.caches.enterprises.get(request.changeVersions, JSON.stringify([scope, code]), () => findEnterpriseRecord(db, scope, code));
        return getEnterprise(db, request.params.code, { ...(await callerOf(request)), origin: originOf(request) }, lookup);
      },
    );

    app.get(
      '/api/registry/enterprises/:code/profile',
      {
        config: { action: 'registry.read' },
        schema: {
          tags,
          summary: 'The enterprise’s profile as the incentive rules read it (contracts §3 with events, declarations and the innovation score): money as exact decimal strings in yuan; unknown figures absent, never zero; within the caller’s scope',
          params: enterpriseParams,
          response: { 200: enterpriseProfileSchema },
        },
      },
      async (request) => buildEnterpriseProfile(db, request.params.code, await callerOf(request)),
    );

    app.patch(
      '/api/registry/enterprises/:code',
      {
        config: { action: 'registry.edit' },
        // A body refused by the contract's schema is answered as the use case answers a wrong field: 400, each problem naming its field in both languages.
        attachValidation: true,
        schema: {
          tags,
          summary: 'Change an enterprise within the caller’s permission (declared data; master data with registry.edit_master); 409 when changed since loaded',
          params: enterpriseParams,
          body: enterpriseChangesSchema,
          response: { 200: enterpriseDetailSchema },
        },
      },
      async (request) => {
        if (request.validationError) {
          // The schema's own issues, with both languages; a bad `code` is the usual 400.
          const checked = enterpriseChangesSchema.safeParse(request.body);
          if (checked.success) throw request.validationError;
          throw invalidEnterpriseData(fieldProblemsOf(checked.error.issues, request.body));
        }
        const session = requireSession(request);
        const caller = { ...(await callerOf(request)), actor: session.actor, origin: originOf(request) };
        await updateEnterprise(db, request.params.code, request.body, caller);
        return getEnterprise(db, request.params.code, caller);
      },
    );

    app.get(
      '/api/registry/platforms',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'Innovation platforms and carriers', querystring: platformFilterSchema.extend(pagingSchema.shape), response: { 200: platformPageSchema } } },
      async (request) => findPlatforms(db, await callerOf(request), request.query),
    );

    app.get(
      '/api/registry/platforms/export.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'Export the platforms in scope matching the filters', querystring: platformFilterSchema, response: workbook('the platforms') } },
      async (request, reply) => send(reply, await exportPlatforms(db, await callerOf(request), request.query)),
    );

    app.get(
      '/api/registry/platforms/:number',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'One platform with its evaluations and history', params: z.object({ number: z.string().min(1).max(60) }), response: { 200: platformDetailSchema } } },
      async (request) => getPlatform(db, request.params.number, await callerOf(request)),
    );

    app.get(
      '/api/registry/tech-contracts',
      {
        config: { action: 'registry.read' },
        schema: { tags, summary: 'Registered technology contracts, by party name (Chinese substring), area, year and type; amounts in yuan as decimal strings', querystring: techContractFilterSchema.extend(pagingSchema.shape), response: { 200: techContractPageSchema } },
      },
      async (request) => findTechContracts(db, await callerOf(request), request.query),
    );

    app.get(
      '/api/registry/tech-contracts/export.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'Export the technology contracts in scope matching the filters', querystring: techContractFilterSchema, response: workbook('the technology contracts') } },
      async (request, reply) => send(reply, await exportTechContracts(db, await callerOf(request), request.query)),
    );

    app.get(
      '/api/registry/tech-contracts/turnover',
      {
        config: { action: 'registry.read' },
        schema: { tags, summary: 'Technology turnover of a year as seller (输出) and buyer (吸纳), for an area and its children, in 亿元 as exact decimal strings', querystring: areaYearQuerySchema, response: { 200: techContractTurnoverSchema } },
      },
      async (request) => findContractTurnover(db, await callerOf(request), request.query),
    );

    app.get(
      '/api/registry/tech-contracts/turnover.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'The turnover table as a workbook', querystring: areaYearQuerySchema, response: workbook('the turnover table') } },
      async (request, reply) => send(reply, await exportContractTurnover(db, await callerOf(request), request.query)),
    );

    app.get(
      '/api/registry/pipeline',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'The tier pipeline: moves up each year (default: the seven years up to the current one), and SMEs close to high-tech recognition', querystring: pipelineQuerySchema, response: { 200: tierPipelineSchema } } },
      async (request) => findTierPipeline(db, await callerOf(request), request.query, await hteDecider(request)),
    );

    app.get(
      '/api/registry/pipeline/candidates.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'The tech-based SMEs close to high-tech recognition, as a workbook', querystring: pipelineQuerySchema, response: workbook('the candidates') } },
      async (request, reply) => send(reply, await exportPipelineCandidates(db, await callerOf(request), request.query, await hteDecider(request))),
    );

    const comparisonContext = async (request: FastifyRequest) => ({ tree: await cachedAreaTree(context, request), indicators: indicatorsOf(await findPacks(db)), now: context.now() });

    app.get(
      '/api/registry/indicators',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'Registry counts per indicator beside the published values, with the difference (exact decimal strings)', querystring: areaYearQuerySchema, response: { 200: registryComparisonSchema } } },
      async (request) => compareRegistryWithPublished(db, request.query, await comparisonContext(request)),
    );

    app.get(
      '/api/registry/indicators.xlsx',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'Registry counts beside the published values, as a workbook', querystring: areaYearQuerySchema, response: workbook('registry counts beside the published values') } },
      async (request, reply) => send(reply, await exportRegistryComparison(db, request.query, await comparisonContext(request))),
    );

    app.post(
      '/api/registry/:kind/import',
      {
        config: { action: 'registry.import' },
        schema: {
          tags,
          summary:
            'Import a registry file (CSV/XLSX body), all or nothing; ?dry_run=true checks only; 422 with the first 1,000 problems and their total when refused (a scoped grant refuses rows outside its scope); every problem: POST …/import/problems.csv',
          params: z.object({ kind: registryKindSchema }),
          querystring: importQuerySchema,
          response: { 200: registryImportReportSchema, 422: registryImportReportSchema },
        },
      },
      async (request, reply) => {
        const report = await checkOrImport(request, request.params.kind, request.query.file_name, request.query.dry_run === 'true');
        return reply.status(report.problems.length > 0 ? 422 : 200).send(capReport(report));
      },
    );

    app.post(
      '/api/registry/:kind/import/problems.csv',
      {
        config: { action: 'registry.import' },
        schema: {
          tags,
          summary: 'Every problem of a registry file (the same body as the import), as CSV (行, 列, 问题, problem): the file is checked as a dry run, nothing is written; header only when it has none',
          params: z.object({ kind: registryKindSchema }),
          querystring: importProblemsQuerySchema,
          response: { 200: fileResponse(csvMediaType, 'every problem of the file') },
        },
      },
      async (request, reply) => {
        const report = await checkOrImport(request, request.params.kind, request.query.file_name, true);
        return sendFile(reply, { fileName: problemsFileName(request.query.file_name), mediaType: `${csvMediaType}; charset=utf-8`, content: problemsCsv(report.problems) });
      },
    );

    app.get(
      '/api/registry/:kind/template.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'The import template of a registry (identifier columns formatted as text)', params: z.object({ kind: registryKindSchema }), response: workbook('the import template') } },
      async (request, reply) => send(reply, getImportTemplate(request.params.kind)),
    );
  };
}
