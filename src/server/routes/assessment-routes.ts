import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  assessmentResultSchema,
  assessmentSchemeSchema,
  assessmentYearParamsSchema,
  buildBulletinDocx,
  buildBulletinXlsx,
  bulletinQuerySchema,
  bundledScheme,
  getAssessment,
  noAssessmentRecords,
  presentScheme,
  type AssessmentRecordsSource,
  type ScoringScheme,
} from '../../assessment/index.ts';
import { docxMediaType, fileResponse, sendFile, xlsxMediaType } from '../file-response.ts';
import { requireSession } from '../request-actor.ts';
import { cachedAreaTree, type ServerContext } from '../server-context.ts';

const tags = ['assessment'];
const defaultIssuer = '宁夏回族自治区科学技术厅';

/**
 * The yearly assessment (考核) over HTTP: scores and ranks computed on read from the records the
 * `source` gathers (supervision, notices, indicators: wired by the platform; none by default),
 * the scheme, and the 督查通报 as Word and Excel. Area leaders read their own areas' rows; the
 * 通报 covers everybody and is the coordinator's (scope all).
 */
export function assessmentRoutes(context: ServerContext, source: AssessmentRecordsSource = noAssessmentRecords, scheme: ScoringScheme = bundledScheme()): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/assessment/scheme',
      { config: { action: 'assessment.read' }, schema: { tags, summary: 'The scoring scheme in force: criteria, points, late fractions, what happens when nothing is due, formulas in words', response: { 200: assessmentSchemeSchema } } },
      async () => presentScheme(scheme),
    );

    app.get(
      '/api/assessment/:year',
      { config: { action: 'assessment.read' }, schema: { tags, summary: 'The year’s scores of units and areas: each criterion’s points with its basis, totals and ranks (area leaders: their own areas)', params: assessmentYearParamsSchema, response: { 200: assessmentResultSchema } } },
      async (request) => {
        const scope = request.permissions.dataScopeOf(request.actor, 'assessment.read');
        const { result } = await getAssessment({ year: request.params.year, source, scheme, scope, tree: await cachedAreaTree(context, request) });
        return result;
      },
    );

    const bulletin = async (year: number, request: Parameters<typeof cachedAreaTree>[1]) => {
      // The 通报 names every unit and area: the coordinator's (a scoped reader gets 403).
      request.permissions.assertCan(requireSession(request).actor, 'assessment.read');
      const { all } = await getAssessment({ year, source, scheme, scope: { kind: 'all' }, tree: await cachedAreaTree(context, request) });
      return all;
    };

    app.get(
      '/api/assessment/:year/report.docx',
      { config: { action: 'assessment.read' }, schema: { tags, summary: 'The 督查通报 of the year as Word (GB/T 9704 layout; optional red masthead and document number) (coordinator)', params: assessmentYearParamsSchema, querystring: bulletinQuerySchema, response: { 200: fileResponse(docxMediaType, 'the supervision bulletin') } } },
      async (request, reply) => {
        const { year } = request.params;
        const scores = await bulletin(year, request);
        const query = request.query;
        const content = await buildBulletinDocx({
          year,
          scheme,
          scores,
          generatedAt: context.now(),
          issuer: query.issuer ?? defaultIssuer,
          docNumber: query.doc_number,
          recipients: query.recipients,
          redHeader: query.red_header === '1' || query.red_header === 'true',
        });
        return sendFile(reply, { fileName: `${year}年度督查考核通报.docx`, mediaType: docxMediaType, content });
      },
    );

    app.get(
      '/api/assessment/:year/report.xlsx',
      { config: { action: 'assessment.read' }, schema: { tags, summary: 'The year’s scores and their basis as Excel (Chinese headers) (coordinator)', params: assessmentYearParamsSchema, response: { 200: fileResponse(xlsxMediaType, 'the assessment scores and basis') } } },
      async (request, reply) => {
        const { year } = request.params;
        const scores = await bulletin(year, request);
        const content = await buildBulletinXlsx({ year, scheme, scores, generatedAt: context.now() });
        return sendFile(reply, { fileName: `${year}年度督查考核得分.xlsx`, mediaType: xlsxMediaType, content });
      },
    );
  };
}
