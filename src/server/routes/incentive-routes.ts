import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calcRequestSchema, calcResultSchema, calculate, compilePack, enterpriseCalcQuerySchema, enterpriseCalcSchema, enterpriseProfileSchema, parseCalcProfile, type EnterpriseCalc } from '../../incentives/index.ts';
import { buildEnterpriseProfile, presentBenefitsReport } from '../../registry/index.ts';
import { AppError, currentYear, today } from '../../shared/index.ts';
import { docxMediaType, fileResponse, sendFile } from '../file-response.ts';
import { cachedAreaTree, cachedPacks, type ServerContext } from '../server-context.ts';

const tags = ['incentives'];
const enterpriseParams = z.object({ code: z.string().min(1).max(30) });

/** The calculator: benefits for an enterprise profile the caller sends (a what-if: nothing is stored). */
export function incentiveRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;

  /**
   * The benefits of a registry enterprise for the caller: its profile read within the caller's
   * `registry.read` scope (outside it the enterprise does not exist: 404), then every rule of every
   * pack in force. Nothing is stored.
   */
  const calculateForEnterprise = async (request: FastifyRequest, code: string, year: number | undefined): Promise<EnterpriseCalc> => {
    const now = context.now();
    const caller = { actor: request.actor, permissions: request.permissions, tree: await cachedAreaTree(context, request), now };
    const profile = enterpriseProfileSchema.parse(await buildEnterpriseProfile(db, code, caller));
    const packs = (await cachedPacks(context, request)).map((pack) => compilePack(pack));
    const result = calculate(packs, profile, { year: year ?? currentYear(now), calculatedOn: today(now) });
    return { ...result, profile };
  };

  /** The clause a benefit rests on (title and text), from the pack it came from. */
  const clauseFinder = async (request: FastifyRequest) => {
    const packs = await cachedPacks(context, request);
    return (benefit: { pack: string; clause: number }) => packs.find((candidate) => candidate.metadata.id === benefit.pack)?.clauses.find((clause) => clause.number === benefit.clause);
  };

  return async (app) => {
    app.get(
      '/api/calc/enterprises/:code',
      {
        // The registry's gate and scope: an enterprise user its own firm, area roles their areas, the coordinator any.
        config: { action: 'registry.read' },
        schema: {
          tags,
          summary: 'Benefits of an enterprise of the registry within the caller’s scope (contracts §6), with the profile read from the registry (for a what-if through POST /api/calc)',
          params: enterpriseParams,
          querystring: enterpriseCalcQuerySchema,
          response: { 200: enterpriseCalcSchema },
        },
      },
      async (request) => calculateForEnterprise(request, request.params.code, request.query.year),
    );

    app.get(
      '/api/calc/enterprises/:code/report.docx',
      {
        config: { action: 'registry.read' },
        schema: {
          tags,
          summary: 'The same result as a Word document (GB/T 9704 layout): each benefit with status, amount, clause text, missing information, advice and working',
          params: enterpriseParams,
          querystring: enterpriseCalcQuerySchema,
          response: { 200: fileResponse(docxMediaType, 'the benefits report') },
        },
      },
      async (request, reply) => {
        const result = await calculateForEnterprise(request, request.params.code, request.query.year);
        const report = await presentBenefitsReport({
          enterprise: { credit_code: result.profile.credit_code, name: result.profile.name, synthetic: result.profile.synthetic ?? false },
          year: result.year,
          calculated_on: result.calculated_on,
          generatedAt: context.now(),
          benefits: result.benefits,
          clauseOf: await clauseFinder(request),
        });
        return sendFile(reply, { ...report, mediaType: docxMediaType });
      },
    );

    app.post(
      '/api/calc',
      {
        // Enterprise figures are private: signed-in callers only (any role); bounded in size and rate.
        config: { action: 'incentives.calculate', rateLimit: { max: 120, timeWindow: '1 minute' } },
        bodyLimit: 256 * 1024,
        schema: {
          tags,
          summary: 'Benefits for one enterprise profile (contracts §3, §6): every rule of every pack in force, with trace and near-miss advice',
          body: calcRequestSchema,
          response: { 200: calcResultSchema },
        },
      },
      async (request) => {
        const parsed = parseCalcProfile(request.body.profile);
        if (!parsed.ok) {
          const issues = parsed.issues.map((issue) => `profile.${issue}`);
          throw new AppError('bad_request', `画像有误：${issues.join('；')}`, `invalid profile: ${issues.join('; ')}`, issues);
        }
        const packs = (await cachedPacks(context, request)).map((pack) => compilePack(pack));
        return calculate(packs, parsed.profile, { year: request.body.year, date: request.body.date, calculatedOn: today(context.now()), kind: parsed.kind });
      },
    );
  };
}
