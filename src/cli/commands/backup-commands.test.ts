import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { databaseTargets, type DatabaseTarget } from '../../../test/databases.ts';
import { noOrigin, systemActor } from '../../accounts/index.ts';
import { recordAuditEvent, verifyAuditChain } from '../../audit/index.ts';
import { openDatabase, queryRows, type DatabaseOptions } from '../../db/index.ts';
import { knownMigrations, openBackupSession } from '../../db/backup/backup-session.ts';
import { preparePlatform } from '../../platform/index.ts';
import type { Output } from '../output.ts';
import { backupCommand, restoreCommand } from './backup-commands.ts';

function capture(): Output & { stdout: string[]; stderr: string[]; json(): Record<string, unknown> } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text), json: () => JSON.parse(stdout.join('')) as Record<string, unknown> };
}

const scratch = mkdtempSync(join(tmpdir(), 'kechuang-backup-'));
let counter = 0;
const scratchPath = (name: string) => join(scratch, `${counter++}-${name}`);

/** A store: a database (a PGlite folder, or a PostgreSQL database) and a data directory for its files. */
interface Store {
  options: DatabaseOptions;
  dataDir: string;
  drop(): Promise<void>;
}

async function newStore(target: DatabaseTarget): Promise<Store> {
  const dataDir = scratchPath(`${target.name}-data`);
  mkdirSync(dataDir);
  if (target.name === 'pglite') return { options: { dataDir }, dataDir, drop: async () => undefined };
  const created = await target.create();
  return { options: { ...created.options, dataDir }, dataDir, drop: created.drop };
}

/**
 * Every table with rows: the bundled packs and dataset, the demo accounts and a synthetic
 * registry, and a row in the tables only use fills (sessions, lockouts, refusals, period locks);
 * a probe table of awkward types (numeric beyond float, timestamps with microseconds, jsonb,
 * bytea, arrays, an identity and a generated column); stored files.
 */
async function seed(store: Store): Promise<void> {
  const platform = await preparePlatform({ ...store.options, demoAccountsFile: scratchPath('demo-accounts.txt'), demoRegistryEnterprises: 12 });
  try {
    const db = platform.db;
    await db.execute(sql`insert into sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, client_ip) select 'Token-' || username, id, 'csrf', '2025-06-30 12:00:00.123456+08', '2025-06-30 12:10:00+08', '2025-07-01 00:00:00+08', '10.0.0.1' from users`);
    await db.execute(sql`insert into login_failures (user_id, source, failed_count, locked_until, last_failed_at) select id, source, 3, null, '2025-06-30 12:00:00+08' from users, (values ('Z-10.0.0.1'), ('a-10.0.0.2'), ('é')) as s(source)`);
    await db.execute(sql`insert into refusal_bursts (actor_key, route, logged_at, pending) values ('B', '/api/x', '2025-06-30 12:00:00+08', 2), ('a', '/api/x', '2025-06-30 12:00:01+08', 0), ('中文', '/api/y', '2025-06-30 12:00:02+08', 1)`);
    await db.execute(sql`insert into indicator_period_locks (org, period, locked_by, locked_at) values ('640000', '2023', 'coordinator', '2025-06-30 12:00:00.000001+08')`);
    await db.execute(sql`insert into area_targets (pack, target_id, org, value, set_by, set_at, note) values ('ningxia-2022-st-action', 'target-national-hte-2025', '640100', 300, 'coordinator', '2025-06-30 12:00:00+08', '目标分解')`);
    await db.execute(sql`insert into indicator_value_comments (value_id, indicator, org, period, action, level, body, author, created_at) select id, indicator, org, period, 'return', 'city', '口径不一致，请核对', 'coordinator', '2025-06-30 12:00:00+08' from indicator_values order by indicator, org, period limit 1`);
    // Issue 13's tables: a screening run with a shard and a result, an award paid after its 公示 with an objection, a fiscal scenario.
    await db.execute(sql`insert into screening_runs (id, year, packs, parameters, started_at, state, enterprises_total, enterprises_done) values ('00000000-0000-4000-8000-000000000013', 2024, '[]', '{}', '2025-06-30 12:00:00+08', 'done', 1, 1)`);
    await db.execute(sql`insert into screening_shards (run_id, shard_key, state, enterprises) values ('00000000-0000-4000-8000-000000000013', '640104', 'done', 1)`);
    await db.execute(sql`insert into screening_results (run_id, shard_key, enterprise_id, credit_code, enterprise_name, area_code, incentive_id, pack_id, status, amount, missing, profile_hash) values ('00000000-0000-4000-8000-000000000013', '640104', 'E1', 'E1', '甲', '640104', 'ningxia-2022.first-above-scale-rd-award', 'ningxia-2022-st-action', 'eligible', 1234.56, '{}', 'h')`);
    await db.execute(sql`insert into awards (id, enterprise_id, credit_code, enterprise_name, area_code, incentive_id, incentive_title, pack_id, year, frequency, amount, state, created_at, created_by, updated_at) values ('00000000-0000-4000-8000-0000000000a1', 'E1', 'E1', '甲', '640104', 'ningxia-2022.first-above-scale-rd-award', '首次规上奖补', 'ningxia-2022-st-action', 2024, 'one_time', 1234.56, 'paid', '2025-06-30 12:00:00+08', 'coordinator', '2025-07-30 12:00:00+08')`);
    await db.execute(sql`insert into award_transitions (award_id, from_state, to_state, action, actor, at) values ('00000000-0000-4000-8000-0000000000a1', null, 'candidate', 'propose', 'coordinator', '2025-06-30 12:00:00+08')`);
    await db.execute(sql`insert into award_notices (id, title, published_at, published_on, notice_days, ends_on, state, created_by) values ('00000000-0000-4000-8000-0000000000b1', '公示', '2025-07-01 09:00:00+08', '2025-07-01', 5, '2025-07-08', 'closed', 'coordinator')`);
    await db.execute(sql`insert into award_notice_items (notice_id, award_id) values ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a1')`);
    await db.execute(sql`insert into award_objections (award_id, raised_on, text, raised_by) values ('00000000-0000-4000-8000-0000000000a1', '2025-07-02', '异议', 'coordinator')`);
    await db.execute(sql`insert into award_payments (award_id, amount, paid_on, reference, payment_key, recorded_by, recorded_at) values ('00000000-0000-4000-8000-0000000000a1', 1234.56, '2025-07-30', '宁财拨〔2025〕1号', 'ningxia-2022.first-above-scale-rd-award:E1', 'coordinator', '2025-07-30 12:00:00+08')`);
    await db.execute(sql`insert into fiscal_scenarios (name, year, overrides, result, created_by) values ('比例25%', 2024, '{"a": {"rate": "0.25"}}', '{}', 'coordinator')`);
    // Issue 14's supervision tables (measures and assignments are seeded at start): a work point, a milestone, a report with its history and an evidence row.
    await db.execute(sql`insert into supervision_work_points (measure_id, year, title, created_by, created_at) select id, 2025, '年度工作要点', 'coordinator', '2025-06-30 12:00:00+08' from supervision_measures where key = 'm-21-01'`);
    await db.execute(sql`insert into supervision_milestones (measure_id, title, due_date, target_percent, created_by, created_at) select id, '年中过半', '2025-06-30', 50, 'coordinator', '2025-06-30 12:00:00+08' from supervision_measures where key = 'm-21-01'`);
    await db.execute(sql`insert into supervision_reports (id, measure_id, assignee_kind, assignee_id, period, kind, state, status, percent, narrative, figures, indicator_links, revision, due_on, submitted_at, submitted_by, first_submitted_at, created_at, created_by, updated_at) select '00000000-0000-4000-8000-0000000000c1', id, 'unit', 'finance-department', '2025-Q2', 'lead', 'submitted', 'on_schedule', 55, '进展', '[{"label": "资金", "value": "1200.50", "unit": "万元"}]', '[]', 1, '2025-07-10', '2025-07-05 09:00:00+08', 'unit-reporter', '2025-07-05 09:00:00+08', '2025-07-01 09:00:00+08', 'unit-reporter', '2025-07-05 09:00:00+08' from supervision_measures where key = 'm-21-01'`);
    await db.execute(sql`insert into supervision_report_history (report_id, revision, action, from_state, to_state, actor, at, snapshot) values ('00000000-0000-4000-8000-0000000000c1', 1, 'submit', 'draft', 'submitted', 'unit-reporter', '2025-07-05 09:00:00+08', '{"percent": 55}')`);
    await db.execute(sql`insert into supervision_evidence (id, report_id, file_name, original_name, media_type, size, sha256, storage_key, uploaded_by, uploaded_at) values ('00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000c1', '说明.pdf', null, 'application/pdf', 9, 'x', 'supervision/00000000-0000-4000-8000-0000000000c2', 'unit-reporter', '2025-07-05 09:00:00+08')`);
    // Issue 14's notices: a 督办单 answered after a return, its moves, and a reminder sent through the log channel.
    await db.execute(sql`insert into supervision_notices (id, year, seq, assignee_kind, assignee_id, assignee_name, subject, text, reference_pack_id, reference_kind, reference_id, reference_task_id, reference_title, deadline, state, response_text, answered_on, answered_at, answered_by, issued_on, issued_at, issued_by, updated_at) values ('00000000-0000-4000-8000-0000000000c1', 2025, 1, 'unit', 'finance-department', '财政厅', '督办', '请回复', 'ningxia-2022-st-action', 'measure', 'm-04-01', 'task-04', '举措', '2025-07-04', 'answered', '已办', '2025-07-03', '2025-07-03 10:00:00.5+08', 'unit-reporter', '2025-06-30', '2025-06-30 12:00:00+08', 'coordinator', '2025-07-03 10:00:00.5+08')`);
    await db.execute(sql`insert into supervision_notice_transitions (notice_id, action, from_state, to_state, actor, at, note) values ('00000000-0000-4000-8000-0000000000c1', 'issue', null, 'issued', 'coordinator', '2025-06-30 12:00:00+08', null), ('00000000-0000-4000-8000-0000000000c1', 'respond', 'issued', 'answered', 'unit-reporter', '2025-07-03 10:00:00.5+08', '说明')`);
    await db.execute(sql`insert into reminders (key, source, kind, assignee_kind, assignee_id, assignee_name, title, body, due_date, notice_id, created_on, created_at, delivery, attempts, delivered_at) values ('notice:00000000-0000-4000-8000-0000000000c1:reminder:2025-07-04', 'notice', 'notice_reminder', 'unit', 'finance-department', '财政厅', '到期提醒', '请回复', '2025-07-04', '00000000-0000-4000-8000-0000000000c1', '2025-07-03', '2025-07-03 09:00:00+08', '{"log": {"sent_at": "2025-07-03T01:00:00.000Z"}}', 1, '2025-07-03 09:00:00+08')`);
    await db.execute(probeTable);
    await db.execute(sql`insert into backup_probe (label, amount, measured, at, day, doc, raw, tags) values
      ('a', 1.50, 0.1, '2024-02-29 23:59:59.123456+08', '2024-01-02', '{"b": 1, "a": [1, 2.0, {"z": null}], "s": "中文\\"\\n"}', '\\x00ff10', array['x', 'y"z', null]),
      ('B', 123456789012345678901234567890.123456789, 1e308, 'infinity', null, 'null', '\\x', '{}'),
      ('ä', 'NaN', 2.5, null, null, '[]', null, null)`);
    await recordAuditEvent(db, { actor: systemActor, action: 'platform.start', entityType: 'platform', origin: noOrigin });
  } finally {
    await platform.close();
  }
  mkdirSync(join(store.dataDir, 'files', 'attachments', '2025'), { recursive: true });
  writeFileSync(join(store.dataDir, 'files', 'attachments', '2025', '合同.txt'), '技术合同扫描件\n');
  writeFileSync(join(store.dataDir, 'files', 'empty.bin'), Buffer.alloc(0));
  writeFileSync(join(store.dataDir, 'files', 'large.bin'), Buffer.from(Array.from({ length: 200_000 }, (_, index) => (index * 7919) % 256)));
}

/** The probe table is not the application's: a target must have it too (a restore loads only tables it has). */
const probeTable = sql`create table if not exists backup_probe (
  id bigint generated always as identity primary key,
  label text not null,
  amount numeric,
  measured double precision,
  at timestamptz,
  day date,
  doc jsonb,
  raw bytea,
  tags text[],
  label_length integer generated always as (length(label)) stored
)`;

async function createProbe(options: DatabaseOptions): Promise<void> {
  const handle = await openDatabase(options);
  try {
    await handle.db.execute(probeTable);
  } finally {
    await handle.close();
  }
}

/** Every table's digest, as `kechuang backup --json` reports it (the backup is a by-product). */
async function digests(store: Store): Promise<Record<string, { rows: number; sha256: string }>> {
  const output = capture();
  expect(await backupCommand(scratchPath('digest.kcb'), { json: true }, store.options, output)).toBe(0);
  const tables = output.json().tables as { name: string; rows: number; sha256: string }[];
  return Object.fromEntries(tables.map((table) => [table.name, { rows: table.rows, sha256: table.sha256 }]));
}

function storedFiles(store: Store): Record<string, string> {
  const root = join(store.dataDir, 'files');
  const result: Record<string, string> = {};
  const walk = (folder: string, prefix: string) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else result[`${prefix}${entry.name}`] = createHash('sha256').update(readFileSync(join(folder, entry.name))).digest('hex');
    }
  };
  walk(root, '');
  return result;
}

/** The backup's lines, changed by `edit`, written again as a gzip file (the end record kept in step with the header). */
function rewrite(file: string, edit: (lines: string[]) => string[]): string {
  const lines = edit(gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(0, -1));
  const end = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
  if (end.end === 'kechuang-backup') {
    end.header_sha256 = createHash('sha256').update(lines[0]!).digest('hex');
    lines[lines.length - 1] = JSON.stringify(end);
  }
  const out = scratchPath('rewritten.kcb');
  writeFileSync(out, gzipSync(`${lines.join('\n')}\n`));
  return out;
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`kechuang backup and restore on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const stores: Store[] = [];
    let source: Store;
    let sourceDigests: Record<string, { rows: number; sha256: string }>;
    let backupFile: string;

    const store = async () => {
      const created = await newStore(target);
      stores.push(created);
      return created;
    };

    beforeAll(async () => {
      source = await store();
      await seed(source);
      backupFile = scratchPath('source.kcb');
      const output = capture();
      expect(await backupCommand(backupFile, { json: true }, source.options, output)).toBe(0);
      const summary = output.json() as { tables: { name: string; rows: number; sha256: string }[] };
      sourceDigests = Object.fromEntries(summary.tables.map((table) => [table.name, { rows: table.rows, sha256: table.sha256 }]));
    }, 120_000);

    afterAll(async () => {
      for (const created of stores) await created.drop();
    });

    it('backs up every table with rows, each with its digest, and prints the digests', async () => {
      expect(Object.keys(sourceDigests)).toEqual(expect.arrayContaining(['areas', 'audit_log', 'audit_head', 'users', 'sessions', 'login_failures', 'refusal_bursts', 'indicator_values', 'indicator_period_locks', 'enterprises', 'tech_contracts', 'backup_probe']));
      for (const [name, digest] of Object.entries(sourceDigests)) {
        expect({ name, rows: digest.rows > 0 }).toEqual({ name, rows: true });
        expect(digest.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
      const plain = capture();
      expect(await backupCommand(scratchPath('plain.kcb'), {}, source.options, plain)).toBe(0);
      expect(plain.stdout).toContain(`${sourceDigests.audit_log!.sha256}  ${String(sourceDigests.audit_log!.rows).padStart(9)}  audit_log`);
      // Parents before children: a restore could load with its foreign keys checked.
      const names = Object.keys(sourceDigests);
      expect(names.indexOf('users')).toBeLessThan(names.indexOf('sessions'));
      expect(names.indexOf('users')).toBeLessThan(names.indexOf('login_failures'));
    });

    it('round trip into a new store: identical digests for every table, the same stored files, the audit chain verifies, sequences continue', async () => {
      const copy = await store();
      await createProbe(copy.options);
      const output = capture();
      expect(await restoreCommand(backupFile, { json: true }, copy.options, output)).toBe(0);
      const result = output.json() as { ok: boolean; audit: { ok: boolean; rows: number } };
      expect(result.ok).toBe(true);
      expect(result.audit).toMatchObject({ ok: true, rows: sourceDigests.audit_log!.rows });
      expect(await digests(copy)).toEqual(sourceDigests);
      expect(storedFiles(copy)).toEqual(storedFiles(source));
      expect(Object.keys(storedFiles(copy))).toHaveLength(3);

      const handle = await openDatabase(copy.options);
      try {
        const [probe] = await queryRows<{ amount: string; at: string; doc: string; raw: string; tags: string; label_length: number }>(
          handle.db,
          sql`select amount::text as amount, to_char(at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as at, doc::text as doc, encode(raw, 'hex') as raw, tags::text as tags, label_length from backup_probe where label = 'a'`,
        );
        expect(probe).toEqual({ amount: '1.50', at: '2024-02-29 15:59:59.123456', doc: '{"a": [1, 2.0, {"z": null}], "b": 1, "s": "中文\\"\\n"}', raw: '00ff10', tags: '{x,"y\\"z",NULL}', label_length: 1 });
        const [big] = await queryRows<{ amount: string }>(handle.db, sql`select amount::text as amount from backup_probe where label = 'B'`);
        expect(big?.amount).toBe('123456789012345678901234567890.123456789');
        // The identity sequences carry on where the source's stood.
        const [next] = await queryRows<{ id: string }>(handle.db, sql`insert into backup_probe (label) values ('new') returning id::text as id`);
        expect(next?.id).toBe('4');
        await recordAuditEvent(handle.db, { actor: systemActor, action: 'platform.start', entityType: 'platform', origin: noOrigin });
        const report = await verifyAuditChain(handle.db);
        expect(report.ok).toBe(true);
        expect(report.head.lastSeq).toBe(sourceDigests.audit_log!.rows + 1);
      } finally {
        await handle.close();
      }
    }, 120_000);

    it('refuses a target that holds data without --force (exit 1, nothing changed) and replaces it with --force', async () => {
      const occupied = await store();
      const handle = await openDatabase(occupied.options);
      await recordAuditEvent(handle.db, { actor: systemActor, action: 'platform.start', entityType: 'platform', origin: noOrigin });
      await handle.close();
      await createProbe(occupied.options);
      mkdirSync(join(occupied.dataDir, 'files'));
      writeFileSync(join(occupied.dataDir, 'files', 'old.txt'), 'old');
      const before = await digests(occupied);

      const refused = capture();
      expect(await restoreCommand(backupFile, {}, occupied.options, refused).catch((error: unknown) => error)).toMatchObject({ code: 'conflict', messageEn: expect.stringMatching(/^the target is not empty: audit_head \(1\), audit_log \(1\), \S+\/files hold data; add --force to replace it$/) });
      expect(await digests(occupied)).toEqual(before);
      expect(Object.keys(storedFiles(occupied))).toEqual(['old.txt']);
      if (target.name === 'pglite') {
        const cli = await runCli('restore', backupFile, '--data-dir', occupied.dataDir);
        expect(cli.code).toBe(1);
        expect(cli.stderr).toMatch(/the target is not empty: .*add --force to replace it/);
        expect(await digests(occupied)).toEqual(before);
      }

      const forced = capture();
      expect(await restoreCommand(backupFile, { force: true }, occupied.options, forced)).toBe(0);
      expect(forced.stderr.join('\n')).toContain('the earlier content was replaced: --force');
      expect(await digests(occupied)).toEqual(sourceDigests);
      expect(storedFiles(occupied)).toEqual(storedFiles(source));
    }, 120_000);

    it('refuses a truncated or corrupted file, naming the file and the problem, and leaves the target unchanged', async () => {
      const occupied = await store();
      await createProbe(occupied.options);
      const handle = await openDatabase(occupied.options);
      await recordAuditEvent(handle.db, { actor: systemActor, action: 'platform.start', entityType: 'platform', origin: noOrigin });
      await handle.close();
      mkdirSync(join(occupied.dataDir, 'files'));
      writeFileSync(join(occupied.dataDir, 'files', 'kept.txt'), 'kept');
      const before = await digests(occupied);

      const bytes = readFileSync(backupFile);
      const truncated = scratchPath('truncated.kcb');
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const lines = gunzipSync(bytes).toString('utf8').split('\n');
      const cut = scratchPath('cut.kcb');
      writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n') + '\n'));
      const edited = rewrite(backupFile, (all) => all.map((line) => (line.includes('"platform.start"') ? line.replace('"platform.start"', '"platform.stop"') : line)));
      const fileEdited = rewrite(backupFile, (all) => {
        const index = all.findIndex((line) => line.startsWith('{"file":"attachments/2025/合同.txt"'));
        return all.map((line, at) => (at === index + 1 ? Buffer.from('伪造\n').toString('base64') : line));
      });
      const escaping = rewrite(backupFile, (all) => all.map((line) => (line.startsWith('{"file":"empty.bin"') ? line.replace('"empty.bin"', '"../../escaped.bin"') : line)));
      const notGzip = scratchPath('plain.txt');
      writeFileSync(notGzip, 'not a backup');

      const cases: [string, RegExp][] = [
        [truncated, /^backup file .*truncated\.kcb: not a complete gzip backup \(.*\): the file is truncated or corrupt$/],
        [cut, /^backup file .*cut\.kcb: ends in table \w+ after \d+ of \d+ row\(s\): the file is truncated$/],
        [edited, /^backup file .*rewritten\.kcb:\d+: the rows of table audit_log do not match the header's digest/],
        [fileEdited, /^backup file .*rewritten\.kcb:\d+: stored file attachments\/2025\/合同\.txt does not match its size and digest/],
        [escaping, /^backup file .*rewritten\.kcb:\d+: stored file path "\.\.\/\.\.\/escaped\.bin" leaves the files folder$/],
        [notGzip, /^backup file .*plain\.txt: not a complete gzip backup/],
        [join(scratch, 'missing.kcb'), /^backup file .*missing\.kcb: no such file$/],
      ];
      for (const [file, message] of cases) {
        const failure = await restoreCommand(file, { force: true }, occupied.options, capture()).catch((error: unknown) => error);
        expect(failure).toMatchObject({ code: 'bad_request', messageEn: expect.stringMatching(message) });
        const checked = await restoreCommand(file, { check: true }, occupied.options, capture()).catch((error: unknown) => error);
        expect(checked).toMatchObject({ code: 'bad_request' });
      }
      expect(await digests(occupied)).toEqual(before);
      expect(Object.keys(storedFiles(occupied))).toEqual(['kept.txt']);
      expect(readdirSync(occupied.dataDir).filter((name) => name.startsWith('files.'))).toEqual([]);
      const intact = capture();
      expect(await restoreCommand(backupFile, { check: true, json: true }, occupied.options, intact)).toBe(0);
      expect(intact.json()).toMatchObject({ ok: true, rows: Object.values(sourceDigests).reduce((sum, table) => sum + table.rows, 0) });
    }, 120_000);

    it('loads in one transaction: a value that does not round-trip, or does not load, fails the restore and nothing is written', async () => {
      // The backup's probe table cut to its first row, the header's count and digest following the edit, so only the load can tell.
      const oneProbeRow = rewrite(backupFile, (all) => {
        const start = all.findIndex((line) => line === '{"table":"backup_probe","rows":3}');
        const kept = all[start + 1]!;
        const header = JSON.parse(all[0]!) as { tables: { name: string; rows: number; sha256: string }[] };
        const probe = header.tables.find((table) => table.name === 'backup_probe')!;
        probe.rows = 1;
        probe.sha256 = createHash('sha256').update(`${kept}\n`).digest('hex');
        const end = JSON.parse(all[all.length - 1]!) as { rows: number };
        end.rows -= 2;
        return [JSON.stringify(header), ...all.slice(1, start), '{"table":"backup_probe","rows":1}', kept, ...all.slice(start + 4, -1), JSON.stringify(end)];
      });
      for (const [amount, expected] of [
        // 1.50 is stored as 1.5: the table no longer matches its digest.
        ['numeric(10, 1)', /^after loading, table backup_probe does not match the backup's digest \(1 of 1 row\(s\), sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\): nothing was written$/],
        // 1.50 is no integer: the load itself fails.
        ['integer', /^table backup_probe: rows 1 to 1 could not be loaded \(invalid input syntax for type integer: "1.50"\): nothing was written$/],
      ] as const) {
        const occupied = await store();
        const handle = await openDatabase(occupied.options);
        try {
          await recordAuditEvent(handle.db, { actor: systemActor, action: 'platform.start', entityType: 'platform', origin: noOrigin });
          await handle.db.execute(sql.raw(`create table backup_probe (id bigint generated always as identity primary key, label text not null, amount ${amount}, measured double precision, at timestamptz, day date, doc jsonb, raw bytea, tags text[], label_length integer generated always as (length(label)) stored)`));
        } finally {
          await handle.close();
        }
        const before = await digests(occupied);
        const failure = await restoreCommand(oneProbeRow, { force: true }, occupied.options, capture()).catch((error: unknown) => error);
        expect(failure).toMatchObject({ code: 'bad_request', messageEn: expect.stringMatching(expected) });
        expect(await digests(occupied)).toEqual(before);
      }
    }, 120_000);

    it('loads past triggers that fire even for replication (ENABLE ALWAYS, as a hardened audit log may have) and leaves them as they were', async () => {
      const hardened = await store();
      await createProbe(hardened.options);
      const handle = await openDatabase(hardened.options);
      try {
        await handle.db.execute(sql`create function refuse_direct_insert() returns trigger language plpgsql as $$ begin raise exception 'audit_log: direct insert refused'; end; $$`);
        await handle.db.execute(sql`create trigger audit_log_refuse_direct_insert before insert on audit_log for each row execute function refuse_direct_insert()`);
        await handle.db.execute(sql`alter table audit_log enable always trigger audit_log_refuse_direct_insert`);
        await handle.db.execute(sql`alter table audit_log enable always trigger audit_log_no_truncate`);
      } finally {
        await handle.close();
      }
      expect(await restoreCommand(backupFile, {}, hardened.options, capture())).toBe(0);
      expect(await digests(hardened)).toEqual(sourceDigests);
      const after = await openDatabase(hardened.options);
      try {
        const triggers = await queryRows<{ name: string; enabled: string }>(after.db, sql`select tgname as name, tgenabled::text as enabled from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal order by tgname`);
        expect(triggers).toEqual([
          { name: 'audit_log_no_truncate', enabled: 'A' },
          { name: 'audit_log_no_update_or_delete', enabled: 'O' },
          { name: 'audit_log_refuse_direct_insert', enabled: 'A' },
        ]);
      } finally {
        await after.close();
      }
    }, 120_000);

    it('restores a backup made at an earlier migration level: the target is migrated to that level, loaded, then brought up to date', async () => {
      const older = await store();
      const level = knownMigrations().length - 1;
      const session = await openBackupSession(older.options, false);
      try {
        await session.migrateTo(level);
        await session.query(`insert into zones (id, name, name_en, management, "overlaps", note) values ('ningdong', '宁东能源化工基地', 'Ningdong', '自治区', '["640181"]', '')`);
      } finally {
        await session.close();
      }
      const file = scratchPath('older.kcb');
      const made = capture();
      expect(await backupCommand(file, { json: true }, older.options, made)).toBe(0);
      expect(made.json()).toMatchObject({ migrations: level });
      const target = await store();
      const output = capture();
      expect(await restoreCommand(file, { json: true }, target.options, output)).toBe(0);
      expect(output.json()).toMatchObject({ ok: true, migrations: level });
      const handle = await openDatabase(target.options);
      try {
        expect(await queryRows(handle.db, sql`select count(*)::int as migrations from drizzle.__drizzle_migrations`)).toEqual([{ migrations: knownMigrations().length }]);
        expect(await queryRows(handle.db, sql`select id, "overlaps" from zones`)).toEqual([{ id: 'ningdong', overlaps: ['640181'] }]);
      } finally {
        await handle.close();
      }
    }, 120_000);

    it('refuses to write a backup into a folder that does not exist, and leaves no partial file', async () => {
      const failure = await backupCommand(join(scratch, 'no-such-folder', 'x.kcb'), {}, source.options, capture()).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'bad_request', messageEn: expect.stringMatching(/^cannot write the backup file .*x\.kcb: the folder .*no-such-folder does not exist$/) });
      expect(readdirSync(scratch).filter((name) => name.includes('.partial-'))).toEqual([]);
    });

    it('refuses a backup made by a newer version (a migration this code does not know)', async () => {
      const newer = rewrite(backupFile, (all) => {
        const header = JSON.parse(all[0]!) as { migrations: { tag: string | null; created_at: number; hash: string }[] };
        header.migrations.push({ tag: '9999_from_the_future', created_at: 4_102_444_800_000, hash: 'f'.repeat(64) });
        return [JSON.stringify(header), ...all.slice(1)];
      });
      const target = await store();
      const failure = await restoreCommand(newer, {}, target.options, capture()).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'bad_request', messageEn: expect.stringMatching(/was made by a newer version of Kechuang \(migration 9999_from_the_future is unknown to this one\)/) });
    });
  });
}

const postgres = databaseTargets.find((target) => target.name === 'postgres')!;
const pglite = databaseTargets.find((target) => target.name === 'pglite')!;

describe.skipIf(postgres.skipReason !== undefined)('kechuang backup and restore across storage kinds', () => {
  const stores: Store[] = [];
  afterAll(async () => {
    for (const created of stores) await created.drop();
  });

  it('refuses to restore through a connection that may not turn triggers off, naming what it needs, before changing anything', async () => {
    const role = `kc_backup_${randomBytes(4).toString('hex')}`;
    const database = `${role}_db`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`create role ${role} login`);
      await admin.query(`create database ${database} owner ${role}`);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.username = role;
      url.pathname = `/${database}`;
      const embedded = await newStore(pglite);
      stores.push(embedded);
      const handle = await openDatabase(embedded.options);
      await recordAuditEvent(handle.db, { actor: systemActor, action: 'platform.start', entityType: 'platform', origin: noOrigin });
      await handle.close();
      const file = scratchPath('small.kcb');
      expect(await backupCommand(file, {}, embedded.options, capture())).toBe(0);
      const target: DatabaseOptions = { databaseUrl: url.toString(), dataDir: scratchPath('owner-files') };
      const failure = await restoreCommand(file, {}, target, capture()).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'forbidden', messageEn: expect.stringMatching(/^restore must connect to .* as a superuser \(it sets session_replication_role to load with triggers off\)$/) });
      const owner = new pg.Client({ connectionString: url.toString() });
      await owner.connect();
      try {
        // Refused before anything was done: not even the schema was created.
        expect((await owner.query(`select to_regclass('public.audit_log') is null as untouched`)).rows).toEqual([{ untouched: true }]);
      } finally {
        await owner.end();
      }
    } finally {
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  }, 120_000);

  it('a PGlite backup restores into PostgreSQL, and that one back into PGlite, with identical digests and a verified chain', async () => {
    const embedded = await newStore(pglite);
    const server = await newStore(postgres);
    const again = await newStore(pglite);
    stores.push(embedded, server, again);
    await seed(embedded);
    const first = scratchPath('pglite.kcb');
    expect(await backupCommand(first, {}, embedded.options, capture())).toBe(0);
    const expected = await digests(embedded);

    await createProbe(server.options);
    expect(await restoreCommand(first, {}, server.options, capture())).toBe(0);
    expect(await digests(server)).toEqual(expected);
    expect(storedFiles(server)).toEqual(storedFiles(embedded));

    const second = scratchPath('postgres.kcb');
    expect(await backupCommand(second, {}, server.options, capture())).toBe(0);
    await createProbe(again.options);
    const output = capture();
    expect(await restoreCommand(second, { json: true }, again.options, output)).toBe(0);
    expect(output.json()).toMatchObject({ ok: true, audit: { ok: true } });
    expect(await digests(again)).toEqual(expected);
  }, 240_000);
});
