/**
 * Supervision notices (督办单) over HTTP: the coordinator issues, the assignee answers, the
 * coordinator returns, closes and reopens; every illegal move is 409 with the state in words; a
 * unit never sees or answers another's notice; escalation and reminders follow Beijing working
 * days; the counts for the assessment add up.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, testPassword, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createUser, defaultSecuritySettings, loadPermissionTable, noOrigin, systemActor } from '../accounts/index.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';
import { findNoticeCounts, runReminderTick, type NotificationMessage } from '../notices/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

interface NoticeBody {
  id: string;
  number: string;
  state: string;
  assignee: { kind: string; id: string; name: string };
  escalation: { level: number; overdue: boolean; stage: string | null };
  response: { on_time: boolean; evidence: string | null } | null;
  return_reason: string | null;
  deadline: string;
  history: { action: string }[];
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`notice routes on ${target.name}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    const sessions: Record<string, SignedIn> = {};
    // Friday 4 December 2026, 10:00 in Beijing; moved on below.
    let now = new Date('2026-12-04T02:00:00Z');
    let unitNotice = '';
    let areaNotice = '';

    const signInAll = async () => {
      for (const name of ['coordinator', 'unit-reporter', 'unit-leader', 'area-reporter', 'other-unit', 'other-area', 'enterprise-user']) sessions[name] = await signIn(app, name);
    };

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
      await createTestAccounts(database.db);
      const permissions = await loadPermissionTable(database.db);
      const options = { actor: systemActor, permissions, origin: noOrigin, mustChangePassword: false };
      await createUser(database.db, { username: 'other-unit', role: 'unit_reporter', password: testPassword, unit_id: 'science-technology-department' }, options);
      await createUser(database.db, { username: 'other-area', role: 'area_reporter', password: testPassword, org_code: '640200' }, options);
      app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000 }, now: () => now });
      await signInAll();
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    const headers = (who: string) => ({ cookie: sessions[who]!.cookie, 'x-csrf-token': sessions[who]!.csrf });
    const post = (url: string, body: object, who = 'coordinator') => app.inject({ method: 'POST', url, headers: headers(who), payload: body });
    const get = (url: string, who = 'coordinator') => app.inject({ method: 'GET', url, headers: headers(who) });

    it('issues notices to a unit and to a county, with names, a checked reference and a number per year', async () => {
      const issued = await post('/api/notices', { assignee: { kind: 'unit', id: 'finance-department' }, subject: '科技投入落实情况', text: '请说明财政科技投入落实情况。', reference_id: 'm-04-01', deadline: '2026-12-07' });
      expect(issued.statusCode).toBe(200);
      const notice = issued.json() as NoticeBody & { reference: unknown };
      expect(notice).toMatchObject({ number: '督办〔2026〕1号', state: 'issued', assignee: { kind: 'unit', id: 'finance-department', name: '财政厅' }, deadline: '2026-12-07', escalation: { level: 0, overdue: false } });
      expect(notice.reference).toMatchObject({ kind: 'measure', id: 'm-04-01', title: '统筹推进共性、核心和前沿技术研发', task_id: 'task-04' });
      expect(notice.history.map((move) => move.action)).toEqual(['issue']);
      unitNotice = notice.id;
      const area = await post('/api/notices', { assignee: { kind: 'area', id: '640104' }, subject: '研发投入强度', text: '请报送研发投入强度提升措施。', deadline: '2026-12-04' });
      expect(area.json()).toMatchObject({ number: '督办〔2026〕2号', assignee: { kind: 'area', id: '640104', name: '兴庆区' }, reference: null, escalation: { stage: 'reminder' } });
      areaNotice = (area.json() as NoticeBody).id;
    });

    it('refuses an unknown assignee or reference, a past deadline, and anyone but the coordinator', async () => {
      const base = { subject: '标题', text: '内容', deadline: '2026-12-10' };
      const noUnit = await post('/api/notices', { ...base, assignee: { kind: 'unit', id: 'no-such-unit' } });
      expect(noUnit.statusCode).toBe(400);
      expect(noUnit.json()).toMatchObject({ error: { message: expect.stringContaining('没有责任单位“no-such-unit”') } });
      expect((await post('/api/notices', { ...base, assignee: { kind: 'unit', id: 'all-area-governments' } })).statusCode).toBe(400);
      expect((await post('/api/notices', { ...base, assignee: { kind: 'area', id: '640000' } })).statusCode).toBe(400);
      const noReference = await post('/api/notices', { ...base, assignee: { kind: 'area', id: '640104' }, reference_id: 'm-99-99' });
      expect(noReference.json()).toMatchObject({ error: { message: expect.stringContaining('没有任务或举措“m-99-99”') } });
      const past = await post('/api/notices', { ...base, assignee: { kind: 'area', id: '640104' }, deadline: '2026-12-03' });
      expect(past.statusCode).toBe(400);
      expect((await post('/api/notices', { ...base, assignee: { kind: 'unit', id: 'finance-department' } }, 'unit-leader')).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/notices' })).statusCode).toBe(401);
      expect((await get('/api/notices', 'enterprise-user')).statusCode).toBe(403);
    });

    it('shows each caller its own notices with the 待回复 count; another unit or area sees nothing and cannot answer', async () => {
      const all = (await get('/api/notices')).json() as { notices: NoticeBody[]; counts: Record<string, number> };
      expect(all.notices.map((notice) => notice.number)).toEqual(['督办〔2026〕2号', '督办〔2026〕1号']);
      expect(all.counts).toMatchObject({ issued: 2, answered: 0, closed: 0, overdue: 0, total: 2 });
      const unit = (await get('/api/notices', 'unit-reporter')).json() as { notices: NoticeBody[]; counts: Record<string, number> };
      expect(unit.notices.map((notice) => notice.id)).toEqual([unitNotice]);
      expect(unit.counts.issued).toBe(1);
      // The area reporter of 银川市 sees its county 兴庆区's notice.
      expect(((await get('/api/notices', 'area-reporter')).json() as { notices: NoticeBody[] }).notices.map((notice) => notice.id)).toEqual([areaNotice]);
      expect(((await get('/api/notices', 'other-unit')).json() as { total: number }).total).toBe(0);
      expect(((await get('/api/notices', 'other-area')).json() as { total: number }).total).toBe(0);
      expect((await get(`/api/notices/${unitNotice}`, 'other-unit')).statusCode).toBe(404);
      expect((await post(`/api/notices/${unitNotice}/respond`, { text: '越权回复' }, 'other-unit')).statusCode).toBe(404);
      expect((await post(`/api/notices/${areaNotice}/respond`, { text: '越权回复' }, 'other-area')).statusCode).toBe(404);
      expect((await post(`/api/notices/${areaNotice}/respond`, { text: '越权回复' }, 'unit-reporter')).statusCode).toBe(404);
      // The coordinator reads every notice but answers none.
      expect((await post(`/api/notices/${unitNotice}/respond`, { text: '代为回复' })).statusCode).toBe(403);
      const filtered = (await get('/api/notices?assignee_kind=area&assignee_id=640104')).json() as { notices: NoticeBody[] };
      expect(filtered.notices.map((notice) => notice.id)).toEqual([areaNotice]);
      const options = (await get('/api/notices/assignees')).json() as { units: { id: string; name: string }[]; areas: { id: string; name: string }[] };
      expect(options.units).toContainEqual(expect.objectContaining({ id: 'finance-department', name: '财政厅' }));
      expect(options.units.some((unit) => unit.id === 'all-area-governments')).toBe(false);
      expect(options.areas).toContainEqual(expect.objectContaining({ id: '640104', name: '兴庆区' }));
      expect((await get('/api/notices/assignees', 'unit-reporter')).statusCode).toBe(403);
    });

    it('runs every transition, refuses every illegal one with the state in words, and audits each', async () => {
      const closeIssued = await post(`/api/notices/${unitNotice}/close`, {});
      expect(closeIssued.statusCode).toBe(409);
      expect(closeIssued.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('当前状态为“待回复”，不能办结') } });
      expect((await post(`/api/notices/${unitNotice}/return`, { reason: '不充分' })).statusCode).toBe(409);
      expect((await post(`/api/notices/${unitNotice}/reopen`, { reason: '不充分' })).statusCode).toBe(409);

      const answered = await post(`/api/notices/${unitNotice}/respond`, { text: '已落实2026年科技投入。', evidence: '宁财教〔2026〕12号' }, 'unit-reporter');
      expect(answered.statusCode).toBe(200);
      expect(answered.json()).toMatchObject({ state: 'answered', response: { on_time: true, evidence: '宁财教〔2026〕12号' } });
      const twice = await post(`/api/notices/${unitNotice}/respond`, { text: '再次回复' }, 'unit-leader');
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ error: { message: expect.stringContaining('当前状态为“已回复”，不能回复') } });
      expect((await post(`/api/notices/${unitNotice}/reopen`, { reason: 'x' })).statusCode).toBe(409);

      const returned = await post(`/api/notices/${unitNotice}/return`, { reason: '请补充资金到位数据', deadline: '2026-12-11' });
      expect(returned.json()).toMatchObject({ state: 'issued', return_reason: '请补充资金到位数据', deadline: '2026-12-11', response: null });
      expect((await post(`/api/notices/${unitNotice}/return`, { reason: '' })).statusCode).toBe(400);
      expect((await post(`/api/notices/${unitNotice}/respond`, { text: '已补充：资金已全部到位。' }, 'unit-leader')).json()).toMatchObject({ state: 'answered', return_reason: null });
      expect((await post(`/api/notices/${unitNotice}/close`, { note: '办结' })).json()).toMatchObject({ state: 'closed' });
      for (const [action, body] of [['close', {}], ['return', { reason: 'x' }], ['respond', { text: 'x' }]] as const) {
        const refused = await post(`/api/notices/${unitNotice}/${action}`, body, action === 'respond' ? 'unit-reporter' : 'coordinator');
        expect(refused.statusCode).toBe(409);
        expect(refused.json()).toMatchObject({ error: { message: expect.stringContaining('当前状态为“已办结”') } });
      }
      expect((await post(`/api/notices/${unitNotice}/reopen`, { reason: '资金使用情况需跟踪' })).json()).toMatchObject({ state: 'issued', return_reason: '资金使用情况需跟踪' });
      await post(`/api/notices/${unitNotice}/respond`, { text: '跟踪情况已报。' }, 'unit-reporter');
      const closed = await post(`/api/notices/${unitNotice}/close`, {});
      expect((closed.json() as NoticeBody).history.map((move) => move.action)).toEqual(['issue', 'respond', 'return', 'respond', 'close', 'reopen', 'respond', 'close']);

      const audited = await queryRows<{ action: string }>(database.db, sql`select action from audit_log where entity_type = 'supervision_notice' and entity_id = ${unitNotice} order by seq`);
      expect(audited.map((row) => row.action)).toEqual(['notice.issue', 'notice.respond', 'notice.return', 'notice.respond', 'notice.close', 'notice.reopen', 'notice.respond', 'notice.close']);
    });

    it('escalates an unanswered notice on working days, reminds its assignee once, and counts it late when answered', async () => {
      // Tuesday 8 December: the area notice (deadline Friday 4 December) reached level 1 on Monday.
      now = new Date('2026-12-08T02:00:00Z');
      await signInAll();
      const overdue = (await get('/api/notices?overdue=true')).json() as { notices: NoticeBody[]; counts: Record<string, number> };
      expect(overdue.notices.map((notice) => [notice.id, notice.escalation.level, notice.escalation.overdue])).toEqual([[areaNotice, 1, true]]);
      expect(overdue.counts.overdue).toBe(1);

      const sent: NotificationMessage[] = [];
      const channel = { name: 'test', send: (message: NotificationMessage) => Promise.resolve(void sent.push(message)) };
      const first = await runReminderTick(database.db, { now, channels: [channel] });
      expect(first.inserted).toEqual([`notice:${areaNotice}:level1:2026-12-04`]);
      expect(sent.map((message) => [message.key, message.to])).toEqual([[`notice:${areaNotice}:level1:2026-12-04`, { kind: 'area', id: '640104' }]]);
      expect(sent[0]!.body).toContain('兴庆区');
      // The same day again: nothing new, nothing sent twice.
      expect((await runReminderTick(database.db, { now, channels: [channel] })).inserted).toEqual([]);
      expect(sent).toHaveLength(1);

      const mine = (await get('/api/reminders', 'area-reporter')).json() as { reminders: { key: string; assignee: { name: string }; kind_label: { zh: string } }[]; unread: number };
      expect(mine.unread).toBe(1);
      expect(mine.reminders[0]).toMatchObject({ assignee: { name: '兴庆区' }, kind_label: { zh: '督办单一级催办' } });
      expect(((await get('/api/reminders', 'unit-reporter')).json() as { total: number }).total).toBe(0);
      expect(((await get('/api/reminders')).json() as { unread: number }).unread).toBe(1);
      // Another unit cannot mark it read; the assignee can.
      expect((await post('/api/reminders/read', { keys: [mine.reminders[0]!.key] }, 'other-area')).json()).toEqual({ marked: 0, unread: 0 });
      expect((await post('/api/reminders/read', { keys: [mine.reminders[0]!.key] }, 'area-reporter')).json()).toEqual({ marked: 1, unread: 0 });
      expect(((await get('/api/reminders?unread=true', 'area-reporter')).json() as { total: number }).total).toBe(0);

      expect((await post(`/api/notices/${areaNotice}/respond`, { text: '已制定提升措施。' }, 'area-reporter')).json()).toMatchObject({ state: 'answered', response: { on_time: false }, escalation: { level: 0, overdue: false } });
      expect(await findNoticeCounts(database.db, 2026)).toEqual([
        { assignee: { kind: 'area', id: '640104', name: '兴庆区' }, issued: 1, answered_on_time: 0, answered_late: 1, unanswered: 0 },
        { assignee: { kind: 'unit', id: 'finance-department', name: '财政厅' }, issued: 1, answered_on_time: 1, answered_late: 0, unanswered: 0 },
      ]);
      expect(await findNoticeCounts(database.db, 2025)).toEqual([]);
    });

    it('numbers notices issued at once one after the other, never the same number twice and never a 500', async () => {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, index) => post('/api/notices', { assignee: { kind: 'area', id: '640105' }, subject: `同时下发${index}`, text: '请回复', deadline: '2026-12-31' })),
      );
      expect(answers.map((answer) => answer.statusCode)).toEqual(Array.from({ length: 8 }, () => 200));
      expect(answers.map((answer) => (answer.json() as NoticeBody).number).sort()).toEqual(['3', '4', '5', '6', '7', '8', '9', '10'].map((n) => `督办〔2026〕${n}号`).sort());
    });
  });
}
