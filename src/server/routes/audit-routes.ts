import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportAuditEvents } from '../../audit/export-audit-events.ts';
import type { AuditFilter } from '../../audit/audit-filter.ts';
import { defaultAuditPageSize, findAuditEvents, maxAuditPageSize } from '../../audit/find-audit-events.ts';
import { verifyAuditChain } from '../../audit/verify-audit-chain.ts';
import { originOf } from '../request-actor.ts';
import type { ServerContext } from '../server-context.ts';

const tags = ['audit'];

const filterQuery = z.object({
  actor: z.string().trim().min(1).max(100).optional().describe('username, or its beginning'),
  entity_type: z.string().min(1).max(100).optional().describe('e.g. account'),
  entity_id: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional().describe('e.g. session.login'),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('inclusive, ISO 8601 with Z or an offset, e.g. 2025-03-01T00:00:00+08:00'),
  to: z.iso.datetime({ offset: true }).optional().describe('exclusive, ISO 8601 with Z or an offset'),
});

const pageQuery = filterQuery.extend({
  limit: z.coerce.number().int().min(1).max(maxAuditPageSize).default(defaultAuditPageSize),
  offset: z.coerce.number().int().min(0).default(0),
});

function filterOf(query: z.infer<typeof filterQuery>): AuditFilter {
  return {
    actor: query.actor,
    entityType: query.entity_type,
    entityId: query.entity_id,
    action: query.action,
    outcome: query.outcome,
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
  };
}

export function auditRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  return async (app) => {
    app.get(
      '/api/audit',
      { config: { action: 'audit.read' }, schema: { tags, summary: 'The audit log, newest first, filtered (audit administrator)', querystring: pageQuery } },
      async (request) => {
        const { limit, offset } = request.query;
        const page = await findAuditEvents(db, request.permissions, request.actor, { ...filterOf(request.query), limit, offset });
        return { ...page, limit, offset };
      },
    );

    app.get(
      '/api/audit/export.csv',
      { config: { action: 'audit.export' }, schema: { tags, summary: 'The filtered audit log as CSV (UTF-8 with BOM, at most 100,000 rows); the export is itself audited', querystring: filterQuery } },
      async (request, reply) => {
        const csv = await exportAuditEvents(db, request.permissions, request.actor, filterOf(request.query), { origin: originOf(request) });
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="audit-log.csv"')
          // Personal data: no copy in a browser or proxy cache.
          .header('cache-control', 'no-store')
          .send(csv);
      },
    );

    app.get('/api/audit/verify', { config: { action: 'audit.verify' }, schema: { tags, summary: 'Check the hash chain of the whole audit log (as `kechuang audit verify`)' } }, async (request) => {
      request.permissions.assertCan(request.actor, 'audit.verify');
      const report = await verifyAuditChain(db);
      return {
        ok: report.ok,
        rows: report.rows,
        problems: report.problems,
        omitted_problems: report.omittedProblems,
        head: { last_seq: report.head.lastSeq, last_hash: report.head.lastHash, row_count: report.head.rowCount },
      };
    });
  };
}
