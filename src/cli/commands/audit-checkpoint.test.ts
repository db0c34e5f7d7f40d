import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseTargets, type DatabaseTarget } from '../../../test/databases.ts';
import { systemActor } from '../../accounts/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { openDatabase, queryRows, type DatabaseOptions } from '../../db/index.ts';
import type { Output } from '../output.ts';
import { auditCheckpoint, auditKeygen } from './audit-checkpoint.ts';
import { runCli } from '../../../test/cli.ts';
import { auditVerify } from './audit-verify.ts';

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text) };
}

const origin = { requestId: null, clientIp: null };
const now = new Date('2026-12-06T10:00:00.000Z');

function suite(target: DatabaseTarget) {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function folder(prefix: string): string {
    const path = mkdtempSync(join(tmpdir(), prefix));
    cleanups.push(() => rmSync(path, { recursive: true, force: true }));
    return path;
  }

  /** A database of its own with `count` events; the commands open it themselves, so PGlite lives in a folder. */
  async function freshDatabase(count: number): Promise<DatabaseOptions> {
    const created = await target.create();
    cleanups.push(created.drop);
    const options = target.name === 'pglite' ? { dataDir: folder('kechuang-checkpoint-db-') } : created.options;
    await append(options, count);
    return options;
  }

  async function append(options: DatabaseOptions, count: number): Promise<void> {
    const handle = await openDatabase(options);
    try {
      for (let index = 0; index < count; index += 1) await recordAuditEvent(handle.db, { actor: systemActor, action: 'account.update', entityType: 'account', entityId: `a-${index}`, after: { n: index }, origin });
    } finally {
      await handle.close();
    }
  }

  /** What only the database's owner or a superuser can do (not the application's role on PostgreSQL): run SQL on the chain. */
  async function asSuperuser(options: DatabaseOptions, work: (run: (query: ReturnType<typeof sql>) => Promise<unknown>) => Promise<void>): Promise<void> {
    const handle = await openDatabase(options);
    try {
      await work((query) => handle.db.execute(query));
    } finally {
      await handle.close();
    }
  }

  function keys(): { key: string; publicKey: string } {
    const dir = folder('kechuang-keys-');
    expect(auditKeygen(dir, capture())).toBe(0);
    return { key: join(dir, 'audit-signing-key.pem'), publicKey: join(dir, 'audit-signing-key.pub.pem') };
  }

  async function checkpoint(options: DatabaseOptions, key: string, outDir: string): Promise<string> {
    const output = capture();
    expect(await auditCheckpoint({ ...options, keyFile: key, outDir, now }, false, output)).toBe(0);
    return output.stdout[0]!;
  }

  async function verify(options: DatabaseOptions, checkpointsDir: string | undefined, publicKeyFile: string | undefined): Promise<{ code: number; stderr: string[] }> {
    const output = capture();
    const code = await auditVerify({ ...options, checkpointsDir, publicKeyFile }, false, output);
    return { code, stderr: output.stderr };
  }

  it('writes a key pair, the private key readable by its owner only, and never overwrites it', () => {
    const dir = folder('kechuang-keys-');
    expect(auditKeygen(dir, capture())).toBe(0);
    expect(statSync(join(dir, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'audit-signing-key.pub.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = capture();
    expect(auditKeygen(dir, again)).toBe(1);
    expect(again.stderr[0]).toContain('exists; not overwritten');
  });

  it('signs a checkpoint of the head, and verify checks it', async () => {
    const options = await freshDatabase(3);
    const { key, publicKey } = keys();
    const out = folder('kechuang-checkpoints-');
    const file = await checkpoint(options, key, out);
    expect(file).toBe(join(out, 'audit-checkpoint-000000000003-20261206T100000Z.json'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'kechuang-audit-checkpoint-v1', seq: 3, row_count: 3, algorithm: 'sha256-v2', created_at: now.toISOString(), signature_algorithm: 'ed25519' });
    await append(options, 2);
    const result = await verify(options, out, publicKey);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 of 1 signed checkpoint(s) checked against the log');
  });

  it('detects the newest rows deleted and the head rewound below a checkpoint, which passes without one', async () => {
    const options = await freshDatabase(5);
    const { key, publicKey } = keys();
    const out = folder('kechuang-checkpoints-');
    await checkpoint(options, key, out);
    await append(options, 2);
    // Delete rows 4 to 7 and rewind the head to row 3: a consistent, shorter chain.
    await asSuperuser(options, async (run) => {
      await run(sql`alter table audit_log disable trigger user`);
      await run(sql`delete from audit_log where seq >= 4`);
      await run(sql`update audit_head set last_seq = 3, row_count = 3, last_hash = (select hash from audit_log where seq = 3)`);
    });
    expect((await verify(options, undefined, undefined)).code).toBe(0);
    const result = await verify(options, out, publicKey);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('row 5: signed in checkpoint audit-checkpoint-000000000005-20261206T100000Z.json (5 row(s) then) but no longer in the log; the log has 3 row(s) ending at row 3 (deleted, or the log truncated below it)');
  });

  it('detects rows before a checkpoint rewritten and re-hashed consistently, head and all', async () => {
    const options = await freshDatabase(4);
    const { key, publicKey } = keys();
    const out = folder('kechuang-checkpoints-');
    await checkpoint(options, key, out);
    // A superuser rewrites row 2 and re-chains every row after it with the database's own hash function.
    await asSuperuser(options, async (run) => {
      await run(sql`alter table audit_log disable trigger user`);
      await run(sql`update audit_log set after = '{"n": 99}'::jsonb where seq = 2`);
      for (const seq of [2, 3, 4]) {
        await run(sql`update audit_log set prev_hash = (select hash from audit_log where seq = ${seq - 1}) where seq = ${seq}`);
        await run(sql`update audit_log set hash = encode(sha256(convert_to(audit_canonical_v2(prev_hash, occurred_at, actor_id, actor_username, actor_role, action, entity_type, entity_id, before, after, outcome, request_id, client_ip, hash_algorithm), 'UTF8')), 'hex') where seq = ${seq}`);
      }
      await run(sql`update audit_head set last_hash = (select hash from audit_log where seq = 4)`);
    });
    expect((await verify(options, undefined, undefined)).code).toBe(0);
    const result = await verify(options, out, publicKey);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('row 4: hash differs from the signed checkpoint audit-checkpoint-000000000004-20261206T100000Z.json (the chain was rewritten at this row or before)');
  });

  it('detects a correctly hashed row appended after a checkpoint and dated before it, which passes without one', async () => {
    const options = await freshDatabase(3);
    const { key, publicKey } = keys();
    const out = folder('kechuang-checkpoints-');
    await checkpoint(options, key, out);
    // A superuser (or anyone with the PGlite folder) appends through the database's own function,
    // so the row is hashed, linked and counted in the head like any other — but dated a day back.
    await asSuperuser(options, async (run) => {
      await run(sql`select audit_append(now() - interval '1 day', null, 'forger', 'system_admin', 'account.update', 'account', 'forged', null, null, 'success', null, null)`);
    });
    await append(options, 1);
    expect((await verify(options, undefined, undefined)).code).toBe(0);
    const result = await verify(options, out, publicKey);
    expect(result.code).toBe(1);
    const [line, ...others] = result.stderr.filter((text) => text.startsWith('row 4: dated '));
    expect(others).toEqual([]);
    expect(line).toMatch(/^row 4: dated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z, but appended after the signed checkpoint audit-checkpoint-000000000003-20261206T100000Z\.json \(row 3, database time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\): forged and backdated, or the clocks were more than 15 minutes apart$/);
    // The genuine row after it is not named.
    expect(result.stderr.some((text) => text.startsWith('row 5:'))).toBe(false);
  });

  it('detects a checkpoint file altered, or signed with another key', async () => {
    const options = await freshDatabase(3);
    const { key, publicKey } = keys();
    const out = folder('kechuang-checkpoints-');
    const file = await checkpoint(options, key, out);
    // Moved back to row 2, as someone hiding row 3 would want.
    const altered = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const [row2] = await queryRowsOf(options, 2);
    writeFileSync(file, JSON.stringify({ ...altered, seq: 2, row_count: 2, hash: row2 }));
    const other = keys();
    const foreign = folder('kechuang-checkpoints-');
    await checkpoint(options, other.key, foreign);
    const forged = readdirSync(foreign)[0]!;
    writeFileSync(join(out, `other-key-${forged}`), readFileSync(join(foreign, forged)));

    const result = await verify(options, out, publicKey);
    expect(result.code).toBe(1);
    expect(result.stderr.filter((line) => line.includes('signature does not hold'))).toHaveLength(2);
    expect(result.stderr).toContain('0 of 2 signed checkpoint(s) checked against the log');
  });

  it('refuses to sign a tampered log, and writes no file', async () => {
    const options = await freshDatabase(3);
    const { key } = keys();
    await asSuperuser(options, async (run) => {
      await run(sql`alter table audit_log disable trigger user`);
      await run(sql`update audit_log set action = 'forged' where seq = 2`);
    });
    const out = folder('kechuang-checkpoints-');
    const output = capture();
    expect(await auditCheckpoint({ ...options, keyFile: key, outDir: out, now }, false, output)).toBe(1);
    expect(output.stderr).toContain('row 2: content does not match its hash (edited)');
    expect(readdirSync(out)).toEqual([]);
  });

  it('asks for the keys it needs as usage errors', async () => {
    const options = await freshDatabase(1);
    const output = capture();
    expect(await auditCheckpoint({ ...options, keyFile: undefined, outDir: folder('kechuang-checkpoints-'), now }, false, output)).toBe(2);
    expect(output.stderr[0]).toContain('--key FILE or AUDIT_SIGNING_KEY');
    const missing = await verify(options, folder('kechuang-checkpoints-'), undefined);
    expect(missing.code).toBe(2);
    expect(existsSync(join(tmpdir(), 'no-such-key.pem'))).toBe(false);
    expect((await verify(options, folder('kechuang-checkpoints-'), join(tmpdir(), 'no-such-key.pem'))).code).toBe(2);
  });

  async function queryRowsOf(options: DatabaseOptions, seq: number): Promise<string[]> {
    const handle = await openDatabase(options);
    try {
      return (await queryRows<{ hash: string }>(handle.db, sql`select hash from audit_log where seq = ${seq}`)).map((row) => row.hash);
    } finally {
      await handle.close();
    }
  }
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`kechuang audit checkpoint on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => suite(target));
}

describe('the audit checkpoint commands, as a shell runs them', () => {
  it('keygen, checkpoint with AUDIT_SIGNING_KEY, verify --checkpoints --public-key', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kechuang-cli-checkpoint-'));
    const previous = process.env.AUDIT_SIGNING_KEY;
    try {
      const dataDir = join(root, 'data');
      expect((await runCli('audit', 'keygen', '--out', join(root, 'keys'))).code).toBe(0);
      process.env.AUDIT_SIGNING_KEY = join(root, 'keys', 'audit-signing-key.pem');
      const signed = await runCli('audit', 'checkpoint', '--out', join(root, 'checkpoints'), '--data-dir', dataDir);
      expect(signed.code).toBe(0);
      expect(signed.stdout).toMatch(/audit-checkpoint-000000000000-\d{8}T\d{6}Z\.json\n$/);
      const verified = await runCli('audit', 'verify', '--checkpoints', join(root, 'checkpoints'), '--public-key', join(root, 'keys', 'audit-signing-key.pub.pem'), '--data-dir', dataDir);
      expect(verified.code).toBe(0);
      expect(verified.stderr).toContain('1 of 1 signed checkpoint(s) checked against the log\n');
    } finally {
      if (previous === undefined) delete process.env.AUDIT_SIGNING_KEY;
      else process.env.AUDIT_SIGNING_KEY = previous;
      rmSync(root, { recursive: true, force: true });
    }
  });
});
