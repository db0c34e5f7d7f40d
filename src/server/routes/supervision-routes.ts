import { createReadStream } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../shared/index.ts';
import {
  addMilestone,
  addSubMeasure,
  addWorkPoint,
  approveReport,
  approveReportBodySchema,
  assigneeListSchema,
  assigneeParamsSchema,
  assigneeViewSchema,
  attachmentDisposition,
  changeMeasure,
  closeMeasure,
  closeMeasureBodySchema,
  cycleViewSchema,
  deletedSchema,
  deleteEvidence,
  evidenceLimits,
  evidenceSchema,
  EvidenceStore,
  findSupervisionAssignees,
  findSupervisionTasks,
  getCycleView,
  getMeasureDetail,
  getReportDetail,
  getReviewQueue,
  getSupervisionAssignee,
  getSupervisionHeatMap,
  getSupervisionTask,
  getWorkbench,
  heatMapSchema,
  idParamsSchema,
  measureCycleParamsSchema,
  measureDetailSchema,
  measureParamsSchema,
  milestoneBodySchema,
  readEvidence,
  removeMilestone,
  removeWorkPoint,
  reopenMeasure,
  reopenMeasureBodySchema,
  reportDetailSchema,
  returnReport,
  returnReportBodySchema,
  reviewQueueQuerySchema,
  reviewQueueSchema,
  saveReport,
  saveReportBodySchema,
  subMeasureBodySchema,
  submitReport,
  taskListSchema,
  taskParamsSchema,
  taskViewSchema,
  updateMeasureBodySchema,
  uploadEvidence,
  viewQuerySchema,
  workbenchSchema,
  workPointBodySchema,
} from '../../supervision/index.ts';
import { fileResponse } from '../file-response.ts';
import { originOf, requireSession } from '../request-actor.ts';
import { cachedAreaTree, cachedPacks, type ServerContext } from '../server-context.ts';

const tags = ['supervision'];

/**
 * Supervision (督查督办, issue 14): thin routes over src/supervision. Scopes, state checks and
 * audit live in the use cases. Evidence is uploaded as the raw file (any content type) with its
 * name in `X-File-Name` (percent-encoded UTF-8), and served only as a download.
 */
export function supervisionRoutes(context: ServerContext, options: { filesRoot?: string | undefined } = {}): FastifyPluginAsyncZod {
  const db = context.database.db;
  const store = new EvidenceStore(options.filesRoot);
  const reader = async (request: FastifyRequest) => ({ actor: request.actor, permissions: request.permissions, now: context.now(), tree: await cachedAreaTree(context, request), packs: await cachedPacks(context, request) });
  const command = async (request: FastifyRequest) => ({ ...(await reader(request)), actor: requireSession(request).actor, origin: originOf(request) });

  return async (app) => {
    // Evidence arrives as the file itself: every content type is read as bytes (the type is judged by the name and the content, never the header).
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: evidenceLimits.maxBytes + 1024 * 1024 }, (_request, body, done) => done(null, body));

    app.get('/api/supervision/tasks', { config: { action: 'supervision.read' }, schema: { tags, summary: 'Every supervised task with its lights counted (current cycle by default)', querystring: viewQuerySchema, response: { 200: taskListSchema } } }, async (request) =>
      findSupervisionTasks(db, request.query, await reader(request)),
    );
    app.get(
      '/api/supervision/tasks/:taskId',
      { config: { action: 'supervision.read' }, schema: { tags, summary: 'By task: every measure with every assignee’s progress and light', params: taskParamsSchema, querystring: viewQuerySchema, response: { 200: taskViewSchema } } },
      async (request) => getSupervisionTask(db, request.params.taskId, request.query, await reader(request)),
    );
    app.get('/api/supervision/assignees', { config: { action: 'supervision.read' }, schema: { tags, summary: 'Every unit and area with its measures’ lights counted', querystring: viewQuerySchema, response: { 200: assigneeListSchema } } }, async (request) =>
      findSupervisionAssignees(db, request.query, await reader(request)),
    );
    app.get(
      '/api/supervision/assignees/:kind/:id',
      { config: { action: 'supervision.read' }, schema: { tags, summary: 'By unit or area: its measures and their lights', params: assigneeParamsSchema, querystring: viewQuerySchema, response: { 200: assigneeViewSchema } } },
      async (request) => getSupervisionAssignee(db, { kind: request.params.kind, id: request.params.id }, request.query, await reader(request)),
    );
    app.get('/api/supervision/heatmap', { config: { action: 'supervision.read' }, schema: { tags, summary: 'Heat map: assignees × tasks → worst light and percent', querystring: viewQuerySchema, response: { 200: heatMapSchema } } }, async (request) =>
      getSupervisionHeatMap(db, request.query, await reader(request)),
    );
    app.get('/api/supervision/workbench', { config: { action: 'supervision.read' }, schema: { tags, summary: 'The caller’s workbench: 待办, 已退回 with the reason, submitted, counts', response: { 200: workbenchSchema } } }, async (request) =>
      getWorkbench(db, await reader(request)),
    );
    app.get('/api/supervision/review-queue', { config: { action: 'supervision.review' }, schema: { tags, summary: 'The coordinator’s review queue with counts per state', querystring: reviewQueueQuerySchema, response: { 200: reviewQueueSchema } } }, async (request) =>
      getReviewQueue(db, request.query, await reader(request)),
    );

    app.get('/api/supervision/measures/:id', { config: { action: 'supervision.read' }, schema: { tags, summary: 'One measure: assignments, work points, milestones, sub-measures, close-off, current standing', params: measureParamsSchema, response: { 200: measureDetailSchema } } }, async (request) =>
      getMeasureDetail(db, request.params.id, await reader(request)),
    );
    app.patch(
      '/api/supervision/measures/:id',
      { config: { action: 'supervision.manage' }, schema: { tags, summary: 'Change a measure’s cycle frequency, due day or deadline', params: measureParamsSchema, body: updateMeasureBodySchema, response: { 200: measureDetailSchema } } },
      async (request) => changeMeasure(db, request.params.id, request.body, await command(request)),
    );
    app.post(
      '/api/supervision/measures/:id/work-points',
      { config: { action: 'supervision.manage' }, schema: { tags, summary: 'Add a yearly work point (年度工作要点) under a measure', params: measureParamsSchema, body: workPointBodySchema, response: { 200: measureDetailSchema } } },
      async (request) => addWorkPoint(db, request.params.id, request.body, await command(request)),
    );
    app.delete('/api/supervision/work-points/:id', { config: { action: 'supervision.manage' }, schema: { tags, summary: 'Remove a yearly work point', params: idParamsSchema, response: { 200: deletedSchema } } }, async (request) =>
      removeWorkPoint(db, request.params.id, await command(request)),
    );
    app.post(
      '/api/supervision/measures/:id/milestones',
      { config: { action: 'supervision.manage' }, schema: { tags, summary: 'Add a milestone (title, due date, target percent)', params: measureParamsSchema, body: milestoneBodySchema, response: { 200: measureDetailSchema } } },
      async (request) => addMilestone(db, request.params.id, request.body, await command(request)),
    );
    app.delete('/api/supervision/milestones/:id', { config: { action: 'supervision.manage' }, schema: { tags, summary: 'Remove a milestone', params: idParamsSchema, response: { 200: deletedSchema } } }, async (request) =>
      removeMilestone(db, request.params.id, await command(request)),
    );
    app.post(
      '/api/supervision/measures/:id/sub-measures',
      { config: { action: 'supervision.manage' }, schema: { tags, summary: 'Split a measure: a sub-measure with its own assignees', params: measureParamsSchema, body: subMeasureBodySchema, response: { 200: measureDetailSchema } } },
      async (request) => addSubMeasure(db, request.params.id, request.body, await command(request)),
    );
    app.post(
      '/api/supervision/measures/:id/close',
      { config: { action: 'supervision.manage' }, schema: { tags, summary: 'Close off (销号) a measure that is done, with a comment and evidence', params: measureParamsSchema, body: closeMeasureBodySchema, response: { 200: measureDetailSchema } } },
      async (request) => closeMeasure(db, request.params.id, request.body, await command(request)),
    );
    app.post(
      '/api/supervision/measures/:id/reopen',
      { config: { action: 'supervision.manage' }, schema: { tags, summary: 'Reopen a closed measure, with a reason', params: measureParamsSchema, body: reopenMeasureBodySchema, response: { 200: measureDetailSchema } } },
      async (request) => reopenMeasure(db, request.params.id, request.body.reason, await command(request)),
    );
    app.get(
      '/api/supervision/measures/:id/cycles/:period',
      { config: { action: 'supervision.read' }, schema: { tags, summary: 'One cycle of a measure: the lead’s report with the contributions inside', params: measureCycleParamsSchema, response: { 200: cycleViewSchema } } },
      async (request) => getCycleView(db, request.params.id, request.params.period, await reader(request)),
    );
    app.put(
      '/api/supervision/measures/:id/reports/:period',
      { config: { action: 'supervision.report' }, schema: { tags, summary: 'Save (and with submit: true, submit) the caller’s report or contribution for a cycle', params: measureCycleParamsSchema, body: saveReportBodySchema, response: { 200: reportDetailSchema } } },
      async (request) => saveReport(db, request.params.id, request.params.period, request.body, await command(request)),
    );
    app.get('/api/supervision/reports/:id', { config: { action: 'supervision.read' }, schema: { tags, summary: 'One report with history, evidence, linked figures and contributions', params: idParamsSchema, response: { 200: reportDetailSchema } } }, async (request) =>
      getReportDetail(db, request.params.id, await reader(request)),
    );
    app.post('/api/supervision/reports/:id/submit', { config: { action: 'supervision.report' }, schema: { tags, summary: 'Submit a draft, or resubmit a returned report (revision + 1)', params: idParamsSchema, response: { 200: reportDetailSchema } } }, async (request) =>
      submitReport(db, request.params.id, await command(request)),
    );
    app.post(
      '/api/supervision/reports/:id/approve',
      { config: { action: 'supervision.review' }, schema: { tags, summary: 'Approve a submitted report: it is locked', params: idParamsSchema, body: approveReportBodySchema, response: { 200: reportDetailSchema } } },
      async (request) => approveReport(db, request.params.id, request.body.comment, await command(request)),
    );
    app.post(
      '/api/supervision/reports/:id/return',
      { config: { action: 'supervision.review' }, schema: { tags, summary: 'Return a submitted report with a comment (required)', params: idParamsSchema, body: returnReportBodySchema, response: { 200: reportDetailSchema } } },
      async (request) => returnReport(db, request.params.id, request.body.comment, await command(request)),
    );
    app.post(
      '/api/supervision/reports/:id/evidence',
      {
        config: { action: 'supervision.report' },
        // A little over the limit reaches the use case, which refuses it naming the file (413).
        bodyLimit: evidenceLimits.maxBytes + 1024 * 1024,
        schema: { tags, summary: 'Upload one evidence file (the raw file as the body, its name in X-File-Name): ≤ 10 MB, ≤ 10 a report, pdf, docx, xlsx, doc, xls, jpg, png, zip', params: idParamsSchema, response: { 200: evidenceSchema } },
      },
      async (request) => {
        const header = request.headers['x-file-name'];
        const raw = Array.isArray(header) ? header[0] : header;
        if (!raw) throw new AppError('bad_request', '请在 X-File-Name 请求头中给出文件名', 'give the file name in the X-File-Name header', [{ field: 'X-File-Name', message: '缺少文件名', message_en: 'missing file name' }]);
        let name: string;
        try {
          name = decodeURIComponent(raw);
        } catch {
          name = raw;
        }
        const body = request.body;
        const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        return uploadEvidence(db, request.params.id, name, bytes, store, await command(request));
      },
    );
    app.delete('/api/supervision/evidence/:id', { config: { action: 'supervision.report' }, schema: { tags, summary: 'Remove an evidence file from a draft or returned report', params: idParamsSchema, response: { 200: deletedSchema } } }, async (request) =>
      deleteEvidence(db, request.params.id, store, await command(request)),
    );
    app.get(
      '/api/supervision/evidence/:id',
      { config: { action: 'supervision.read' }, schema: { tags, summary: 'Download an evidence file (always as an attachment, never inline)', params: idParamsSchema, response: { 200: fileResponse('application/octet-stream', 'The evidence file') } } },
      async (request, reply) => {
        const { row, path } = await readEvidence(db, request.params.id, store, await reader(request));
        return reply
          .type(row.mediaType.startsWith('text/') ? 'application/octet-stream' : row.mediaType)
          .header('content-disposition', attachmentDisposition(row.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('content-length', String(row.size))
          .send(createReadStream(path));
      },
    );
  };
}
