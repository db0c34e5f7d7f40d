import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.ts';
import { readFirstLineOfStdin } from './commands/user-commands.ts';

const fixturePack = new URL('../policy/fixtures/minimal', import.meta.url).pathname;
const fixturePacks = new URL('../policy/fixtures', import.meta.url).pathname;

const run = runCli;

describe('kechuang CLI', () => {
  let dataDir: string;
  const savedPacksDir = process.env.PACKS_DIR;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kechuang-cli-'));
    process.env.PACKS_DIR = fixturePacks;
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    if (savedPacksDir === undefined) delete process.env.PACKS_DIR;
    else process.env.PACKS_DIR = savedPacksDir;
  });

  it('pack lint exits 0 on a valid pack and says what it holds', async () => {
    const result = await run('pack', 'lint', fixturePack);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('ok — minimal-pack 1.0.0: 2 clauses');
    expect(result.stdout).toBe('');
  });

  it('pack lint exits 1 and prints file:line: message for a folder that is not a pack', async () => {
    const result = await run('pack', 'lint', join(dataDir, 'missing'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/missing:0: not a pack folder/);
  });

  it('pack lint --json prints one JSON document on stdout', async () => {
    const result = await run('pack', 'lint', fixturePack, '--json');
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, pack: 'minimal-pack', problems: [] });
  });

  it('pack export --json prints the normalised pack', async () => {
    const result = await run('pack', 'export', 'minimal-pack', '--json', '--data-dir', join(dataDir, 'db'));
    expect(result.code).toBe(0);
    const exported = JSON.parse(result.stdout) as { id: string; clauses: unknown[]; tasks: { lead_units: string[] }[] };
    expect(exported.id).toBe('minimal-pack');
    expect(exported.clauses).toHaveLength(2);
    expect(exported.tasks[0]?.lead_units).toEqual(['science-technology-department']);
  });

  it('pack export of an unknown pack exits 1 with a clear message', async () => {
    const result = await run('pack', 'export', 'no-such-pack', '--json', '--data-dir', join(dataDir, 'db'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('找不到政策包“no-such-pack”');
    expect(result.stdout).toBe('');
  });

  it('exits 2 on a usage error', async () => {
    expect((await run('pack', 'lint')).code).toBe(2);
    expect((await run('no-such-command')).code).toBe(2);
    expect((await run('serve', '--port', 'abc')).code).toBe(2);
  });
});

describe('kechuang user', () => {
  let dataDir: string;
  const savedPacksDir = process.env.PACKS_DIR;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kechuang-cli-users-'));
    process.env.PACKS_DIR = fixturePacks;
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    if (savedPacksDir === undefined) delete process.env.PACKS_DIR;
    else process.env.PACKS_DIR = savedPacksDir;
  });

  it('adds an administrator with a password from stdin, lists, disables and resets accounts', async () => {
    const db = ['--data-dir', join(dataDir, 'db')];
    const stdin = Readable.from(['Operator-pass-1\n']);
    expect(await readFirstLineOfStdin(stdin)).toBe('Operator-pass-1');

    const added = await run('user', 'add', '--username', 'ops.audit', '--role', 'audit_admin', '--json', ...db);
    expect(added.code).toBe(0);
    const account = JSON.parse(added.stdout) as { account: { username: string; role: string; must_change_password: boolean }; temporary_password: string };
    expect(account.account).toMatchObject({ username: 'ops.audit', role: 'audit_admin', must_change_password: true });
    expect(account.temporary_password).toHaveLength(16);

    const unit = await run('user', 'add', '--username', 'cz.reporter', '--role', 'unit_reporter', '--unit', 'finance-department', ...db);
    expect(unit.code).toBe(0);
    expect(unit.stderr).toContain('temporary password (shown once)');

    const badUnit = await run('user', 'add', '--username', 'x.reporter', '--role', 'unit_reporter', '--unit', 'no-such-unit', ...db);
    expect(badUnit.code).toBe(1);
    expect(badUnit.stderr).toContain('unit_id');

    const duplicate = await run('user', 'add', '--username', 'CZ.Reporter', '--role', 'coordinator', ...db);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('已被使用');

    expect((await run('user', 'disable', 'cz.reporter', ...db)).code).toBe(0);
    const listed = JSON.parse((await run('user', 'list', '--json', ...db)).stdout) as { accounts: { username: string; status: string }[] };
    expect(listed.accounts).toContainEqual(expect.objectContaining({ username: 'cz.reporter', status: 'disabled' }));

    const reset = await run('user', 'reset-password', 'cz.reporter', ...db);
    expect(reset.code).toBe(0);
    expect(reset.stderr).toContain('must be changed at next login');
    expect((await run('user', 'disable', 'nobody', ...db)).code).toBe(1);
    expect((await run('user', 'add', '--username', 'no-role', ...db)).code).toBe(2);
  });
});
