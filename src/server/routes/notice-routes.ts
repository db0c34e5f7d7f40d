import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  closeNotice,
  closeNoticeBodySchema,
  escalationSchedule,
  findNotices,
  findReminders,
  getNotice,
  issueNotice,
  issueNoticeBodySchema,
  markRemindersBodySchema,
  markRemindersRead,
  markRemindersResultSchema,
  noticeAssigneeOptions,
  noticeAssigneeOptionsSchema,
  noticeDetailSchema,
  noticePageSchema,
  noticeQuerySchema,
  noticeScheduleSchema,
  reminderPageSchema,
  reminderQuerySchema,
  respondNoticeBodySchema,
  respondToNotice,
  returnNoticeBodySchema,
  sendNoticeBack,
} from '../../notices/index.ts';
import { originOf, requireSession } from '../request-actor.ts';
import { cachedAreaTree, cachedPacks, type ServerContext } from '../server-context.ts';

const tags = ['notices'];
const idParams = z.object({ id: z.uuid() });

/**
 * Supervision notices (督办单), their escalation (催办) and the in-app reminders (issue 14): thin
 * routes over src/notices. Scopes, state checks and audit live in the use cases.
 */
export function noticeRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  const directory = async (request: FastifyRequest) => ({ packs: await cachedPacks(context, request), tree: await cachedAreaTree(context, request) });
  const command = async (request: FastifyRequest) => ({ actor: requireSession(request).actor, permissions: request.permissions, origin: originOf(request), now: context.now(), directory: await directory(request) });
  const reader = async (request: FastifyRequest) => ({ actor: request.actor, permissions: request.permissions, tree: await cachedAreaTree(context, request), now: context.now() });

  return async (app) => {
    app.get(
      '/api/notices',
      {
        config: { action: 'notices.read' },
        schema: { tags, summary: 'Supervision notices within the caller’s scope (coordinator all; a unit or area its own), filtered and paged, with counts (待回复, overdue)', querystring: noticeQuerySchema, response: { 200: noticePageSchema } },
      },
      async (request) => findNotices(db, request.query, await reader(request)),
    );
    app.get(
      '/api/notices/assignees',
      { config: { action: 'notices.issue' }, schema: { tags, summary: 'Whom a notice may be issued to: the pack’s units and the cities and counties, with their names', response: { 200: noticeAssigneeOptionsSchema } } },
      async (request) => {
        requireSession(request);
        request.permissions.assertCan(request.actor, 'notices.issue');
        return noticeAssigneeOptions(await directory(request));
      },
    );
    app.get(
      '/api/notices/schedule',
      { config: { action: 'notices.read' }, schema: { tags, summary: 'The escalation schedule (催办), in working days', response: { 200: noticeScheduleSchema } } },
      async (request) => {
        request.permissions.assertHolds(request.actor, 'notices.read');
        return {
          reminder_working_days_before: escalationSchedule.reminderWorkingDaysBefore,
          level1_working_days_after_deadline: escalationSchedule.level1WorkingDaysAfterDeadline,
          level2_working_days_after_level1: escalationSchedule.level2WorkingDaysAfterLevel1,
        };
      },
    );
    app.get(
      '/api/notices/:id',
      { config: { action: 'notices.read' }, schema: { tags, summary: 'One notice with its history (404 outside the caller’s scope)', params: idParams, response: { 200: noticeDetailSchema } } },
      async (request) => getNotice(db, request.params.id, await reader(request)),
    );
    app.post(
      '/api/notices',
      { config: { action: 'notices.issue' }, schema: { tags, summary: 'Issue a notice (督办单) to a unit or an area with a response deadline (Beijing date)', body: issueNoticeBodySchema, response: { 200: noticeDetailSchema } } },
      async (request) => issueNotice(db, request.body, await command(request)),
    );
    app.post(
      '/api/notices/:id/respond',
      { config: { action: 'notices.respond' }, schema: { tags, summary: 'The assignee answers its notice (409 unless awaiting an answer)', params: idParams, body: respondNoticeBodySchema, response: { 200: noticeDetailSchema } } },
      async (request) => respondToNotice(db, request.params.id, request.body, await command(request)),
    );
    app.post(
      '/api/notices/:id/close',
      { config: { action: 'notices.issue' }, schema: { tags, summary: 'Close an answered notice (办结)', params: idParams, body: closeNoticeBodySchema, response: { 200: noticeDetailSchema } } },
      async (request) => closeNotice(db, request.params.id, request.body, await command(request)),
    );
    app.post(
      '/api/notices/:id/return',
      { config: { action: 'notices.issue' }, schema: { tags, summary: 'Return an answer that does not do, with a reason (and optionally a new deadline)', params: idParams, body: returnNoticeBodySchema, response: { 200: noticeDetailSchema } } },
      async (request) => sendNoticeBack(db, request.params.id, 'return', request.body, await command(request)),
    );
    app.post(
      '/api/notices/:id/reopen',
      { config: { action: 'notices.issue' }, schema: { tags, summary: 'Reopen a closed notice for a new answer, with a reason (and optionally a new deadline)', params: idParams, body: returnNoticeBodySchema, response: { 200: noticeDetailSchema } } },
      async (request) => sendNoticeBack(db, request.params.id, 'reopen', request.body, await command(request)),
    );
    app.get(
      '/api/reminders',
      { config: { action: 'notices.read' }, schema: { tags, summary: 'The caller’s reminders (提醒, 催办): a unit’s or area’s own, the coordinator’s all; with the unread count', querystring: reminderQuerySchema, response: { 200: reminderPageSchema } } },
      async (request) => findReminders(db, request.query, await reader(request)),
    );
    app.post(
      '/api/reminders/read',
      { config: { action: 'notices.read' }, schema: { tags, summary: 'Mark reminders read: the keys given, or all of the caller’s', body: markRemindersBodySchema, response: { 200: markRemindersResultSchema } } },
      async (request) => {
        requireSession(request);
        return markRemindersRead(db, request.body, await reader(request));
      },
    );
  };
}
