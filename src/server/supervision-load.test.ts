/**
 * Issue 14, "Under load": 200 units submit their reports for the same cycle at once, from 200
 * accounts, through the HTTP app on PostgreSQL (PGlite serialises everything and hides races).
 * Every report is stored exactly once, the audit rows match one for one, and no request gets a
 * 500 or a deadlock error.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { burst, prepareLoad, signInAll } from '../../test/supervision-load.ts';
import { defaultSecuritySettings } from '../accounts/index.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

const units = 200;
const postgres = databaseTargets.find((target) => target.name === 'postgres')!;

describe.skipIf(postgres.skipReason !== undefined)('200 units submit their reports at once on PostgreSQL', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let drop: () => Promise<void>;
  let databaseUrl: string;

  beforeAll(async () => {
    const created = await postgres.create();
    drop = created.drop;
    databaseUrl = created.options.databaseUrl!;
    database = await preparePlatform(created.options);
    app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 100_000 }, now: () => new Date('2026-12-04T02:00:00Z') });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await drop?.();
  });

  it('stores every report exactly once, with one audit row each, and no 500 or deadlock', async () => {
    const { measureId, units: ids } = await prepareLoad(database.db, units);
    const sessions = await signInAll(app, ids);
    expect(sessions.every((session) => session.status === 200)).toBe(true);
    const { results } = await burst(app, sessions, measureId, '2026-Q4');
    expect(results.filter((result) => result.status !== 200).map((result) => `${result.status} ${result.body}`)).toEqual([]);
    const reports = await queryRows<{ assignee_id: string; id: string; state: string }>(database.db, sql`select assignee_id, id, state from supervision_reports where measure_id = ${measureId}`);
    expect(reports).toHaveLength(units);
    expect(new Set(reports.map((row) => row.assignee_id))).toEqual(new Set(ids));
    expect(reports.every((row) => row.state === 'submitted')).toBe(true);
    const audit = await queryRows<{ entity_id: string; actor_username: string }>(database.db, sql`select entity_id, actor_username from audit_log where action = 'supervision.report.submit'`);
    expect(audit).toHaveLength(units);
    expect(new Set(audit.map((row) => row.entity_id))).toEqual(new Set(reports.map((row) => row.id)));
    expect(new Set(audit.map((row) => row.actor_username))).toEqual(new Set(ids));
    const history = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from supervision_report_history h join supervision_reports r on r.id = h.report_id where r.measure_id = ${measureId}`);
    expect(history[0]!.count).toBe(units);
    const verify = await app.inject({ method: 'GET', url: '/api/health' });
    expect(verify.statusCode).toBe(200);
  }, 300_000);

  it('makes concurrent first saves of one report one row (all 200), and of concurrent submissions one wins, the others get 409', async () => {
    const { measureId, units: [unit] } = await prepareLoad(database.db, 1, 'race');
    const [session] = await signInAll(app, [unit!]);
    const put = (body: object) => app.inject({ method: 'PUT', url: `/api/supervision/measures/${measureId}/reports/2026-Q4`, headers: { cookie: session!.cookie, 'x-csrf-token': session!.csrf }, payload: body });
    const saves = await Promise.all(Array.from({ length: 8 }, (_, index) => put({ status: 'on_schedule', percent: index, narrative: `第 ${index} 次` })));
    expect(saves.map((response) => response.statusCode)).toEqual(Array(8).fill(200));
    const rows = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from supervision_reports where measure_id = ${measureId}`);
    expect(rows[0]!.count).toBe(1);
    const submits = await Promise.all(Array.from({ length: 5 }, () => put({ status: 'on_schedule', percent: 50, submit: true })));
    expect(submits.map((response) => response.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    const audit = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from audit_log a join supervision_reports r on r.id::text = a.entity_id where r.measure_id = ${measureId} and a.action = 'supervision.report.submit'`);
    expect(audit[0]!.count).toBe(1);
  }, 120_000);

  it('refuses a report saved while the measure is being closed off: the save waits for the close and then gets 409, never a report on a closed measure', async () => {
    const { measureId, units: [unit] } = await prepareLoad(database.db, 1, 'close');
    const [session] = await signInAll(app, [unit!]);
    const closer = new pg.Client({ connectionString: databaseUrl });
    await closer.connect();
    try {
      await closer.query('begin');
      await closer.query('select id from supervision_measures where id = $1 for update', [measureId]);
      const saving = app.inject({ method: 'PUT', url: `/api/supervision/measures/${measureId}/reports/2026-Q4`, headers: { cookie: session!.cookie, 'x-csrf-token': session!.csrf }, payload: { status: 'done', percent: 100 } });
      // The latch: the save is waiting for the measure's row lock (polled in pg_locks, no sleep for order).
      for (;;) {
        const waiting = await closer.query(`select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        if (waiting.rows[0].count > 0) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await closer.query(`update supervision_measures set state = 'closed', closed_at = now(), closed_by = 'coordinator', close_comment = '已完成' where id = $1`, [measureId]);
      await closer.query('commit');
      const response = await saving;
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('已销号') } });
      const rows = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from supervision_reports where measure_id = ${measureId}`);
      expect(rows[0]!.count).toBe(0);
    } finally {
      await closer.end();
    }
  }, 120_000);
});
