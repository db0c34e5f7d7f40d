import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findAreaTree } from '../../areas/area-repository.ts';
import { sendWorkbook } from '../file-response.ts';
import { findApprovedValues } from '../../indicators/value-repository.ts';
import { findPacks } from '../../policy/pack-repository.ts';
import { indicatorsOf } from '../../platform/prepare-platform.ts';
import { findContractTurnover, findEnterprises, findPlatforms, findTechContracts, getPlatform, registryScope } from '../../registry/find-registry-records.ts';
import { getEnterprise, maskName, maskPhone } from '../../registry/get-enterprise.ts';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { importRegistry } from '../../registry/import-registry.ts';
import { contractTypeCodes, contractTypeLabels } from '../../registry/platform-types.ts';
import { evaluationResultLabels, registryColumns, registryKinds } from '../../registry/registry-kinds.ts';
import { updateEnterprise } from '../../registry/update-enterprise.ts';
import { compareRegistryWithPublished, registryIndicatorCodes } from '../../registry/registry-indicators.ts';
import { findTierPipeline } from '../../registry/tier-pipeline.ts';
import { readTableFile } from '../../shared/read-table-file.ts';
import { originOf, requireSession } from '../request-actor.ts';
import type { ServerContext } from '../server-context.ts';

const tags = ['registry'];
const paging = { limit: z.coerce.number().int().min(1).max(200).default(20), offset: z.coerce.number().int().min(0).default(0) };

const platformQuery = { q: z.string().max(100).optional(), org: z.string().regex(/^\d{6}$/).optional(), type: z.string().max(30).optional() };
const contractQuery = {
  q: z.string().max(100).optional(),
  org: z.string().regex(/^\d{6}$/).optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  type: z.enum(contractTypeCodes).optional(),
};
const turnoverQuery = z.object({ year: z.coerce.number().int().min(1990).max(2100), org: z.string().regex(/^\d{6}$/).default('640000') });
/** Exports stop at this many rows; a larger one is a job for the CLI or the database. */
const exportRowLimit = 100_000;

/** Every row of a paged finder, 200 at a time, up to the export limit. */
async function allPages<T>(page: (limit: number, offset: number) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let offset = 0; offset < exportRowLimit; offset += 200) {
    const batch = await page(200, offset);
    rows.push(...batch);
    if (batch.length < 200) break;
  }
  return rows;
}

/** The filter an export was taken with, written under its table. */
function filterNote(query: Record<string, unknown>): string {
  const used = Object.entries(query).filter(([, value]) => value !== undefined && value !== '');
  return `导出条件：${used.length > 0 ? used.map(([key, value]) => `${key}=${String(value)}`).join('，') : '全部'}；导出时间：${new Date().toISOString()}`;
}


export function registryRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const scopeOf = async (request: Pick<FastifyRequest, 'actor' | 'permissions'>) => {
    const tree = await findAreaTree(db);
    return { tree, scope: registryScope(request.actor, request.permissions, tree) };
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
        const { tree, scope } = await scopeOf(request);
        const query = request.query;
        return findEnterprises(db, scope, tree, { q: query.q, org: query.org, certification: query.certification, aboveScale: query.above_scale === undefined ? undefined : query.above_scale === 'true', synthetic: query.synthetic === undefined ? undefined : query.synthetic === 'true', sort: query.sort, limit: query.limit, offset: query.offset });
      },
    );

    app.patch(
      '/api/registry/enterprises/:code',
      {
        config: { action: 'registry.edit' },
        schema: {
          tags,
          summary: 'Change an enterprise within the caller’s permission (declared data; master data with registry.edit_master); 409 when changed since loaded',
          params: z.object({ code: z.string().min(1).max(30) }),
          body: z.strictObject({
            expected_updated_at: z.string().datetime({ offset: true }),
            name: z.string().max(200).optional(),
            org: z.string().regex(/^\d{6}$/).optional(),
            above_scale: z.boolean().optional(),
            industry: z.string().max(10).nullable().optional(),
            founded: z.string().max(10).nullable().optional(),
            contact_name: z.string().max(50).nullable().optional(),
            contact_phone: z.string().max(30).nullable().optional(),
            years: z.record(z.string(), z.record(z.string(), z.number().nullable()).nullable()).optional(),
          }),
        },
      },
      async (request) => {
        const session = requireSession(request);
        const body = request.body;
        const options = { actor: session.actor, permissions: request.permissions, tree: await findAreaTree(db), origin: originOf(request), now: context.now() };
        await updateEnterprise(
          db,
          request.params.code,
          { expectedUpdatedAt: body.expected_updated_at, name: body.name, org: body.org, aboveScale: body.above_scale, industry: body.industry, founded: body.founded, contactName: body.contact_name, contactPhone: body.contact_phone, years: body.years },
          options,
        );
        return getEnterprise(db, request.params.code, options);
      },
    );

    app.get('/api/registry/enterprises/:code', { config: { action: 'registry.read' }, schema: { tags, summary: 'One enterprise, its certifications and history; contacts only with registry.contacts (audited)', params: z.object({ code: z.string().min(1).max(30) }) } }, async (request) =>
      getEnterprise(db, request.params.code, { actor: request.actor, permissions: request.permissions, tree: await findAreaTree(db), origin: originOf(request) }),
    );

    app.get('/api/registry/platforms', { config: { action: 'registry.read' }, schema: { tags, summary: 'Innovation platforms and carriers', querystring: z.object({ ...platformQuery, ...paging }) } }, async (request) => {
      const { tree, scope } = await scopeOf(request);
      return findPlatforms(db, scope, tree, request.query);
    });

    app.get('/api/registry/platforms/export.xlsx', { config: { action: 'registry.read' }, schema: { tags, summary: 'Export the platforms in scope matching the filters', querystring: z.object(platformQuery) } }, async (request, reply) => {
      const { tree, scope } = await scopeOf(request);
      const rows = await allPages(async (limit, offset) => (await findPlatforms(db, scope, tree, { ...request.query, limit, offset })).platforms);
      return sendWorkbook(reply, 'platforms.xlsx', {
        name: '创新平台和载体',
        columns: [
          { header: '登记编号', key: 'registration_number' },
          { header: '名称', key: 'name', width: 36 },
          { header: '类型', key: 'type' },
          { header: '级别', key: 'level' },
          { header: '依托单位', key: 'host', width: 30 },
          { header: '区划代码', key: 'org' },
          { header: '区划', key: 'org_name' },
          { header: '认定日期', key: 'approved_on' },
          { header: '建设期起', key: 'construction_from' },
          { header: '建设期止', key: 'construction_to' },
          { header: '最近评估', key: 'latest' },
          { header: '数据性质', key: 'synthetic' },
        ],
        rows: rows.map((platform) => ({
          ...platform,
          level: platform.level === 'national' ? '国家级' : '自治区级',
          latest: platform.latest_evaluation ? `${platform.latest_evaluation.date} ${evaluationResultLabels[platform.latest_evaluation.result]}` : '',
          evaluations: null,
          latest_evaluation: null,
          synthetic: platform.synthetic ? '合成数据' : '',
        })),
        notes: [filterNote(request.query)],
      });
    });

    app.get('/api/registry/platforms/:number', { config: { action: 'registry.read' }, schema: { tags, summary: 'One platform with its evaluations and history', params: z.object({ number: z.string().min(1).max(60) }) } }, async (request) => {
      const { tree, scope } = await scopeOf(request);
      return getPlatform(db, scope, tree, request.params.number);
    });

    app.get('/api/registry/tech-contracts', { config: { action: 'registry.read' }, schema: { tags, summary: 'Registered technology contracts, by party name (Chinese substring), area, year and type', querystring: z.object({ ...contractQuery, ...paging }) } }, async (request) => {
      const { tree, scope } = await scopeOf(request);
      return findTechContracts(db, scope, tree, request.query);
    });

    app.get(
      '/api/registry/tech-contracts/export.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'Export the technology contracts in scope matching the filters', querystring: z.object(contractQuery) } },
      async (request, reply) => {
        const { tree, scope } = await scopeOf(request);
        const rows = await allPages(async (limit, offset) => (await findTechContracts(db, scope, tree, { ...request.query, limit, offset })).contracts);
        return sendWorkbook(reply, 'tech-contracts.xlsx', {
          name: '技术合同',
          columns: [
            { header: '登记编号', key: 'registration_number' },
            { header: '合同类型', key: 'type' },
            { header: '合同金额（元）', key: 'contract_amount', format: 'number' },
            { header: '技术交易额（元）', key: 'tech_amount', format: 'number' },
            { header: '卖方', key: 'seller_name', width: 30 },
            { header: '卖方信用代码', key: 'seller_credit_code', width: 22 },
            { header: '卖方区划', key: 'seller_org' },
            { header: '卖方区划名称', key: 'seller_area' },
            { header: '买方', key: 'buyer_name', width: 30 },
            { header: '买方信用代码', key: 'buyer_credit_code', width: 22 },
            { header: '买方区划', key: 'buyer_org' },
            { header: '买方区划名称', key: 'buyer_area' },
            { header: '登记日期', key: 'registered_on' },
            { header: '数据性质', key: 'synthetic' },
          ],
          rows: rows.map((contract) => ({
            ...contract,
            type: contractTypeLabels[contract.type],
            seller_area: contract.seller_org_name ?? '区外',
            buyer_area: contract.buyer_org_name ?? '区外',
            seller_inside: null,
            buyer_inside: null,
            synthetic: contract.synthetic ? '合成数据' : '',
          })),
          notes: [filterNote(request.query)],
        });
      },
    );

    app.get(
      '/api/registry/tech-contracts/turnover',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'Technology turnover of a year as seller (输出) and buyer (吸纳), for an area and its children, in 亿元', querystring: turnoverQuery } },
      async (request) => {
        const { tree, scope } = await scopeOf(request);
        return findContractTurnover(db, scope, tree, request.query);
      },
    );

    app.get(
      '/api/registry/tech-contracts/turnover.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'The turnover table as a workbook', querystring: turnoverQuery } },
      async (request, reply) => {
        const { tree, scope } = await scopeOf(request);
        const turnover = await findContractTurnover(db, scope, tree, request.query);
        return sendWorkbook(reply, `tech-contract-turnover-${turnover.org}-${turnover.year}.xlsx`, {
          name: '技术合同输出吸纳',
          title: `${turnover.org_name} ${turnover.year} 年技术合同输出与吸纳（亿元）`,
          columns: [
            { header: '区划代码', key: 'org' },
            { header: '地区', key: 'org_name' },
            { header: '输出（亿元）', key: 'output', format: 'number' },
            { header: '输出合同数', key: 'output_count', format: 'integer' },
            { header: '其中输往区外', key: 'output_to_outside', format: 'number' },
            { header: '吸纳（亿元）', key: 'absorption', format: 'number' },
            { header: '吸纳合同数', key: 'absorption_count', format: 'integer' },
            { header: '其中来自区外', key: 'absorption_from_outside', format: 'number' },
          ],
          rows: [{ ...turnover.total, org_name: `${turnover.total.org_name}（合计）` }, ...turnover.rows.map((row) => ({ ...row }))],
          notes: [
            '来源：技术合同认定登记库（技术交易额，按登记日期所在年度）。输出按卖方所在地，吸纳按买方所在地；同一地区内部的合同不计入该地区的输出和吸纳。',
            ...(turnover.includes_synthetic ? ['注意：登记库含合成演示数据。'] : []),
          ],
        });
      },
    );

    const pipelineQuery = z.object({ from: z.coerce.number().int().min(1990).max(2100).optional(), to: z.coerce.number().int().min(1990).max(2100).optional() });
    const pipelineOf = async (request: Pick<FastifyRequest, 'actor' | 'permissions'> & { query: z.infer<typeof pipelineQuery> }) => {
      const { scope } = await scopeOf(request);
      const toYear = request.query.to ?? context.now().getUTCFullYear();
      return findTierPipeline(db, scope, { fromYear: request.query.from ?? toYear - 6, toYear, today: context.now().toISOString().slice(0, 10) });
    };

    app.get('/api/registry/pipeline', { config: { action: 'registry.read' }, schema: { tags, summary: 'The tier pipeline: moves up each year (default: the last seven years), and SMEs close to high-tech recognition', querystring: pipelineQuery } }, async (request) => pipelineOf(request));

    app.get(
      '/api/registry/pipeline/candidates.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'The tech-based SMEs close to high-tech recognition, as a workbook', querystring: pipelineQuery } },
      async (request, reply) => {
        const pipeline = await pipelineOf(request);
        const tree = await findAreaTree(db);
        return sendWorkbook(reply, 'pipeline-candidates.xlsx', {
          name: '高企培育候选',
          title: '接近高新技术企业认定条件的科技型中小企业',
          columns: [
            { header: '统一社会信用代码', key: 'credit_code', width: 22 },
            { header: '名称', key: 'name', width: 36 },
            { header: '区划', key: 'org_name' },
            { header: '财务年度', key: 'year' },
            { header: '营业收入（元）', key: 'revenue', format: 'number' },
            { header: '研发费用占比', key: 'rd_ratio', format: 'percent' },
            { header: '高新技术产品收入占比', key: 'high_tech_share', format: 'percent' },
          ],
          rows: pipeline.candidates.map((candidate) => ({ ...candidate, org_name: tree.find(candidate.org)?.name ?? candidate.org })),
          notes: ['条件：有效的科技型中小企业，尚无有效的高新技术企业证书；最近一个财务年度研发费用占营业收入比例达到 5%/4%/3%（收入 ≤5000 万/≤2 亿/以上），高新技术产品（服务）收入占比 ≥ 60%（《高新技术企业认定管理办法》第十一条）。'],
        });
      },
    );

    const comparisonQuery = z.object({ year: z.coerce.number().int().min(1990).max(2100), org: z.string().regex(/^\d{6}$/).default('640000') });
    const comparisonOf = async (query: z.infer<typeof comparisonQuery>) => {
      const tree = await findAreaTree(db);
      const indicators = indicatorsOf(await findPacks(db));
      const published = await findApprovedValues(db, { orgs: tree.subtreeOf(query.org).map((area) => area.code), indicators: [...registryIndicatorCodes] });
      return { year: query.year, org: query.org, org_name: tree.find(query.org)?.name ?? query.org, indicators: await compareRegistryWithPublished(db, tree, indicators, query.org, query.year, published) };
    };

    app.get(
      '/api/registry/indicators',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'Registry counts per indicator beside the published values, with the difference', querystring: comparisonQuery } },
      async (request) => comparisonOf(request.query),
    );

    app.get(
      '/api/registry/indicators.xlsx',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'Registry counts beside the published values, as a workbook', querystring: comparisonQuery } },
      async (request, reply) => {
        const comparison = await comparisonOf(request.query);
        return sendWorkbook(reply, `registry-vs-published-${comparison.org}-${comparison.year}.xlsx`, {
          name: '登记库与公布数据',
          title: `${comparison.org_name} ${comparison.year} 年：登记库统计与公布数据对比`,
          columns: [
            { header: '指标代码', key: 'indicator' },
            { header: '指标', key: 'name', width: 30 },
            { header: '单位', key: 'unit' },
            { header: '登记库统计', key: 'registry_value', format: 'number' },
            { header: '公布数据', key: 'published_value', format: 'number' },
            { header: '差额（登记库 − 公布）', key: 'difference', format: 'number' },
            { header: '公布数据来源', key: 'published_source', width: 40 },
          ],
          rows: comparison.indicators.map((row) => ({ ...row, published_qualifier: null })),
          notes: ['登记库统计按年末有效资质、年末已认定且未撤销的平台、当年登记的技术合同计算；登记库可能不完整，差额如实列出。'],
        });
      },
    );

    app.post(
      '/api/registry/:kind/import',
      { config: { action: 'registry.import' }, schema: { tags, summary: 'Import a registry file (CSV/XLSX body), all or nothing; ?dry_run=true checks only', params: z.object({ kind: z.enum(registryKinds) }), querystring: z.object({ file_name: z.string().min(1).max(200).default('upload.csv'), dry_run: z.enum(['true', 'false']).default('false') }) } },
      async (request, reply) => {
        const session = requireSession(request);
        const content = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
        const report = await importRegistry(db, request.params.kind, request.query.file_name, await readTableFile(request.query.file_name, content), { tree: await findAreaTree(db), actor: session.actor, permissions: request.permissions, origin: originOf(request), dryRun: request.query.dry_run === 'true', now: context.now() });
        return reply.status(report.problems.length > 0 ? 422 : 200).send(report);
      },
    );

    app.get('/api/registry/:kind/template.xlsx', { config: { action: 'registry.read' }, schema: { tags, summary: 'The import template of a registry (identifier columns formatted as text)', params: z.object({ kind: z.enum(registryKinds) }) } }, async (request, reply) => {
      const spec = registryColumns[request.params.kind];
      return sendWorkbook(reply, `${request.params.kind}-template.xlsx`, {
        name: request.params.kind,
        columns: spec.columns.map((column) => ({ header: column, key: column, width: 18, format: 'text' as const })),
        rows: [],
        notes: [`必填列：${spec.required.join(', ')}；统一社会信用代码等编号列已设为文本格式，请勿改为数字。`],
      });
    });

    app.get(
      '/api/registry/enterprises/export.xlsx',
      { config: { action: 'registry.read' }, schema: { tags, summary: 'Export the enterprises in scope; contacts masked unless unmask=true (needs registry.contacts; audited)', querystring: z.object({ q: z.string().max(100).optional(), org: z.string().regex(/^\d{6}$/).optional(), unmask: z.enum(['true', 'false']).default('false') }) } },
      async (request, reply) => {
        const { tree, scope } = await scopeOf(request);
        const unmask = request.query.unmask === 'true';
        if (unmask) {
          request.permissions.assertCan(request.actor, 'registry.contacts');
          // An export of personal information is traceable: who took it, with which filter.
          await recordAuditEvent(db, { actor: request.actor, action: 'enterprise.export_contacts', entityType: 'enterprise', entityId: null, after: { q: request.query.q ?? null, org: request.query.org ?? null }, origin: originOf(request) });
        }
        const found = await allPages(async (limit, offset) => (await findEnterprises(db, scope, tree, { q: request.query.q, org: request.query.org, limit, offset, withContacts: true })).enterprises);
        const rows = found.map((enterprise) => ({
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
        }));
        return sendWorkbook(reply, 'enterprises.xlsx', {
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
          notes: [unmask ? '含个人信息（未脱敏），导出已记入审计日志。' : '联系人信息已脱敏。', filterNote({ q: request.query.q, org: request.query.org })],
        });
      },
    );
  };
}

