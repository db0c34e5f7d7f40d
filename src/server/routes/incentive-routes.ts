import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { calcRequestSchema, calcResultSchema, calculate, compilePack, describeProfileIssues, enterpriseProfileSchema } from '../../incentives/index.ts';
import { AppError, today } from '../../shared/index.ts';
import { cachedPacks, type ServerContext } from '../server-context.ts';

const tags = ['incentives'];

/** The calculator: benefits for an enterprise profile the caller sends (a what-if: nothing is stored). */
export function incentiveRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
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
        const parsed = enterpriseProfileSchema.safeParse(request.body.profile);
        if (!parsed.success) {
          const issues = describeProfileIssues(parsed.error).map((issue) => `profile.${issue}`);
          throw new AppError('bad_request', `企业画像有误：${issues.join('；')}`, `invalid profile: ${issues.join('; ')}`, issues);
        }
        const packs = (await cachedPacks(context, request)).map((pack) => compilePack(pack));
        return calculate(packs, parsed.data, { year: request.body.year, date: request.body.date, calculatedOn: today(context.now()) });
      },
    );
  };
}
