import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  approveForPayment,
  awardBulkResultSchema,
  awardDetailSchema,
  awardIdsBodySchema,
  awardPageSchema,
  awardQuerySchema,
  confirmAwards,
  endPeriodResultSchema,
  endNoticePeriod,
  findAwards,
  findNotices,
  findPublicNotices,
  getAward,
  getPublicNotice,
  noticeListSchema,
  noticeSchema,
  objectionBodySchema,
  paymentBodySchema,
  presentNoticeDocx,
  presentNoticeXlsx,
  proposeAwardCandidates,
  proposeBodySchema,
  proposeFromRunResultSchema,
  proposeResultSchema,
  publicNoticeListSchema,
  publicNoticeSchema,
  publishAwardNotice,
  publishNoticeBodySchema,
  raiseObjection,
  recordPayment,
  reinstateAward,
  resolveObjection,
  resolveObjectionBodySchema,
  withdrawAward,
  withdrawBodySchema,
} from '../../awards/index.ts';
import { docxMediaType, fileResponse, sendFile, xlsxMediaType } from '../file-response.ts';
import { originOf, requireSession } from '../request-actor.ts';
import { cachedPacks, type ServerContext } from '../server-context.ts';
import { findEligibleResults } from '../../screening/index.ts';

const tags = ['awards'];
const idParams = z.object({ id: z.uuid() });
const stateSchema = z.object({ id: z.string(), state: z.string() });

/**
 * The award ledger (issue 13): thin routes over src/awards. Permissions, scopes, state checks and
 * audit live in the use cases; the public 公示 routes answer through presenters that carry names,
 * areas, titles and amounts only.
 */
export function awardRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const command = (request: FastifyRequest) => ({ actor: requireSession(request).actor, permissions: request.permissions, origin: originOf(request), now: context.now() });
  const reader = (request: FastifyRequest) => ({ actor: request.actor, permissions: request.permissions, now: context.now() });

  return async (app) => {
    app.get(
      '/api/awards',
      { config: { action: 'awards.read' }, schema: { tags, summary: 'The award ledger within the caller’s scope, filtered and paged, with counts per state', querystring: awardQuerySchema, response: { 200: awardPageSchema } } },
      async (request) => findAwards(db, request.query, reader(request)),
    );
    app.get(
      '/api/awards/:id',
      { config: { action: 'awards.read' }, schema: { tags, summary: 'One award with its history, objections and payment (404 outside the caller’s scope)', params: idParams, response: { 200: awardDetailSchema } } },
      async (request) => getAward(db, request.params.id, reader(request)),
    );
    app.post(
      '/api/awards/candidates',
      { config: { action: 'awards.manage' }, bodyLimit: 8 * 1024 * 1024, schema: { tags, summary: 'Propose candidates from a screening run: existing awards left alone, a paid one-time incentive refused', body: proposeBodySchema, response: { 200: proposeResultSchema } } },
      async (request) => {
        const options = command(request);
        return proposeAwardCandidates(db, options.actor, request.body.candidates, options.now, { permissions: options.permissions, origin: options.origin });
      },
    );
    app.post(
      '/api/awards/candidates/from-run/:runId',
      {
        config: { action: 'awards.manage' },
        schema: {
          tags,
          summary: 'Propose as candidates the eligible results of a screening run: the awards of policy packs with an amount (national criteria and tax deductions are not paid awards; an amount left to review is counted, not proposed)',
          params: z.object({ runId: z.uuid() }),
          response: { 200: proposeFromRunResultSchema },
        },
      },
      async (request) => {
        const options = command(request);
        const policies = new Set((await cachedPacks(context, request)).filter((pack) => pack.metadata.kind === 'policy').map((pack) => pack.metadata.id));
        const eligible = (await findEligibleResults(db, request.params.runId)).filter((result) => policies.has(result.pack_id));
        const candidates = eligible.flatMap((result) => (result.amount === null ? [] : [{ ...result, amount: result.amount, run_id: request.params.runId }]));
        const proposed = candidates.length === 0 ? { created: [], existing: 0, refused: [] } : await proposeAwardCandidates(db, options.actor, candidates, options.now, { permissions: options.permissions, origin: options.origin });
        return { ...proposed, amount_for_review: eligible.length - candidates.length };
      },
    );
    app.post(
      '/api/awards/confirm',
      { config: { action: 'awards.manage' }, schema: { tags, summary: 'Confirm candidates (all or nothing; 409 naming an award not a candidate)', body: awardIdsBodySchema, response: { 200: awardBulkResultSchema } } },
      async (request) => confirmAwards(db, request.body.ids, command(request)),
    );
    app.post(
      '/api/awards/approve',
      { config: { action: 'awards.manage' }, schema: { tags, summary: 'Approve awards whose notice period ended (all or nothing)', body: awardIdsBodySchema, response: { 200: awardBulkResultSchema } } },
      async (request) => approveForPayment(db, request.body.ids, command(request)),
    );
    app.post(
      '/api/awards/:id/withdraw',
      { config: { action: 'awards.manage' }, schema: { tags, summary: 'Withdraw an award not yet paid, with a reason', params: idParams, body: withdrawBodySchema, response: { 200: stateSchema } } },
      async (request) => withdrawAward(db, request.params.id, request.body.reason, command(request)),
    );
    app.post(
      '/api/awards/:id/reinstate',
      { config: { action: 'awards.manage' }, schema: { tags, summary: 'Reinstate a withdrawn award as a candidate, with a reason', params: idParams, body: withdrawBodySchema, response: { 200: stateSchema } } },
      async (request) => reinstateAward(db, request.params.id, request.body.reason, command(request)),
    );
    app.post(
      '/api/awards/:id/objections',
      { config: { action: 'awards.manage' }, schema: { tags, summary: 'Record an objection received during the award’s 公示', params: idParams, body: objectionBodySchema, response: { 200: stateSchema } } },
      async (request) => raiseObjection(db, request.params.id, request.body.text, command(request)),
    );
    app.post(
      '/api/awards/:id/objections/resolve',
      { config: { action: 'awards.manage' }, schema: { tags, summary: 'Resolve the award’s objection: dismissed (announced), corrected (confirmed), upheld (withdrawn)', params: idParams, body: resolveObjectionBodySchema, response: { 200: stateSchema } } },
      async (request) => resolveObjection(db, request.params.id, request.body, command(request)),
    );
    app.post(
      '/api/awards/:id/payment',
      { config: { action: 'awards.pay' }, schema: { tags, summary: 'Record the payment of an approved award (409 when the enterprise was paid it already: one-time ever, yearly once a year)', params: idParams, body: paymentBodySchema, response: { 200: stateSchema.extend({ payment_key: z.string() }) } } },
      async (request) => recordPayment(db, request.params.id, request.body, command(request)),
    );
    app.get(
      '/api/award-notices',
      { config: { action: 'awards.manage' }, schema: { tags, summary: 'Every 公示 notice with its number of awards (the coordinator’s list)', response: { 200: noticeListSchema } } },
      async () => ({ notices: await findNotices(db) }),
    );
    app.post(
      '/api/award-notices',
      { config: { action: 'awards.manage' }, schema: { tags, summary: 'Publish a 公示 of confirmed awards (notice period in working days, default 5, Beijing time)', body: publishNoticeBodySchema, response: { 200: noticeSchema } } },
      async (request) => publishAwardNotice(db, request.body, command(request)),
    );
    app.post(
      '/api/award-notices/:id/end',
      { config: { action: 'awards.manage' }, schema: { tags, summary: 'End a 公示 whose last day has passed: its announced awards become eligible for approval', params: idParams, response: { 200: endPeriodResultSchema } } },
      async (request) => endNoticePeriod(db, request.params.id, command(request)),
    );
    app.get(
      '/api/public/award-notices',
      { config: { action: 'awards.notices' }, schema: { tags, summary: 'The public 公示 (no sign-in): open and recent notices, enterprise names, areas, incentive titles and amounts only', response: { 200: publicNoticeListSchema } } },
      async () => findPublicNotices(db, context.now()),
    );
    app.get(
      '/api/public/award-notices/:id',
      { config: { action: 'awards.notices' }, schema: { tags, summary: 'One public 公示', params: idParams, response: { 200: publicNoticeSchema } } },
      async (request) => getPublicNotice(db, request.params.id, context.now()),
    );
    app.get(
      '/api/public/award-notices/:id/notice.docx',
      { config: { action: 'awards.notices' }, schema: { tags, summary: 'The 公示 as a Word document (GB/T 9704 layout)', params: idParams, response: { 200: fileResponse(docxMediaType, 'the notice') } } },
      async (request, reply) => {
        const file = await presentNoticeDocx(await getPublicNotice(db, request.params.id, context.now()), context.now());
        return sendFile(reply, { ...file, mediaType: docxMediaType });
      },
    );
    app.get(
      '/api/public/award-notices/:id/notice.xlsx',
      { config: { action: 'awards.notices' }, schema: { tags, summary: 'The 公示 list as an Excel workbook (Chinese headers)', params: idParams, response: { 200: fileResponse(xlsxMediaType, 'the notice list') } } },
      async (request, reply) => {
        const file = await presentNoticeXlsx(await getPublicNotice(db, request.params.id, context.now()));
        return sendFile(reply, { ...file, mediaType: xlsxMediaType });
      },
    );
  };
}
