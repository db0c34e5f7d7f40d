import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import type { Actor, RequestOrigin, Role } from '../accounts/index.ts';
import { defaultPermissionTable } from '../platform/index.ts';
import { openDatabase, type Database, type DatabaseHandle } from '../db/index.ts';
import { exportAuditEvents } from './export-audit-events.ts';
import { findAuditEvents } from './find-audit-events.ts';
import { recordAuditEvent } from './record-audit-event.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

function actorOf(role: Role, username: string): Actor {
  return { kind: 'user', userId: `id-${username}`, username, role, unitId: null, orgCode: null, creditCode: null };
}

const auditAdmin = actorOf('audit_admin', 'audit-admin');
const admin = actorOf('system_admin', 'system-admin');
const origin: RequestOrigin = { requestId: 'req-export', clientIp: '192.0.2.9' };

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`exportAuditEvents on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let db: Database;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await openDatabase(created.options);
      db = database.db;
      await recordAuditEvent(db, { actor: admin, action: 'unit.update', entityType: 'unit', entityId: 'finance-department', before: { name: '财政厅' }, after: { name: '宁夏回族自治区财政厅, "主管"\n第二行' }, origin });
      await recordAuditEvent(db, { actor: admin, action: 'account.create', entityType: 'account', entityId: '=cmd|calc', origin });
    });

    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    it('writes UTF-8 CSV with a BOM, a bilingual header and every value escaped', async () => {
      const csv = await exportAuditEvents(db, defaultPermissionTable, auditAdmin, { entityType: 'unit' }, { origin });
      expect(csv.startsWith('\uFEFF序号 seq,时间（北京时间） time (Beijing time),')).toBe(true);
      const [header, ...records] = parse(csv.slice(1)) as string[][];
      expect(header).toEqual([
        '序号 seq', '时间（北京时间） time (Beijing time)', '操作者编号 actor id', '操作者 actor', '角色 role', '操作 action', '对象类型 entity type', '对象编号 entity id',
        '变更前 before', '变更后 after', '结果 outcome', '请求编号 request id', '客户端地址 client address', '哈希算法 hash algorithm', '前一哈希 previous hash', '哈希 hash',
        '记录时间（UTC，参与哈希） occurred at (UTC, as hashed)',
        '操作名称 action name', '对象类型名称 entity type name', '操作者姓名 actor name', '对象名称 entity name', '结果名称 outcome name', '变更内容 details',
      ]);
      expect(records).toHaveLength(1);
      const [record] = records;
      expect(record?.slice(3, 10)).toEqual(['system-admin', 'system_admin', 'unit.update', 'unit', 'finance-department', '{"name":"财政厅"}', '{"name":"宁夏回族自治区财政厅, \\"主管\\"\\n第二行"}']);
      expect(record?.[15]).toMatch(/^[0-9a-f]{64}$/);
    });

    it('neutralises a value a spreadsheet would run as a formula', async () => {
      const csv = await exportAuditEvents(db, defaultPermissionTable, auditAdmin, { action: 'account.create' }, { origin });
      const [, record] = parse(csv.slice(1)) as string[][];
      expect(record?.[7]).toBe("'=cmd|calc");
    });

    it('records the export itself, with its filter and row count, keeping the chain valid', async () => {
      await exportAuditEvents(db, defaultPermissionTable, auditAdmin, { actor: 'system', from: new Date('2020-01-01T00:00:00Z') }, { origin });
      const { events } = await findAuditEvents(db, defaultPermissionTable, auditAdmin, { action: 'audit.export', limit: 1 });
      expect(events[0]).toMatchObject({
        actor_username: 'audit-admin',
        actor_role: 'audit_admin',
        entity_type: 'audit_log',
        request_id: 'req-export',
        client_ip: '192.0.2.9',
        after: { filter: { actor: 'system', from: '2020-01-01T00:00:00.000Z' }, rows: 2, first_seq: 1, last_seq: 2 },
      });
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    });

    it('refuses an export larger than the limit, asking for a narrower filter', async () => {
      await expect(exportAuditEvents(db, defaultPermissionTable, auditAdmin, {}, { origin, maxRows: 1 })).rejects.toMatchObject({ code: 'bad_request', details: { limit: 1 } });
    });

    it('is for the audit administrator only, and a refused export is not recorded', async () => {
      const before = (await findAuditEvents(db, defaultPermissionTable, auditAdmin, { action: 'audit.export' })).total;
      await expect(exportAuditEvents(db, defaultPermissionTable, admin, {}, { origin })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(exportAuditEvents(db, defaultPermissionTable, null, {}, { origin })).rejects.toMatchObject({ code: 'unauthenticated' });
      expect((await findAuditEvents(db, defaultPermissionTable, auditAdmin, { action: 'audit.export' })).total).toBe(before);
    });

    it('shows times in Beijing time, and keeps the hashed UTC instant beside them', async () => {
      // 16:30 UTC on 4 March is 00:30 on 5 March in Beijing: a UTC rendering would show the wrong day.
      await recordAuditEvent(db, { actor: null, action: 'clock.check', entityType: 'clock', origin, occurredAt: new Date('2025-03-04T16:30:00.000Z') });
      const csv = await exportAuditEvents(db, defaultPermissionTable, auditAdmin, { entityType: 'clock' }, { origin });
      const [, record] = parse(csv.slice(1)) as string[][];
      expect(record?.[1]).toBe('2025-03-05 00:30:00');
      expect(record?.[16]).toBe('2025-03-04T16:30:00.000Z');
    });

    it('keeps the machine codes and adds their Chinese names and the change in words', async () => {
      await recordAuditEvent(db, { actor: admin, action: 'account.disable', entityType: 'account', entityId: 'u-9', before: { status: 'active' }, after: { status: 'disabled' }, origin });
      const csv = await exportAuditEvents(db, defaultPermissionTable, auditAdmin, { action: '停用' }, { origin });
      const [, record] = parse(csv.slice(1)) as string[][];
      expect(record?.slice(5, 7)).toEqual(['account.disable', 'account']);
      expect(record?.slice(17)).toEqual(['停用账号', '账号', 'system-admin', '', '成功', '状态：启用 → 停用']);
    });
  });
}
