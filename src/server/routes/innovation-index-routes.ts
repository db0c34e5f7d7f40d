import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { indexResultSchema, indexSensitivitySchema, indexSpecListSchema, indexSpecParamsSchema, indexUnitInputsSchema, indexUnitParamsSchema, indexYearQuerySchema } from '../../innovation-index/index.ts';
import { exportIndexDocx, exportIndexXlsx, getIndexResult, getIndexSensitivity, getIndexUnitInputs, listIndexSpecs, type IndexSpecSource } from '../../platform/index.ts';
import { docxMediaType, fileResponse, sendFile, xlsxMediaType } from '../file-response.ts';
import type { ServerContext } from '../server-context.ts';

const tags = ['innovation-index'];

/**
 * The composite innovation index over HTTP (issue 15): the bundled specs, a spec's result for the
 * latest or a chosen year, a unit's inputs, sensitivity, and the Word and Excel exports. Built only
 * from approved (published) indicator values or the spec's bundled published data, so reading is
 * `indicators.read`, which the public holds too; nothing unreviewed and no username leaves.
 */
export function innovationIndexRoutes(context: ServerContext, options: { specs?: IndexSpecSource } = {}): FastifyPluginAsyncZod {
  const db = context.database.db;
  const specs = options.specs;
  // The specs the use cases read, when the caller gave its own (tests); else the bundled ones.
  const specSource = specs ? { specs } : {};
  // Every read runs the pipeline (sensitivity runs it once per perturbation): bounded per caller.
  const heavy = { rateLimit: { max: 60, timeWindow: '1 minute' } };
  return async (app) => {
    app.get(
      '/api/innovation-index/specs',
      { config: { action: 'indicators.read' }, schema: { tags, summary: 'The bundled index specs (id, title, input, levels, normalisation)', response: { 200: indexSpecListSchema } } },
      async () => listIndexSpecs(specs),
    );

    app.get(
      '/api/innovation-index/specs/:id',
      { config: { action: 'indicators.read', ...heavy }, schema: { tags, summary: 'A spec’s result for the latest year with scores or the year asked: ranking with pillar scores, groups, trend per unit, the steps in words and the interpretations', params: indexSpecParamsSchema, querystring: indexYearQuerySchema, response: { 200: indexResultSchema } } },
      async (request) => getIndexResult(db, request.params.id, { year: request.query.year, ...specSource }),
    );

    app.get(
      '/api/innovation-index/specs/:id/units/:unit',
      { config: { action: 'indicators.read', ...heavy }, schema: { tags, summary: 'One unit’s inputs: per indicator the raw value and its source, each stage, which step changed it and why, the normalised score, weight and pillar', params: indexUnitParamsSchema, querystring: indexYearQuerySchema, response: { 200: indexUnitInputsSchema } } },
      async (request) => getIndexUnitInputs(db, request.params.id, request.params.unit, { year: request.query.year, ...specSource }),
    );

    app.get(
      '/api/innovation-index/specs/:id/sensitivity',
      { config: { action: 'indicators.read', ...heavy }, schema: { tags, summary: 'How robust each rank is: the rank with each indicator dropped, and the range over seeded weight perturbations', params: indexSpecParamsSchema, querystring: indexYearQuerySchema, response: { 200: indexSensitivitySchema } } },
      async (request) => getIndexSensitivity(db, request.params.id, { year: request.query.year, ...specSource }),
    );

    app.get(
      '/api/innovation-index/specs/:id/report.xlsx',
      { config: { action: 'indicators.read', ...heavy }, schema: { tags, summary: 'The year’s index as Excel (Chinese headers): ranking, every unit’s inputs through every stage, the method', params: indexSpecParamsSchema, querystring: indexYearQuerySchema, response: { 200: fileResponse(xlsxMediaType, 'the innovation index workbook') } } },
      async (request, reply) => {
        const file = await exportIndexXlsx(db, request.params.id, { year: request.query.year, now: context.now(), ...specSource });
        return sendFile(reply, { ...file, mediaType: xlsxMediaType });
      },
    );

    app.get(
      '/api/innovation-index/specs/:id/report.docx',
      { config: { action: 'indicators.read', ...heavy }, schema: { tags, summary: 'The year’s index as Word (GB/T 9704 layout): method, ranking table, interpretations', params: indexSpecParamsSchema, querystring: indexYearQuerySchema, response: { 200: fileResponse(docxMediaType, 'the innovation index report') } } },
      async (request, reply) => {
        const file = await exportIndexDocx(db, request.params.id, { year: request.query.year, now: context.now(), ...specSource });
        return sendFile(reply, { ...file, mediaType: docxMediaType });
      },
    );
  };
}
