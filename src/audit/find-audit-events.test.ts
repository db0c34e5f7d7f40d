import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import type { Actor, RequestOrigin, Role } from '../accounts/index.ts';
import { defaultPermissionTable } from '../platform/index.ts';
import { openDatabase, type Database, type DatabaseHandle } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import { auditFilterOf } from './audit-filter.ts';
import { findAuditEvents } from './find-audit-events.ts';
import { recordAuditEvent } from './record-audit-event.ts';

function actorOf(role: Role, username: string): Actor {
  return { kind: 'user', userId: `id-${username}`, username, role, unitId: null, orgCode: null, creditCode: null };
}

const auditAdmin = actorOf('audit_admin', 'audit-admin');
const zhang = actorOf('system_admin', 'zhang-san');
const zhangWei = actorOf('coordinator', 'zhang-wei');
const li = actorOf('security_admin', 'li-si');
const origin: RequestOrigin = { requestId: 'req-1', clientIp: '192.0.2.7' };
const at = (day: number) => new Date(Date.UTC(2025, 2, day, 8, 0, 0));

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`findAuditEvents on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let db: Database;
    const find = (filter: Parameters<typeof findAuditEvents>[3]) => findAuditEvents(db, defaultPermissionTable, auditAdmin, filter);

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await openDatabase(created.options);
      db = database.db;
      const events: [Actor | null, string, string, string, number, 'success' | 'failure' | 'denied'][] = [
        [zhang, 'account.create', 'account', 'u-1', 1, 'success'],
        [zhangWei, 'session.login', 'account', 'u-2', 2, 'success'],
        [li, 'permission.set', 'permission', 'coordinator:workspace.read', 3, 'success'],
        [null, 'session.login', 'account', 'u-1', 4, 'failure'],
        [zhang, 'account.disable', 'account', 'u-1', 5, 'success'],
        [li, 'permission.denied', 'route', 'GET /api/accounts', 6, 'denied'],
      ];
      for (const [actor, action, entityType, entityId, day, outcome] of events) {
        await recordAuditEvent(db, { actor, action, entityType, entityId, outcome, origin, occurredAt: at(day), after: { remark_unlabelled: '备注' } });
      }
    });

    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    it('lists every event newest first with the total', async () => {
      const page = await find({});
      expect(page.total).toBe(6);
      expect(page.events.map((event) => event.action)).toEqual(['permission.denied', 'account.disable', 'session.login', 'permission.set', 'session.login', 'account.create']);
      expect(page.events[0]).toEqual({
        seq: 6,
        occurred_at: '2025-03-06T08:00:00.000Z',
        actor_id: 'id-li-si',
        actor_username: 'li-si',
        actor_role: 'security_admin',
        action: 'permission.denied',
        entity_type: 'route',
        entity_id: 'GET /api/accounts',
        before: null,
        after: { remark_unlabelled: '备注' },
        outcome: 'denied',
        request_id: 'req-1',
        client_ip: '192.0.2.7',
        hash_algorithm: 'sha256-v2',
        prev_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        action_label: { zh: '拒绝访问', en: 'Access denied' },
        entity_label: { zh: '接口', en: 'Route' },
        actor_name: 'li-si',
        entity_name: null,
        details: [{ key: 'remark_unlabelled', label: { zh: 'remark unlabelled', en: 'remark unlabelled' }, before: null, after: { zh: '备注', en: '备注' } }],
      });
    });

    it('names actions and entities in Chinese and English', async () => {
      const page = await find({});
      expect(page.events.map((event) => event.action_label.zh)).toEqual(['拒绝访问', '停用账号', '登录', '设置权限', '登录', '创建账号']);
      expect(page.events.map((event) => event.entity_label.zh)).toEqual(['接口', '账号', '账号', '权限', '账号', '账号']);
      expect(page.events[2]?.action_label.en).toBe('Sign in');
    });

    it('filters actions and entities by their Chinese or English names as well as their codes', async () => {
      expect((await find({ action: '登录' })).events.map((event) => event.action)).toEqual(['session.login', 'session.login']);
      expect((await find({ action: 'sign in' })).total).toBe(2);
      expect((await find({ action: '账号' })).events.map((event) => event.action)).toEqual(['account.disable', 'account.create']);
      expect((await find({ action: '登录', outcome: 'failure' })).total).toBe(1);
      expect((await find({ entityType: '账号' })).total).toBe(4);
      expect((await find({ entityType: '权限' })).total).toBe(1);
      expect((await find({ action: '不存在的操作' })).total).toBe(0);
    });

    it('filters by actor: an exact username, or its beginning', async () => {
      expect((await find({ actor: 'zhang-san' })).events.map((event) => event.actor_username)).toEqual(['zhang-san', 'zhang-san']);
      expect((await find({ actor: 'ZHANG' })).total).toBe(3);
      // % and _ are not wildcards here.
      expect((await find({ actor: '%' })).total).toBe(0);
      expect((await find({ actor: 'zhang_' })).total).toBe(0);
    });

    it('filters by entity, action and outcome', async () => {
      expect((await find({ entityType: 'account', entityId: 'u-1' })).events.map((event) => event.action)).toEqual(['account.disable', 'session.login', 'account.create']);
      expect((await find({ action: 'session.login', outcome: 'failure' })).events.map((event) => event.actor_username)).toEqual([null]);
      expect((await find({ entityType: 'permission' })).total).toBe(1);
    });

    it('filters by time: from inclusive, to exclusive', async () => {
      const page = await find({ from: at(2), to: at(5) });
      expect(page.events.map((event) => event.occurred_at)).toEqual([at(4), at(3), at(2)].map((date) => date.toISOString()));
      expect((await find({ from: at(6) })).total).toBe(1);
      expect((await find({ to: at(1) })).total).toBe(0);
    });

    it('pages with limit and offset, capped at 500', async () => {
      const page = await find({ limit: 2, offset: 1 });
      expect(page).toMatchObject({ total: 6 });
      expect(page.events.map((event) => event.seq)).toEqual([5, 4]);
      expect((await find({ limit: 10_000 })).events).toHaveLength(6);
    });

    it('refuses an empty time range with a message naming it', async () => {
      await expect(find({ from: at(5), to: at(5) })).rejects.toMatchObject({ code: 'bad_request' });
    });

    it('is for the audit administrator only: forbidden to others, unauthenticated to the public', async () => {
      for (const actor of [zhang, li, zhangWei]) {
        await expect(findAuditEvents(db, defaultPermissionTable, actor, {})).rejects.toMatchObject({ code: 'forbidden' });
      }
      const error: unknown = await findAuditEvents(db, defaultPermissionTable, null, {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'unauthenticated' });
    });

    it('filters by Beijing calendar days: from 00:00 to 24:00 Beijing time', async () => {
      const boundary = [
        ['before', '2025-03-04T15:59:59.999Z'], // 4 March 23:59:59.999 in Beijing
        ['first', '2025-03-04T16:00:00.000Z'], // 5 March 00:00 in Beijing (still 4 March in UTC)
        ['last', '2025-03-05T15:59:59.999Z'], // 5 March 23:59:59.999 in Beijing
        ['after', '2025-03-05T16:00:00.000Z'], // 6 March 00:00 in Beijing (still 5 March in UTC)
      ] as const;
      for (const [entityId, instant] of boundary) {
        await recordAuditEvent(db, { actor: zhang, action: 'clock.check', entityType: 'beijing-day', entityId, origin, occurredAt: new Date(instant) });
      }
      const page = await find({ ...auditFilterOf({ entity_type: 'beijing-day', from: '2025-03-05', to: '2025-03-05' }) });
      expect(page.events.map((event) => event.entity_id)).toEqual(['last', 'first']);
    });
  });
}
