import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createUser, loadPermissionTable, noOrigin, systemActor } from '../src/accounts/index.ts';
import { queryRows, type Database } from '../src/db/index.ts';
import { signIn, testPassword, type SignedIn } from './accounts.ts';

/**
 * The supervision burst of issue 14 ("Under load"): N synthetic units, each the lead assignee of
 * one synthetic measure and signed in with an account of its own, submit their reports for the
 * same cycle at once through the HTTP app. Shared by the load test (PostgreSQL) and the bench.
 * The units are added to the stored pack of the test's own database (labelled synthetic), the
 * measure and its assignments inserted beside the pack's own.
 */
export const loadPack = 'ningxia-2022-st-action';

export async function prepareLoad(db: Database, count: number, prefix = 'load'): Promise<{ measureId: string; units: string[] }> {
  const units = Array.from({ length: count }, (_, index) => `synthetic-${prefix}-unit-${String(index + 1).padStart(3, '0')}`);
  const rows = units.map((id, index) => ({ id, name: `合成·负载测试单位${prefix}${index + 1}`, short_name: `合成单位${prefix}${index + 1}`, name_en: `Synthetic load-test unit ${index + 1}`, kind: 'government_department' }));
  await db.execute(sql`update policy_packs set content = jsonb_set(content, '{units}', (content->'units') || ${JSON.stringify(rows)}::jsonb), content_hash = content_hash || '-' || ${prefix} || '-' || ${String(count)} where id = ${loadPack}`);
  const [measure] = await queryRows<{ id: string }>(
    db,
    sql`insert into supervision_measures (pack_id, key, task_id, position, title, text, source, tracked_from, created_at, created_by, updated_at)
        values (${loadPack}, ${`synthetic-${prefix}`}, 'task-04', 999999, '合成·负载测试事项', '合成数据', 'manual', '2026-10-01', now(), 'system', now()) returning id`,
  );
  await db.execute(sql`insert into supervision_assignments (measure_id, assignee_kind, assignee_id, role, source, created_at) select ${measure!.id}, 'unit', unnest(${sql.param(units)}::text[]), 'lead', 'manual', now()`);
  const permissions = await loadPermissionTable(db);
  for (const unit of units) {
    await createUser(db, { username: unit, role: 'unit_reporter', password: testPassword, unit_id: unit }, { actor: systemActor, permissions, origin: noOrigin, mustChangePassword: false });
  }
  return { measureId: measure!.id, units };
}

export async function signInAll(app: FastifyInstance, units: readonly string[]): Promise<SignedIn[]> {
  const sessions: SignedIn[] = [];
  for (const unit of units) sessions.push(await signIn(app, unit));
  return sessions;
}

/** One report submitted through HTTP: the status and the time it took (ms). */
export async function submitOne(app: FastifyInstance, session: SignedIn, measureId: string, period: string, index: number): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  const response = await app.inject({
    method: 'PUT',
    url: `/api/supervision/measures/${measureId}/reports/${period}`,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    payload: { status: 'on_schedule', percent: 50 + (index % 50), narrative: `合成·第 ${index + 1} 家单位的进展`, figures: [{ label: '投入资金', value: `${index + 1}.50`, unit: '万元' }], submit: true },
  });
  return { status: response.statusCode, ms: performance.now() - started, body: response.statusCode === 200 ? '' : response.body };
}

/** Every session submits at once; the burst's wall time and each request's latency. */
export async function burst(app: FastifyInstance, sessions: readonly SignedIn[], measureId: string, period: string): Promise<{ wallMs: number; results: { status: number; ms: number; body: string }[] }> {
  const started = performance.now();
  const results = await Promise.all(sessions.map((session, index) => submitOne(app, session, measureId, period, index)));
  return { wallMs: performance.now() - started, results };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
