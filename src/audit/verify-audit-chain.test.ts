import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseTargets, type DatabaseTarget } from '../../test/databases.ts';
import type { Actor, RequestOrigin } from '../accounts/index.ts';
import { openDatabase, queryRows, type Database } from '../db/index.ts';
import { hashAuditRow } from './audit-hash.ts';
import { getAuditHead } from './audit-repository.ts';
import { recordAuditEvent } from './record-audit-event.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

const admin: Actor = { kind: 'user', userId: '00000000-0000-4000-8000-000000000001', username: 'system-admin', role: 'system_admin', unitId: null, orgCode: null, creditCode: null };
const origin: RequestOrigin = { requestId: 'req-1', clientIp: '192.0.2.7' };

/** Appends `count` events; returns their seqs in order. */
async function appendEvents(db: Database, count: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let index = 1; index <= count; index += 1) {
    seqs.push((await recordAuditEvent(db, { actor: admin, action: 'account.update', entityType: 'account', entityId: `a-${index}`, after: { n: index }, origin })).seq);
  }
  return seqs;
}

/** What a database owner can do and the application cannot: switch the append-only trigger off. */
async function disableTrigger(db: Database): Promise<void> {
  await db.execute(sql`alter table audit_log disable trigger user`);
}

async function hashOf(db: Database, seq: number): Promise<string> {
  const [row] = await queryRows<{ hash: string }>(db, sql`select hash from audit_log where seq = ${seq}`);
  if (!row) throw new Error(`no row ${seq}`);
  return row.hash;
}

/** A row a forger would write: valid in itself, linked to `prevHash`. */
async function insertForgedRow(db: Database, seq: number, prevHash: string): Promise<void> {
  const content = {
    occurredAt: '2025-01-01T00:00:00.000Z',
    actorId: null,
    actorUsername: 'forger',
    actorRole: 'system_admin',
    action: 'account.update',
    entityType: 'account',
    entityId: 'forged',
    before: null,
    after: { forged: true },
    outcome: 'success',
    requestId: null,
    clientIp: null,
    hashAlgorithm: 'sha256' as const,
  };
  const hash = hashAuditRow(prevHash, content);
  await db.execute(sql`
    insert into audit_log (seq, occurred_at, actor_username, actor_role, action, entity_type, entity_id, after, outcome, hash_algorithm, prev_hash, hash)
    overriding system value
    values (${seq}, ${content.occurredAt}, 'forger', 'system_admin', 'account.update', 'account', 'forged', ${JSON.stringify(content.after)}::jsonb, 'success', 'sha256', ${prevHash}, ${hash})`);
}

function suite(target: DatabaseTarget) {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Each test tampers with a database of its own. */
  async function freshDatabase(): Promise<Database> {
    const created = await target.create();
    cleanups.push(created.drop);
    const handle = await openDatabase(created.options);
    cleanups.push(handle.close);
    return handle.db;
  }

  it('passes an empty log and an intact one', async () => {
    const db = await freshDatabase();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 0, problems: [] });
    await appendEvents(db, 12);
    // A page size smaller than the log, so that the walk crosses pages.
    expect(await verifyAuditChain(db, { pageSize: 5 })).toMatchObject({ ok: true, rows: 12, problems: [], head: { rowCount: 12 } });
  });

  it('names a row whose content was edited', async () => {
    const db = await freshDatabase();
    const seqs = await appendEvents(db, 5);
    await disableTrigger(db);
    await db.execute(sql`update audit_log set after = '{"n": 999}'::jsonb where seq = ${seqs[2]}`);
    const report = await verifyAuditChain(db, { pageSize: 2 });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ seq: seqs[2], kind: 'edited', message: `row ${seqs[2]}: content does not match its hash (edited)` }]);
  });

  it('names the row after an edited row that was given a fresh hash', async () => {
    const db = await freshDatabase();
    const seqs = await appendEvents(db, 5);
    await disableTrigger(db);
    const [row] = await queryRows<{ prev_hash: string }>(db, sql`select prev_hash from audit_log where seq = ${seqs[2]}`);
    const rehash = hashAuditRow(row!.prev_hash, { occurredAt: '2025-01-01T00:00:00.000Z', actorId: null, actorUsername: null, actorRole: null, action: 'x', entityType: 'x', entityId: null, before: null, after: null, outcome: 'success', requestId: null, clientIp: null, hashAlgorithm: 'sha256' });
    await db.execute(sql`update audit_log set occurred_at = '2025-01-01T00:00:00.000Z', actor_id = null, actor_username = null, actor_role = null, action = 'x', entity_type = 'x', entity_id = null, after = null, request_id = null, client_ip = null, hash = ${rehash} where seq = ${seqs[2]}`);
    const report = await verifyAuditChain(db);
    expect(report.problems).toContainEqual({ seq: seqs[3], kind: 'broken_link', message: `row ${seqs[3]}: previous-hash link broken — a row before it was deleted or inserted, or re-hashed (after row ${seqs[2]})` });
  });

  it('names the broken link after a deleted middle row', async () => {
    const db = await freshDatabase();
    const seqs = await appendEvents(db, 6);
    await disableTrigger(db);
    await db.execute(sql`delete from audit_log where seq = ${seqs[3]}`);
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { seq: seqs[4], kind: 'broken_link', message: `row ${seqs[4]}: previous-hash link broken — a row before it was deleted or inserted, or re-hashed (after row ${seqs[2]})` },
      { seq: null, kind: 'head_mismatch', message: `audit head says 6 rows ending at row ${seqs[5]}, the log has 5 ending at row ${seqs[5]} (1 row(s) deleted)` },
    ]);
  });

  it('names a deleted first row', async () => {
    const db = await freshDatabase();
    const seqs = await appendEvents(db, 3);
    await disableTrigger(db);
    await db.execute(sql`delete from audit_log where seq = ${seqs[0]}`);
    const report = await verifyAuditChain(db);
    expect(report.problems[0]).toEqual({ seq: seqs[1], kind: 'broken_link', message: `row ${seqs[1]}: previous-hash link broken — a row before it was deleted or inserted (at the start of the log)` });
  });

  it('names a forged row inserted into a sequence gap', async () => {
    const db = await freshDatabase();
    await appendEvents(db, 2);
    // A rolled-back append leaves a gap in the identity sequence: a place a forger could fill.
    await db
      .transaction(async (tx) => {
        await recordAuditEvent(tx, { actor: admin, action: 'account.update', entityType: 'account', origin });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await appendEvents(db, 2);
    const seqs = (await queryRows<{ seq: string | number }>(db, sql`select seq from audit_log order by seq`)).map((row) => Number(row.seq));
    const gap = seqs[1]! + 1;
    expect(seqs[2]).toBe(gap + 1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    await disableTrigger(db);
    await insertForgedRow(db, gap, await hashOf(db, seqs[1]!));
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { seq: gap, kind: 'broken_link', message: `row ${gap}: not part of the chain — row ${seqs[2]} links past it to row ${seqs[1]} (inserted)` },
      { seq: null, kind: 'head_mismatch', message: `audit head says 4 rows ending at row ${seqs[3]}, the log has 5 ending at row ${seqs[3]} (1 row(s) inserted)` },
    ]);
  });

  it('names a forged row given a seq before the first (a walk from 1 would skip it)', async () => {
    const db = await freshDatabase();
    await appendEvents(db, 2);
    await disableTrigger(db);
    await insertForgedRow(db, -5, '0'.repeat(64));
    const report = await verifyAuditChain(db);
    expect(report.problems).toContainEqual({ seq: -5, kind: 'broken_link', message: 'row -5: not part of the chain — row 1 links past it to the start of the log (inserted)' });
  });

  it('names rows appended at the end without the head', async () => {
    const db = await freshDatabase();
    const seqs = await appendEvents(db, 3);
    const last = seqs[2]!;
    await insertForgedRow(db, last + 1, await hashOf(db, last));
    const report = await verifyAuditChain(db);
    expect(report.problems).toEqual([
      { seq: last + 1, kind: 'head_mismatch', message: `audit head says 3 rows ending at row ${last}, the log has 4 ending at row ${last + 1} (rows from row ${last + 1} on were added without the head: inserted)` },
    ]);
  });

  it('reports a head mismatch when the newest rows are deleted', async () => {
    const db = await freshDatabase();
    const seqs = await appendEvents(db, 5);
    await disableTrigger(db);
    await db.execute(sql`delete from audit_log where seq >= ${seqs[3]}`);
    const report = await verifyAuditChain(db);
    expect(report.problems).toEqual([
      { seq: null, kind: 'head_mismatch', message: `audit head says 5 rows ending at row ${seqs[4]}, the log has 3 ending at row ${seqs[2]} (newest rows deleted)` },
    ]);
  });

  it('reports an emptied log', async () => {
    const db = await freshDatabase();
    await appendEvents(db, 2);
    await disableTrigger(db);
    await db.execute(sql`delete from audit_log`);
    expect((await verifyAuditChain(db)).problems).toEqual([
      { seq: null, kind: 'head_mismatch', message: 'audit head says 2 rows ending at row 2, the log has 0 ending at no row (newest rows deleted)' },
    ]);
  });

  it('detects a chain rewritten head and all, against an anchor recorded earlier', async () => {
    const db = await freshDatabase();
    await appendEvents(db, 3);
    const anchor = await getAuditHead(db);
    await appendEvents(db, 2);
    expect(await verifyAuditChain(db, { anchors: [{ seq: anchor.lastSeq, hash: anchor.lastHash }] })).toMatchObject({ ok: true });

    // Rewrite everything consistently: each row re-hashed, the head moved to the new last hash.
    await disableTrigger(db);
    await db.execute(sql`update audit_log set after = '{"n": 0}'::jsonb`);
    const rows = await queryRows<{ seq: string | number; occurred_at: string }>(db, sql`select seq, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at from audit_log order by seq`);
    let prevHash = '0'.repeat(64);
    for (const row of rows) {
      const hash = hashAuditRow(prevHash, { occurredAt: row.occurred_at, actorId: admin.userId, actorUsername: admin.username, actorRole: admin.role, action: 'account.update', entityType: 'account', entityId: null, before: null, after: { n: 0 }, outcome: 'success', requestId: origin.requestId, clientIp: origin.clientIp, hashAlgorithm: 'sha256' });
      await db.execute(sql`update audit_log set entity_id = null, hash_algorithm = 'sha256', prev_hash = ${prevHash}, hash = ${hash} where seq = ${Number(row.seq)}`);
      prevHash = hash;
    }
    await db.execute(sql`update audit_head set last_hash = ${prevHash}`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    const report = await verifyAuditChain(db, { anchors: [{ seq: anchor.lastSeq, hash: anchor.lastHash }] });
    expect(report.problems).toEqual([{ seq: anchor.lastSeq, kind: 'edited', message: `row ${anchor.lastSeq}: hash differs from the recorded anchor ${anchor.lastHash} (the chain was rewritten from here or before)` }]);
  });

  it('stops listing problems after the limit but still fails', async () => {
    const db = await freshDatabase();
    await appendEvents(db, 4);
    await disableTrigger(db);
    await db.execute(sql`update audit_log set action = 'forged'`);
    const report = await verifyAuditChain(db, { maxProblems: 2 });
    expect(report).toMatchObject({ ok: false, omittedProblems: 2 });
    expect(report.problems).toHaveLength(2);
  });
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`verifyAuditChain on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => suite(target));
}
