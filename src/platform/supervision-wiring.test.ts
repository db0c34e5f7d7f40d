/**
 * Issue 14's parts joined by the platform: supervision's due reports reach the reminders' tick,
 * and the assessment reads supervision's records and the notices' counts (no injected source);
 * the same tick deletes reports past their retention.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { defaultSecuritySettings } from '../accounts/index.ts';
import type { AssessmentResult } from '../assessment/index.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';
import { buildApp } from '../server/app.ts';
import { jobHandlers, preparePlatform } from './index.ts';

// Supervision tracks each measure from the quarter current when it was seeded (the real clock): the
// tick runs five days before that quarter's reports are due (the 10th of the month after it).
const seededQuarterDue = (() => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const nextQuarterMonth = Math.floor(now.getUTCMonth() / 3) * 3 + 3;
  return new Date(Date.UTC(now.getUTCFullYear(), nextQuarterMonth, 10) - 8 * 3_600_000);
})();

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`supervision wired into reminders and the assessment on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let coordinator: SignedIn;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 1000 } });
      coordinator = await signIn(app, 'coordinator');
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    it('sends the reports due soon through the reminders’ tick, once each', async () => {
      const fiveDaysBefore = new Date(seededQuarterDue.getTime() - 5 * 86_400_000);
      const tick = jobHandlers(database.db, {}, { now: () => fiveDaysBefore })['notices.reminders']!;
      await tick({ id: 'tick-1', data: {} });
      const count = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from reminders where key like 'report:%:due_soon'`))[0]!.n;
      const first = await count();
      expect(first).toBeGreaterThan(0);
      await tick({ id: 'tick-2', data: {} });
      expect(await count()).toBe(first);
      const [finance] = await queryRows<{ title: string }>(database.db, sql`select title from reminders where key like 'report:%:unit:finance-department:%:due_soon' limit 1`);
      // Said once: the reminder's title is supervision's own (it read 报告即将到期：即将到期：… before).
      expect(finance?.title).toMatch(/^即将到期：.+（\d{4}年第.季度(进展报告|配合材料)，\d{4}-\d{2}-\d{2} 截止）$/);
    });

    it('deletes the reports past their retention on the same tick', async () => {
      const [user] = await queryRows<{ id: string }>(database.db, sql`select id from users where username = 'coordinator'`);
      const finished = new Date('2026-01-01T00:00:00Z');
      await database.db.execute(sql`insert into report_jobs (kind, params, requested_by, requested_by_name, state, file_name, media_type, content, size, created_at, finished_at)
        values ('fiscal.overview', '{}'::jsonb, ${user!.id}::uuid, 'coordinator', 'done', 'old.xlsx', 'application/octet-stream', '\\x00'::bytea, 1, ${finished.toISOString()}::timestamptz, ${finished.toISOString()}::timestamptz)`);
      const reports = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from report_jobs where file_name = 'old.xlsx'`))[0]!.n;
      await jobHandlers(database.db, {}, { now: () => new Date(finished.getTime() + 29 * 86_400_000) })['notices.reminders']!({ id: 'tick-early', data: {} });
      expect(await reports()).toBe(1);
      await jobHandlers(database.db, {}, { now: () => new Date(finished.getTime() + 31 * 86_400_000) })['notices.reminders']!({ id: 'tick-late', data: {} });
      expect(await reports()).toBe(0);
    });

    it('scores a unit’s notices without an injected source: an unanswered notice gives no points for responses', async () => {
      const issued = await app.inject({
        method: 'POST',
        url: '/api/notices',
        headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf },
        payload: { assignee: { kind: 'unit', id: 'finance-department' }, subject: '督办', text: '请报送进展', deadline: '2099-12-31' },
      });
      expect(issued.statusCode).toBe(200);
      const year = Number((issued.json() as { issued_on: string }).issued_on.slice(0, 4));
      const answer = await app.inject({ method: 'GET', url: `/api/assessment/${year}`, headers: { cookie: coordinator.cookie } });
      expect(answer.statusCode).toBe(200);
      const finance = (answer.json() as AssessmentResult).units.find((score) => score.assignee.id === 'finance-department');
      expect(finance?.name).toBe('财政厅');
      expect(finance?.parts.find((part) => part.kind === 'notice_responses')).toMatchObject({ treatment: 'scored', ratio: '0.0000', score: '0.00' });
    });
  });
}
