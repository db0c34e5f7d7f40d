import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/databases.ts';
import { systemActor } from '../../accounts/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { openDatabase, type DatabaseOptions } from '../../db/index.ts';
import type { Output } from '../output.ts';
import { auditHead, auditVerify } from './audit-verify.ts';

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text) };
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`kechuang audit verify on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let options: DatabaseOptions;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      // The command opens the database itself: PGlite must live in a folder, not in memory.
      const folder = target.name === 'pglite' ? mkdtempSync(join(tmpdir(), 'kechuang-audit-')) : undefined;
      options = folder ? { dataDir: folder } : created.options;
      cleanup = async () => {
        await created.drop();
        if (folder) rmSync(folder, { recursive: true, force: true });
      };
      const handle = await openDatabase(options);
      for (let index = 0; index < 3; index += 1) {
        await recordAuditEvent(handle.db, { actor: systemActor, action: 'platform.start', entityType: 'platform', origin: { requestId: null, clientIp: null } });
      }
      await handle.close();
    });

    afterAll(async () => cleanup?.());

    it('exits 0 on an intact log and prints the head', async () => {
      const output = capture();
      expect(await auditVerify(options, false, output)).toBe(0);
      expect(output.stdout).toEqual([]);
      expect(output.stderr.join('\n')).toMatch(/^audit log intact: 3 row\(s\), head at row 3, hash [0-9a-f]{64}$/);
    });

    it('prints the head as SEQ:HASH, which anchors a later verification', async () => {
      const output = capture();
      expect(await auditHead(options, false, output)).toBe(0);
      const anchor = output.stdout[0] ?? '';
      expect(anchor).toMatch(/^3:[0-9a-f]{64}$/);
      expect(await auditVerify({ ...options, anchors: [anchor] }, false, capture())).toBe(0);
      const json = capture();
      await auditHead(options, true, json);
      expect(JSON.parse(json.stdout.join(''))).toEqual({ last_seq: 3, last_hash: anchor.slice(2), row_count: 3 });
    });

    it('refuses a malformed anchor as a usage error', async () => {
      const output = capture();
      expect(await auditVerify({ ...options, anchors: ['3:abc'] }, false, output)).toBe(2);
      expect(output.stderr[0]).toContain('--anchor must be SEQ:HASH');
    });

    it('exits 1 on a tampered log, naming the row on stderr and in the JSON document', async () => {
      const handle = await openDatabase(options);
      try {
        await handle.db.execute(sql`alter table audit_log disable trigger user`);
        await handle.db.execute(sql`update audit_log set action = 'forged' where seq = 2`);
      } finally {
        await handle.close();
      }
      const output = capture();
      expect(await auditVerify(options, true, output)).toBe(1);
      expect(output.stderr).toContain('row 2: content does not match its hash (edited)');
      expect(output.stderr).toContain('warning: 2 of the 2 append-only triggers of audit_log are disabled or missing (someone with the owner\'s or a superuser\'s rights switched them off)');
      const document = JSON.parse(output.stdout.join('')) as { ok: boolean; problems: unknown[] };
      expect(document).toMatchObject({ ok: false, rows: 3, problems: [{ seq: 2, kind: 'edited', message: 'row 2: content does not match its hash (edited)' }], head: { last_seq: 3, row_count: 3 } });
    });
  });
}
