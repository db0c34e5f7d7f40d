import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { systemActor, type Actor, type RequestOrigin } from '../accounts/index.ts';
import { openDatabase, queryRows, type Database, type DatabaseHandle } from '../db/index.ts';
import { canonicalAuditTextV2, genesisHash, hashAuditRow, hashAuditRowV2, normaliseJsonValue } from './audit-hash.ts';
import { findAuditRowsAfter, getAuditHead } from './audit-repository.ts';
import { recordAuditEvent } from './record-audit-event.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

const admin: Actor = { kind: 'user', userId: '00000000-0000-4000-8000-000000000001', username: 'system-admin', role: 'system_admin', unitId: null, orgCode: null, creditCode: null };
const origin: RequestOrigin = { requestId: 'req-1', clientIp: '192.0.2.7' };

interface StoredRow {
  seq: string | number;
  actor_username: string | null;
  prev_hash: string;
  hash: string;
  hash_algorithm: string;
  after: unknown;
}

async function rows(db: Database): Promise<StoredRow[]> {
  return queryRows<StoredRow>(db, sql`select seq, actor_username, prev_hash, hash, hash_algorithm, after from audit_log order by seq`);
}

/** The SQLSTATE of a failed query, through drizzle's wrapping error. */
function sqlState(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code;
}

/** A promise that another party resolves: one transaction waits on it until the other has done its part. */
function latch(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to be refused');
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`recordAuditEvent on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let db: Database;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await openDatabase(created.options);
      db = database.db;
    });

    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    it('links each row to the one before and advances the head', async () => {
      const first = await recordAuditEvent(db, { actor: admin, action: 'account.create', entityType: 'account', entityId: 'a-1', after: { username: 'li-si' }, origin });
      const second = await recordAuditEvent(db, { actor: null, action: 'session.login', entityType: 'account', after: { username: 'nobody', reason: 'unknown_user' }, outcome: 'failure', origin });
      const stored = await rows(db);
      expect(stored.map((row) => row.prev_hash)).toEqual([genesisHash, first.hash]);
      expect(stored.map((row) => row.hash)).toEqual([first.hash, second.hash]);
      expect(stored[1]?.actor_username).toBeNull();
      expect(await getAuditHead(db)).toEqual({ id: 'main', algorithm: 'sha256-v2', lastSeq: second.seq, lastHash: second.hash, rowCount: 2 });
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });

    it('hashes with SM3 when asked, and the chain still verifies', async () => {
      const occurredAt = new Date('2025-05-01T00:00:00.000Z');
      const event = { actor: systemActor, action: 'settings.change', entityType: 'settings', origin, occurredAt };
      const sm3 = await recordAuditEvent(db, { ...event, algorithm: 'sm3' });
      const [row] = (await rows(db)).filter((candidate) => Number(candidate.seq) === sm3.seq);
      expect(row?.hash_algorithm).toBe('sm3');
      const content = { occurredAt, actorId: null, actorUsername: 'system', actorRole: 'system', action: 'settings.change', entityType: 'settings', entityId: null, before: null, after: null, outcome: 'success', requestId: 'req-1', clientIp: '192.0.2.7' };
      expect(sm3.hash).toBe(hashAuditRow(row!.prev_hash, { ...content, hashAlgorithm: 'sm3' }));
      expect(sm3.hash).not.toBe(hashAuditRow(row!.prev_hash, { ...content, hashAlgorithm: 'sha256' }));
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });

    it('leaves no row and no head change when the transaction rolls back, and the seq gap is no problem', async () => {
      const headBefore = await getAuditHead(db);
      const countBefore = (await rows(db)).length;
      await expect(
        db.transaction(async (tx) => {
          await recordAuditEvent(tx, { actor: admin, action: 'account.disable', entityType: 'account', entityId: 'a-1', origin });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await getAuditHead(db)).toEqual(headBefore);
      expect((await rows(db)).length).toBe(countBefore);
      const next = await recordAuditEvent(db, { actor: admin, action: 'account.enable', entityType: 'account', entityId: 'a-1', origin });
      expect(next.seq).toBe(headBefore.lastSeq + 2);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, problems: [] });
    });

    it('stores before and after exactly as hashed, so awkward JSON still verifies', async () => {
      const after = {
        zh: '宁夏回族自治区科学技术厅',
        emoji: '👩‍🔬',
        quotes: 'say "hi", \\ and\nnew line',
        10: 'ten',
        9: 'nine',
        numbers: [0, -0, 1.5, 0.1, 1e21, 1e-7, 2 ** 53 + 2, -123456789.125],
        nested: { b: [{ d: 1, c: null }], a: true, gone: undefined },
        at: new Date('2025-02-03T04:05:06.789Z'),
        big: 12345678901234567890n,
        refused: 'nul\u0000 and lone \uD800',
        '': 'empty key',
      };
      const { seq } = await recordAuditEvent(db, { actor: admin, action: 'unit.update', entityType: 'unit', entityId: 'finance-department', before: 'plain text', after, origin });
      const [row] = (await rows(db)).filter((candidate) => Number(candidate.seq) === seq);
      expect(row?.after).toEqual(normaliseJsonValue(after));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, problems: [] });
    });

    it('hashes sha256-v2 rows in the database over the canonical text the verifier rebuilds byte for byte', async () => {
      const after = { zh: '宁夏', emoji: '👩‍🔬', quotes: 'a "b" \\ c\nd', 10: 1e21, 9: [0.1, 1e-7, -5], nested: { bb: true, a: null }, '': 'x=1\n' };
      const { seq, hash } = await recordAuditEvent(db, { actor: admin, action: 'unit.update', entityType: 'unit', entityId: '单位 1', before: null, after, origin });
      const [row] = (await findAuditRowsAfter(db, seq - 1, 1)).filter((candidate) => candidate.seq === seq);
      expect(row?.hashAlgorithm).toBe('sha256-v2');
      const [database] = await queryRows<{ text: string; hash: string }>(
        db,
        sql`select audit_canonical_v2(prev_hash, occurred_at, actor_id, actor_username, actor_role, action, entity_type, entity_id, before, after, outcome, request_id, client_ip, hash_algorithm) as text,
                   encode(sha256(convert_to(audit_canonical_v2(prev_hash, occurred_at, actor_id, actor_username, actor_role, action, entity_type, entity_id, before, after, outcome, request_id, client_ip, hash_algorithm), 'UTF8')), 'hex') as hash
            from audit_log where seq = ${seq}`,
      );
      expect(canonicalAuditTextV2(row!.prevHash, row!)).toBe(database?.text);
      expect(hashAuditRowV2(row!.prevHash, row!)).toBe(hash);
      expect(database?.hash).toBe(hash);
      expect(canonicalAuditTextV2(row!.prevHash, row!)).toContain(`\nentity_id=8:单位 1\nbefore=~\nafter=${Buffer.byteLength(row!.afterText!)}:{"": "x=1\\n", "9": [0.1, 0.0000001, -5], "10": 1000000000000000000000, `);
    });

    it('forms one valid chain from concurrent appends in separate transactions', async () => {
      const before = await getAuditHead(db);
      const appended = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          db.transaction(async (tx) => {
            await tx.execute(sql`select pg_sleep(${(index % 4) / 1000})`);
            return recordAuditEvent(tx, { actor: admin, action: 'account.update', entityType: 'account', entityId: `c-${index}`, origin });
          }),
        ),
      );
      expect(new Set(appended.map((row) => row.seq)).size).toBe(20);
      const head = await getAuditHead(db);
      expect(head.rowCount).toBe(before.rowCount + 20);
      expect(head.lastSeq).toBe(Math.max(...appended.map((row) => row.seq)));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, problems: [] });
    });

    it.skipIf(target.name !== 'postgres')('refuses to append from a stale REPEATABLE READ snapshot instead of forking the chain', async () => {
      // Two latches order the transactions, no sleep: the stale one takes its snapshot, the fresh
      // append commits, and only then does the stale one try to append.
      const snapshotTaken = latch();
      const freshCommitted = latch();
      const stale = db.transaction(
        async (tx) => {
          await tx.execute(sql`select last_seq from audit_head`);
          snapshotTaken.open();
          await freshCommitted.opened;
          return recordAuditEvent(tx, { actor: admin, action: 'account.update', entityType: 'account', entityId: 'stale', origin });
        },
        { isolationLevel: 'repeatable read' },
      );
      await snapshotTaken.opened;
      await recordAuditEvent(db, { actor: admin, action: 'account.update', entityType: 'account', entityId: 'fresh', origin });
      freshCommitted.open();
      expect(sqlState(await failure(stale))).toBe('40001');
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, problems: [] });
    });

    it('is append-only: the trigger refuses UPDATE, DELETE and TRUNCATE', async () => {
      for (const statement of [sql`update audit_log set action = 'forged'`, sql`delete from audit_log`, sql`truncate audit_log`]) {
        const error = await failure(db.execute(statement));
        // insufficient_privilege, raised by audit_log_refuse_change() (migration 0002)
        expect(sqlState(error)).toBe('42501');
      }
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, problems: [] });
    });
  });
}
