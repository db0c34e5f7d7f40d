import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditFilterQuerySchema, auditPageQuerySchema, auditPageSchema, auditVerificationSchema, auditFilterOf, exportAuditEvents, findAuditEvents, presentAuditVerification, verifyAuditChain } from '../../audit/index.ts';
import { csvMediaType, fileResponse } from '../file-response.ts';
import { originOf } from '../request-actor.ts';
import { scopeNames } from './scope-names.ts';
import type { ServerContext } from '../server-context.ts';

const tags = ['audit'];

export function auditRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  return async (app) => {
    app.get(
      '/api/audit',
      { config: { action: 'audit.read' }, schema: { tags, summary: 'The audit log, newest first, filtered (audit administrator)', querystring: auditPageQuerySchema, response: { 200: auditPageSchema } } },
      async (request) => {
        const { limit, offset } = request.query;
        const page = await findAuditEvents(db, request.permissions, request.actor, { ...auditFilterOf(request.query), limit, offset }, await scopeNames(db));
        return { ...page, limit, offset };
      },
    );

    app.get(
      '/api/audit/export.csv',
      {
        config: { action: 'audit.export' },
        schema: {
          tags,
          summary: 'The filtered audit log as CSV (UTF-8 with BOM, at most 100,000 rows, times in Beijing time); the export is itself audited',
          querystring: auditFilterQuerySchema,
          response: { 200: fileResponse(csvMediaType, 'The audit log as CSV, times in Beijing time (UTC+8)') },
        },
      },
      async (request, reply) => {
        const csv = await exportAuditEvents(db, request.permissions, request.actor, auditFilterOf(request.query), { origin: originOf(request), scopeNames: await scopeNames(db) });
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="audit-log.csv"')
          // Personal data: no copy in a browser or proxy cache.
          .header('cache-control', 'no-store')
          .send(csv);
      },
    );

    app.get(
      '/api/audit/verify',
      { config: { action: 'audit.verify' }, schema: { tags, summary: 'Check the hash chain of the whole audit log (as `kechuang audit verify`)', response: { 200: auditVerificationSchema } } },
      async (request) => {
        request.permissions.assertCan(request.actor, 'audit.verify');
        return presentAuditVerification(await verifyAuditChain(db));
      },
    );
  };
}
