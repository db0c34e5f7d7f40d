import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findAreaTree } from '../../areas/area-repository.ts';
import { evaluatePack, loadCalculator } from '../../indicators/evaluate-pack.ts';
import { findAreaBreakdown } from '../../indicators/find-area-breakdown.ts';
import { importIndicatorValues } from '../../indicators/import-indicator-values.ts';
import { presentEvaluation } from '../../indicators/present-evaluation.ts';
import { readValueFile } from '../../indicators/read-value-file.ts';
import { buildFinalEvaluationReport } from '../../indicators/reports/final-evaluation-report.ts';
import { buildIndicatorImportTemplate } from '../../indicators/reports/indicator-template.ts';
import { buildXlsxTable } from '../../shared/xlsx-table.ts';
import { statusRuleText } from '../../indicators/target-status.ts';
import { findValueHistory } from '../../indicators/find-value-history.ts';
import { findValueRows } from '../../indicators/value-repository.ts';
import { saveDraftValues, transitionValues } from '../../indicators/value-workflow.ts';
import { findPacks, getPack } from '../../policy/pack-repository.ts';
import { indicatorsOf } from '../../platform/prepare-platform.ts';
import { notFound } from '../../shared/app-error.ts';
import { originOf, requireSession } from '../request-actor.ts';
import { fileResponse, xlsxMediaType } from '../file-response.ts';
import type { ServerContext } from '../server-context.ts';

const tags = ['indicators'];
const packParams = z.object({ id: z.string().min(1) });
const evaluationQuery = z.object({
  org: z.string().regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 code').optional(),
  as_of: z.coerce.number().int().min(1949).max(2100).optional(),
});
const areaPeriod = z.object({ org: z.string().regex(/^\d{6}$/), period: z.string().min(4).max(7) });
const statusLabels: Record<string, string> = { achieved: '已实现', on_track: '进展顺利', at_risk: '存在风险', off_track: '严重滞后', not_met: '未实现', no_data: '暂无数据' };

export function indicatorRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;

  const evaluationOf = async (packId: string, query: z.infer<typeof evaluationQuery>) => {
    const pack = await getPack(db, packId);
    const tree = await findAreaTree(db);
    return { pack, tree, evaluation: await evaluatePack(db, pack, tree, { ...(query.org ? { org: query.org } : {}), ...(query.as_of ? { asOf: query.as_of } : {}) }) };
  };

  return async (app) => {
    // Value files arrive as the raw request body (CSV or XLSX), named by ?file_name=.
    app.addContentTypeParser(['text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], { parseAs: 'buffer', bodyLimit: 50 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    app.get('/api/packs/:id/evaluation', { config: { action: 'indicators.read' }, schema: { tags, summary: 'Every target against the data (contracts §5), with its explanation', params: packParams, querystring: evaluationQuery } }, async (request) => {
      const { pack, tree, evaluation } = await evaluationOf(request.params.id, request.query);
      return {
        ...presentEvaluation(evaluation),
        org_name: tree.find(evaluation.org)?.name ?? evaluation.org,
        indicators: pack.indicators.map((indicator) => ({ code: indicator.code, name: indicator.name, name_en: indicator.name_en, unit: indicator.unit, formula: indicator.formula ?? null, aggregation: indicator.aggregation })),
        status_rules: statusRuleText,
      };
    });

    app.get('/api/packs/:id/evaluation.xlsx', { config: { action: 'indicators.read' }, schema: { tags, summary: 'The evaluation table as Excel', params: packParams, querystring: evaluationQuery, response: { 200: fileResponse(xlsxMediaType, 'the evaluation table') } } }, async (request, reply) => {
      const { pack, tree, evaluation } = await evaluationOf(request.params.id, request.query);
      const name = (code: string) => pack.indicators.find((indicator) => indicator.code === code);
      const buffer = await buildXlsxTable({
        name: '目标评估',
        title: `${pack.metadata.title} 目标评估（${tree.find(evaluation.org)?.name ?? evaluation.org}，截至${evaluation.as_of}年）`,
        columns: [
          { header: '指标代码', key: 'indicator', format: 'text' },
          { header: '指标', key: 'name', width: 28, format: 'text' },
          { header: '单位', key: 'unit', format: 'text' },
          { header: '比较', key: 'comparator', format: 'text' },
          { header: '目标值', key: 'target', format: 'number' },
          { header: '目标年份', key: 'year', format: 'integer' },
          { header: '实际值', key: 'value', format: 'number' },
          { header: '数据期', key: 'period', format: 'text' },
          { header: '完成程度', key: 'progress', format: 'percent' },
          { header: '状态', key: 'status', format: 'text' },
          { header: '条款', key: 'clause', format: 'integer' },
          { header: '来源', key: 'source', width: 60, format: 'text' },
        ],
        rows: evaluation.targets.map((target) => ({
          indicator: target.indicator,
          name: name(target.indicator)?.name ?? target.indicator,
          unit: name(target.indicator)?.unit ?? '',
          comparator: target.comparator,
          target: target.target,
          year: target.year,
          value: target.value,
          period: target.period,
          progress: target.progress,
          status: statusLabels[target.status] ?? target.status,
          clause: target.clause,
          source: target.source,
        })),
        notes: statusRuleText.map((rule) => `${statusLabels[rule.status]}：${rule.zh}`),
      });
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="evaluation-${evaluation.org}-${evaluation.as_of}.xlsx"`).send(buffer);
    });

    app.get('/api/packs/:id/evaluation/report.docx', { config: { action: 'indicators.read' }, schema: { tags, summary: 'The final-evaluation report (终期评估报告) as Word', params: packParams, querystring: evaluationQuery } }, async (request, reply) => {
      const { pack, tree, evaluation } = await evaluationOf(request.params.id, request.query);
      const buffer = await buildFinalEvaluationReport({
        pack: { id: pack.metadata.id, title: pack.metadata.title, doc_number: pack.metadata.doc_number, issued: pack.metadata.issued, expires: pack.metadata.expires },
        area: { code: evaluation.org, name: tree.find(evaluation.org)?.name ?? evaluation.org },
        asOf: evaluation.as_of,
        generatedAt: context.now(),
        evaluations: evaluation.targets,
        indicators: pack.indicators.map((indicator) => ({ code: indicator.code, name: indicator.name, unit: indicator.unit })),
        clauses: pack.clauses.map((clause) => ({ number: clause.number, label: clause.label, title: clause.title })),
        benchmarkAreaName: tree.find('100000')?.name,
      });
      return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('content-disposition', `attachment; filename="final-evaluation-${evaluation.org}-${evaluation.as_of}.docx"`).send(buffer);
    });

    app.get(
      '/api/packs/:id/indicators/:code/series',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'An indicator’s values over time for one area (and its benchmark)', params: packParams.extend({ code: z.string().min(1) }), querystring: z.object({ org: z.string().regex(/^\d{6}$/).optional() }) } },
      async (request) => {
        const pack = await getPack(db, request.params.id);
        const indicator = pack.indicators.find((candidate) => candidate.code === request.params.code);
        if (!indicator) throw notFound('指标', 'Indicator', request.params.code);
        const tree = await findAreaTree(db);
        const org = request.query.org ?? pack.metadata.region;
        if (!tree.has(org)) throw notFound('行政区划', 'Area', org);
        const target = pack.targets.find((candidate) => candidate.indicator === indicator.code);
        const benchmarkOrg = target?.benchmark_org ?? '100000';
        const calculator = await loadCalculator(db, pack, tree, org, [indicator.code], [benchmarkOrg]);
        const evaluation = target ? (await evaluatePack(db, pack, tree, { org })).targets.find((item) => item.target_id === target.id) : undefined;
        return {
          indicator: { ...indicator, formula: indicator.formula ?? null },
          org,
          org_name: tree.find(org)?.name ?? org,
          series: calculator.series(indicator.code, org),
          benchmark: { org: benchmarkOrg, name: tree.find(benchmarkOrg)?.name ?? benchmarkOrg, series: calculator.series(indicator.code, benchmarkOrg) },
          target: target ?? null,
          evaluation: evaluation ?? null,
        };
      },
    );

    app.get(
      '/api/packs/:id/indicators/:code/areas',
      {
        config: { action: 'indicators.read' },
        schema: { tags, summary: 'An indicator for an area and each of its child areas (drill-down)', params: packParams.extend({ code: z.string().min(1) }), querystring: z.object({ parent: z.string().regex(/^\d{6}$/).optional(), period: z.string().optional() }) },
      },
      async (request) => findAreaBreakdown(db, await getPack(db, request.params.id), await findAreaTree(db), request.params.code, request.query),
    );

    app.get(
      '/api/packs/:id/indicators/:code/areas.xlsx',
      {
        config: { action: 'indicators.read' },
        schema: { tags, summary: 'The drill-down table (an area and its child areas) as Excel', params: packParams.extend({ code: z.string().min(1) }), querystring: z.object({ parent: z.string().regex(/^\d{6}$/).optional(), period: z.string().optional() }) },
      },
      async (request, reply) => {
        const tree = await findAreaTree(db);
        const breakdown = await findAreaBreakdown(db, await getPack(db, request.params.id), tree, request.params.code, request.query);
        const { indicator, period } = breakdown;
        const parent = breakdown.parent.org;
        const kinds: Record<string, string> = { published: '公布值', computed: '计算值', rolled_up: '下级汇总' };
        const rows = [breakdown.parent, ...breakdown.children].map((value) => ({
          org: value.org,
          name: value.name,
          value: value.value,
          kind: value.kind ? (kinds[value.kind] ?? value.kind) : '暂无数据',
          qualifier: value.qualifier === 'lower_bound' ? '下限' : value.qualifier === 'upper_bound' ? '上限' : '',
          published: value.published ?? null,
          computed: value.computed ?? null,
          difference: value.difference ?? null,
          coverage: value.coverage ? `${value.coverage.with_value}/${value.coverage.total}` : '',
          source: value.source,
        }));
        const buffer = await buildXlsxTable({
          name: indicator.name.slice(0, 28),
          title: `${indicator.name}（${indicator.unit}），${period}年，${tree.find(parent)?.name ?? parent}及下级`,
          columns: [
            { header: '区划代码', key: 'org', format: 'text' },
            { header: '区划', key: 'name', width: 16, format: 'text' },
            { header: `数值（${indicator.unit}）`, key: 'value', format: 'number' },
            { header: '类型', key: 'kind', format: 'text' },
            { header: '限定', key: 'qualifier', format: 'text' },
            { header: '公布值', key: 'published', format: 'number' },
            { header: '计算值', key: 'computed', format: 'number' },
            { header: '差异', key: 'difference', format: 'number' },
            { header: '下级覆盖', key: 'coverage', format: 'text' },
            { header: '来源', key: 'source', width: 60, format: 'text' },
          ],
          rows,
          notes: indicator.formula ? [`计算公式：${indicator.formula}（先汇总分项，再按公式计算）`] : [],
        });
        return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${indicator.code}-${parent}-${period}.xlsx"`).send(buffer);
      },
    );

    app.get('/api/indicator-values/template.xlsx', { config: { action: 'indicators.read' }, schema: { tags, summary: 'The xlsx template for indicator imports, with dropdowns' } }, async (_request, reply) => {
      const indicators = indicatorsOf(await findPacks(db));
      const tree = await findAreaTree(db);
      const buffer = await buildIndicatorImportTemplate({
        indicators: indicators.map((indicator) => ({ code: indicator.code, name: indicator.name, unit: indicator.unit, period_type: indicator.period_type, derived: indicator.formula !== undefined })),
        areas: tree.all.map((area) => ({ code: area.code, name: area.name })),
      });
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', 'attachment; filename="indicator-values-template.xlsx"').send(buffer);
    });

    app.post(
      '/api/indicator-values/import',
      {
        config: { action: 'indicators.import' },
        schema: { tags, summary: 'Import a CSV or XLSX body (all or nothing); ?dry_run=true checks only', querystring: z.object({ file_name: z.string().min(1).max(200).default('upload.csv'), dry_run: z.enum(['true', 'false']).default('false') }) },
      },
      async (request, reply) => {
        const session = requireSession(request);
        const content = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
        const rows = await readValueFile(request.query.file_name, content);
        const report = await importIndicatorValues(db, request.query.file_name, rows, { indicators: indicatorsOf(await findPacks(db)), tree: await findAreaTree(db) }, { actor: session.actor, permissions: request.permissions, origin: originOf(request), dryRun: request.query.dry_run === 'true', now: context.now() });
        return reply.status(report.problems.length > 0 ? 422 : 200).send(report);
      },
    );

    app.get('/api/indicator-values', { config: { action: 'indicators.enter' }, schema: { tags, summary: 'The values of one area and period, every status (for entry and review)', querystring: areaPeriod } }, async (request) => {
      const tree = await findAreaTree(db);
      const permissions = request.permissions;
      if (!permissions.canOn(request.actor, 'indicators.approve', { orgCode: request.query.org }, tree)) {
        permissions.assertCanOn(request.actor, 'indicators.enter', { orgCode: request.query.org }, tree);
      }
      const rows = await findValueRows(db, request.query);
      return {
        org: request.query.org,
        period: request.query.period,
        indicators: indicatorsOf(await findPacks(db)).map((indicator) => ({ code: indicator.code, name: indicator.name, unit: indicator.unit, derived: indicator.formula !== undefined })),
        values: rows.map((row) => ({ indicator: row.indicator, value: Number(row.value), unit: row.unit, entered_value: Number(row.enteredValue), entered_unit: row.enteredUnit, qualifier: row.qualifier, source: row.source, status: row.status, revision: row.revision, origin: row.origin, updated_by: row.updatedBy, updated_at: row.updatedAt.toISOString() })),
      };
    });

    app.put(
      '/api/indicator-values',
      {
        config: { action: 'indicators.enter' },
        schema: { tags, summary: 'Save draft values of one area and period', body: areaPeriod.extend({ values: z.array(z.object({ indicator: z.string().min(1), value: z.number(), unit: z.string().optional(), source: z.string().max(500).optional() })).min(1).max(500) }) },
      },
      async (request) => {
        const session = requireSession(request);
        const saved = await saveDraftValues(db, request.body.org, request.body.period, request.body.values, indicatorsOf(await findPacks(db)), { actor: session.actor, permissions: request.permissions, tree: await findAreaTree(db), origin: originOf(request), now: context.now() });
        return { saved: saved.length };
      },
    );

    for (const action of ['submit', 'approve', 'return', 'unlock'] as const) {
      app.post(
        `/api/indicator-values/${action}`,
        {
          config: { action: action === 'submit' ? 'indicators.enter' : 'indicators.approve' },
          schema: { tags, summary: `${action} the values of one area and period (all, or the named indicators)`, body: areaPeriod.extend({ indicators: z.array(z.string()).optional(), reason: z.string().max(500).optional() }) },
        },
        async (request) => {
          const session = requireSession(request);
          const changed = await transitionValues(db, action, request.body.org, request.body.period, request.body.indicators, { actor: session.actor, permissions: request.permissions, tree: await findAreaTree(db), origin: originOf(request), now: context.now(), ...(request.body.reason ? { reason: request.body.reason } : {}) });
          return { changed: changed.map((row) => ({ indicator: row.indicator, status: row.status })) };
        },
      );
    }

    app.get(
      '/api/indicator-values/history',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'Every revision of one value (published figures get revised: both stay visible)', querystring: z.object({ indicator: z.string().min(1), org: z.string().regex(/^\d{6}$/), period: z.string().min(4) }) } },
      async (request) => ({ history: await findValueHistory(db, request.query, { actor: request.actor, permissions: request.permissions, tree: await findAreaTree(db) }) }),
    );
  };
}
