import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findAreaTree } from '../../areas/area-repository.ts';
import { buildXlsxTable } from '../../indicators/reports/xlsx-table.ts';
import { findApprovedValues } from '../../indicators/value-repository.ts';
import { findPacks } from '../../policy/pack-repository.ts';
import { indicatorsOf } from '../../platform/prepare-platform.ts';
import { findEnterprises, findPlatforms, findTechContracts, registryScope } from '../../registry/find-registry-records.ts';
import { getEnterprise, maskName, maskPhone } from '../../registry/get-enterprise.ts';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { importRegistry } from '../../registry/import-registry.ts';
import { registryColumns } from '../../registry/registry-kinds.ts';
import { compareRegistryWithPublished, registryIndicatorCodes } from '../../registry/registry-indicators.ts';
import { findTierPipeline } from '../../registry/tier-pipeline.ts';
import { readTableFile } from '../../shared/read-table-file.ts';
import { originOf, requireSession } from '../request-actor.ts';
import type { ServerContext } from '../server-context.ts';

const tags = ['registry'];
const kinds = ['enterprises', 'certifications', 'platforms', 'tech_contracts'] as const;
const paging = { limit: z.coerce.number().int().min(1).max(200).default(20), offset: z.coerce.number().int().min(0).default(0) };

export function registryRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const scopeOf = async (actor: Parameters<typeof registryScope>[0]) => {
    const tree = await findAreaTree(db);
    return { tree, scope: registryScope(actor, context.permissions.current(), tree) };
  };

  return async (app) => {
    app.addContentTypeParser(['text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], { parseAs: 'buffer', bodyLimit: 100 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    app.get(
      '/api/registry/enterprises',
      {
        config: { action: 'registry.read' },
        schema: {
          tags,
          summary: 'Enterprises by name (Chinese substring or prefix) and filters, within the caller’s scope',
          querystring: z.object({ q: z.string().max(100).optional(), org: z.string().regex(/^\d{6}$/).optional(), certification: z.string().optional(), above_scale: z.enum(['true', 'false']).optional(), synthetic: z.enum(['true', 'false']).optional(), sort: z.enum(['name', 'credit_code', 'updated']).optional(), ...paging }),
        },
      },
      async (request) => {
        const { tree, scope } = await scopeOf(request.actor);
        const query = request.query;
        return findEnterprises(db, scope, tree, { q: query.q, org: query.org, certification: query.certification, aboveScale: query.above_scale === undefined ? undefined : query.above_scale === 'true', synthetic: query.synthetic === undefined ? undefined : query.synthetic === 'true', sort: query.sort, limit: query.limit, offset: query.offset });
      },
    );

    app.get('/api/registry/enterprises/:code', { config: { action: 'registry.read' }, schema: { tags, summary: 'One enterprise, its certifications and history; contacts only with registry.contacts (audited)', params: z.object({ code: z.string().min(1).max(30) }) } }, async (request) =>
      getEnterprise(db, request.params.code, { actor: request.actor, permissions: context.permissions.current(), tree: await findAreaTree(db), origin: originOf(request) }),
    );

    app.get('/api/registry/platforms', { config: { action: 'registry.read' }, schema: { tags, summary: 'Innovation platforms and carriers', querystring: z.object({ q: z.string().max(100).optional(), org: z.string().regex(/^\d{6}$/).optional(), type: z.string().optional(), ...paging }) } }, async (request) => {
      const { tree, scope } = await scopeOf(request.actor);
      return findPlatforms(db, scope, tree, request.query);
    });

    app.get('/api/registry/tech-contracts', { config: { action: 'registry.read' }, schema: { tags, summary: 'Registered technology contracts', querystring: z.object({ org: z.string().regex(/^\d{6}$/).optional(), year: z.coerce.number().int().min(1990).max(2100).optional(), ...paging }) } }, async (request) => {
      const { scope } = await scopeOf(request.actor);
      return findTechContracts(db, scope, request.query);
    });

    app.get('/api/registry/pipeline', { config: { action: 'registry.read' }, schema: { tags, summary: 'The tier pipeline: moves up each year, and SMEs close to high-tech recognition', querystring: z.object({ from: z.coerce.number().int().min(1990).max(2100).default(2019), to: z.coerce.number().int().min(1990).max(2100).default(2025) }) } }, async (request) => {
      const { scope } = await scopeOf(request.actor);
      return findTierPipeline(db, scope, { fromYear: request.query.from, toYear: request.query.to });
    });

    app.get(
      '/api/registry/indicators',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'Registry counts per indicator beside the published values, with the difference', querystring: z.object({ year: z.coerce.number().int().min(1990).max(2100), org: z.string().regex(/^\d{6}$/).default('640000') }) } },
      async (request) => {
        const tree = await findAreaTree(db);
        const indicators = indicatorsOf(await findPacks(db));
        const published = await findApprovedValues(db, { orgs: tree.subtreeOf(request.query.org).map((area) => area.code), indicators: [...registryIndicatorCodes] });
        return { year: request.query.year, org: request.query.org, org_name: tree.find(request.query.org)?.name ?? request.query.org, indicators: await compareRegistryWithPublished(db, tree, indicators, request.query.org, request.query.year, published) };
      },
    );

    app.post(
      '/api/registry/:kind/import',
      { config: { action: 'registry.import' }, schema: { tags, summary: 'Import a registry file (CSV/XLSX body), all or nothing; ?dry_run=true checks only', params: z.object({ kind: z.enum(kinds) }), querystring: z.object({ file_name: z.string().min(1).max(200).default('upload.csv'), dry_run: z.enum(['true', 'false']).default('false') }) } },
      async (request, reply) => {
        const session = requireSession(request);
        const content = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
        const report = await importRegistry(db, request.params.kind, request.query.file_name, await readTableFile(request.query.file_name, content), { tree: await findAreaTree(db), actor: session.actor, permissions: context.permissions.current(), origin: originOf(request), dryRun: request.query.dry_run === 'true', now: context.now() });
        return reply.status(report.problems.length > 0 ? 422 : 200).send(report);
      },
    );

    app.get('/api/registry/:kind/template.xlsx', { config: { action: 'registry.read' }, schema: { tags, summary: 'The import template of a registry (identifier columns formatted as text)', params: z.object({ kind: z.enum(kinds) }) } }, async (request, reply) => {
      const spec = registryColumns[request.params.kind];
      const buffer = await buildXlsxTable({
        name: request.params.kind,
        columns: spec.columns.map((column) => ({ header: column, key: column, width: 18, format: 'text' as const })),
        rows: [],
        notes: [`必填列：${spec.required.join(', ')}；统一社会信用代码等编号列已设为文本格式，请勿改为数字。`],
      });
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${request.params.kind}-template.xlsx"`).send(buffer);
    });

    app.get(
      '/api/registry/enterprises/export.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'Export the enterprises in scope; contacts masked unless unmask=true (needs registry.contacts; audited)', querystring: z.object({ q: z.string().max(100).optional(), org: z.string().regex(/^\d{6}$/).optional(), unmask: z.enum(['true', 'false']).default('false') }) } },
      async (request, reply) => {
        const { tree, scope } = await scopeOf(request.actor);
        const unmask = request.query.unmask === 'true';
        if (unmask) {
          context.permissions.current().assertCan(request.actor, 'registry.contacts');
          // An export of personal information is traceable: who took it, with which filter.
          await recordAuditEvent(db, { actor: request.actor, action: 'enterprise.export_contacts', entityType: 'enterprise', entityId: null, after: { q: request.query.q ?? null, org: request.query.org ?? null }, origin: originOf(request) });
        }
        const rows: Record<string, string | number | null>[] = [];
        for (let offset = 0; offset < 100_000; offset += 200) {
          const page = await findEnterprises(db, scope, tree, { q: request.query.q, org: request.query.org, limit: 200, offset, withContacts: true });
          for (const enterprise of page.enterprises) {
            rows.push({
              credit_code: enterprise.credit_code,
              name: enterprise.name,
              org: enterprise.org,
              org_name: enterprise.org_name,
              industry: enterprise.industry,
              above_scale: enterprise.above_scale ? '是' : '否',
              certifications: enterprise.certifications.join(','),
              contact_name: unmask ? (enterprise.contacts?.name ?? null) : maskName(enterprise.contacts?.name ?? null),
              contact_phone: unmask ? (enterprise.contacts?.phone ?? null) : maskPhone(enterprise.contacts?.phone ?? null),
              synthetic: enterprise.synthetic ? '合成数据' : '',
            });
          }
          if (page.enterprises.length < 200) break;
        }
        const buffer = await buildXlsxTable({
          name: '企业',
          columns: [
            { header: '统一社会信用代码', key: 'credit_code', format: 'text', width: 22 },
            { header: '名称', key: 'name', format: 'text', width: 36 },
            { header: '区划代码', key: 'org', format: 'text' },
            { header: '区划', key: 'org_name', format: 'text' },
            { header: '行业', key: 'industry', format: 'text' },
            { header: '规上', key: 'above_scale', format: 'text' },
            { header: '有效资质', key: 'certifications', format: 'text', width: 30 },
            { header: '联系人', key: 'contact_name', format: 'text' },
            { header: '联系电话', key: 'contact_phone', format: 'text' },
            { header: '数据性质', key: 'synthetic', format: 'text' },
          ],
          rows,
          notes: [unmask ? '含个人信息（未脱敏），导出已记入审计日志。' : '联系人信息已脱敏。'],
        });
        return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', 'attachment; filename="enterprises.xlsx"').send(buffer);
      },
    );
  };
}

