import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPackVersions } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import { preparePlatform } from './prepare-platform.ts';

const minimalPack = new URL('../policy/fixtures/minimal', import.meta.url).pathname;
const folders: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kechuang-platform-'));
  folders.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('preparePlatform', () => {
  it('refuses a broken pack with every problem listed, before touching the database', async () => {
    const packsDir = tempDir();
    const packDir = join(packsDir, 'minimal');
    cpSync(minimalPack, packDir, { recursive: true });
    const targets = join(packDir, 'targets.yaml');
    writeFileSync(targets, readFileSync(targets, 'utf8').replace('indicator: national_hte', 'indicator: no_such_code').replace('clause: 1', 'clause: 42'));
    const dataDir = join(tempDir(), 'data');

    const failure = await preparePlatform({ dataDir, packsDir }).then(() => undefined, (error: unknown) => error);

    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('invalid_pack');
    expect((failure as AppError).details).toEqual([
      `${targets}:3: targets[0].indicator: unknown indicator code "no_such_code"`,
      `${targets}:7: targets[0].clause: cites unknown clause 42`,
    ]);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('keeps data across restarts of the embedded database and reloads a changed pack as a new version', async () => {
    const packsDir = tempDir();
    const packDir = join(packsDir, 'minimal');
    cpSync(minimalPack, packDir, { recursive: true });
    const dataDir = join(tempDir(), 'data');

    const first = await preparePlatform({ dataDir, packsDir });
    await first.close();
    const packFile = join(packDir, 'pack.yaml');
    writeFileSync(packFile, readFileSync(packFile, 'utf8').replace('version: 1.0.0', 'version: 1.1.0'));
    const second = await preparePlatform({ dataDir, packsDir });
    try {
      const versions = await findPackVersions(second.db, 'minimal-pack');
      expect(versions.map((version) => version.version)).toEqual(['1.0.0', '1.1.0']);
    } finally {
      await second.close();
    }
  });
});

describe('demo mode', () => {
  it('creates one account per role on an empty platform, once, and writes their passwords', async () => {
    const packsDir = tempDir();
    cpSync(new URL('../policy/fixtures/minimal', import.meta.url).pathname, join(packsDir, 'minimal'), { recursive: true });
    const dataDir = join(tempDir(), 'data');
    const demoAccountsFile = join(tempDir(), 'demo-accounts.txt');
    const first = await preparePlatform({ dataDir, packsDir, demoAccountsFile });
    await first.close();
    expect(first.demoAccounts.map((account) => account.role)).toEqual(['system_admin', 'security_admin', 'audit_admin', 'coordinator', 'unit_leader', 'unit_reporter', 'area_leader', 'area_reporter', 'enterprise_user']);
    const file = readFileSync(demoAccountsFile, 'utf8');
    for (const account of first.demoAccounts) expect(file).toContain(`${account.username}\t${account.password}`);

    const second = await preparePlatform({ dataDir, packsDir, demoAccountsFile: join(tempDir(), 'again.txt') });
    await second.close();
    expect(second.demoAccounts).toEqual([]);
  });
});
