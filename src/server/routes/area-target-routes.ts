import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { areaTargetImportQuerySchema, areaTargetImportReportSchema, areaTargetListSchema, areaTargetSchema, findAreaTargets, importAreaTargets, removeAreaTarget, removeAreaTargetQuerySchema, setAreaTarget, setAreaTargetBodySchema } from '../../indicators/index.ts';
import { xlsxMediaType } from '../file-response.ts';
import { originOf, requireSession } from '../request-actor.ts';
import type { ServerContext } from '../server-context.ts';

const tags = ['indicators'];

/** Who set an area's target is a username: shown to those who may set targets or approve values, never to the public. */
export function mayKnowWhoSetTargets(request: FastifyRequest): boolean {
  return request.permissions.holds(request.actor, 'indicators.set_targets') || request.permissions.holds(request.actor, 'indicators.approve');
}
const packParams = z.object({ id: z.string().min(1) });
const targetFileTypes = ['text/csv', 'application/octet-stream', xlsxMediaType];

/**
 * Areas' own targets (目标分解) over HTTP: everyone reads them (they are published targets); only
 * the coordinator (`indicators.set_targets`) sets, removes or imports them, each change audited.
 */
export function areaTargetRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const commandOptions = (request: Parameters<typeof originOf>[0]) => ({ actor: requireSession(request).actor, permissions: request.permissions, origin: originOf(request), now: context.now() });

  return async (app) => {
    app.addContentTypeParser(targetFileTypes, { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    app.get(
      '/api/packs/:id/area-targets',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'Areas’ own targets: the pack’s breakdown and the coordinator’s', params: packParams, response: { 200: areaTargetListSchema } } },
      async (request) => {
        const list = await findAreaTargets(db, request.params.id);
        return mayKnowWhoSetTargets(request) ? list : { ...list, area_targets: list.area_targets.map((row) => ({ ...row, set_by: null })) };
      },
    );

    app.put(
      '/api/packs/:id/area-targets',
      { config: { action: 'indicators.set_targets' }, schema: { tags, summary: 'Set one area’s own target (coordinator; audited)', params: packParams, body: setAreaTargetBodySchema, response: { 200: areaTargetSchema } } },
      async (request) => setAreaTarget(db, request.params.id, request.body, commandOptions(request)),
    );

    app.delete(
      '/api/packs/:id/area-targets',
      {
        config: { action: 'indicators.set_targets' },
        schema: { tags, summary: 'Remove one area’s own target set by the coordinator (audited)', params: packParams, querystring: removeAreaTargetQuerySchema, response: { 200: z.object({ removed: z.literal(true) }) } },
      },
      async (request) => removeAreaTarget(db, request.params.id, request.query, commandOptions(request)),
    );

    app.post(
      '/api/packs/:id/area-targets/import',
      {
        config: { action: 'indicators.set_targets' },
        schema: {
          tags,
          summary: 'Import areas’ own targets from a CSV or XLSX body (目标, 地区, 目标值, 说明; all or nothing); ?dry_run=true checks only; 422 with every problem (line and field) when a row is bad',
          params: packParams,
          querystring: areaTargetImportQuerySchema,
          response: { 200: areaTargetImportReportSchema, 422: areaTargetImportReportSchema },
        },
      },
      async (request, reply) => {
        const content = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
        const report = await importAreaTargets(db, request.params.id, { name: request.query.file_name, content }, { ...commandOptions(request), dryRun: request.query.dry_run === 'true' });
        return reply.status(report.problems.length > 0 ? 422 : 200).send(report);
      },
    );
  };
}
