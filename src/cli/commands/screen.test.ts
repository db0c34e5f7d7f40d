/** `kechuang screen`: a run in process with its progress on stderr, the totals by incentive and status on stdout. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/databases.ts';
import { loadPermissionTable, noOrigin, systemActor } from '../../accounts/index.ts';
import { findAreaTree } from '../../areas/index.ts';
import type { DatabaseOptions } from '../../db/index.ts';
import { preparePlatform } from '../../platform/index.ts';
import { importRegistry } from '../../registry/index.ts';
import { creditCodeCheckCharacter, readTableFile } from '../../shared/index.ts';
import type { Output } from '../output.ts';
import { screen } from './screen.ts';

const code = (body: string) => `${body}${creditCodeCheckCharacter(body)}`;
const firmA = code('91640104MA0000501');
const firmB = code('91640202MA0000502');

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`kechuang screen on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let options: DatabaseOptions;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      if (target.name === 'pglite') {
        const dir = mkdtempSync(join(tmpdir(), 'kechuang-screen-'));
        options = { dataDir: dir };
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      } else {
        const created = await target.create();
        options = created.options;
        cleanup = created.drop;
      }
      const platform = await preparePlatform(options);
      const tree = await findAreaTree(platform.db);
      const permissions = await loadPermissionTable(platform.db);
      const now = new Date('2025-06-30T12:00:00+08:00');
      const load = async (kind: 'enterprises' | 'enterprise_events' | 'enterprise_years', csv: string) =>
        expect((await importRegistry(platform.db, kind, `${kind}.csv`, await readTableFile(`${kind}.csv`, Buffer.from(csv)), { tree, actor: systemActor, permissions, origin: noOrigin, now, dryRun: false })).problems).toEqual([]);
      await load('enterprises', `credit_code,name,org,above_scale\n${firmA},宁夏甲科技有限公司,640104,是\n${firmB},石嘴山乙科技有限公司,640202,是\n`);
      await load('enterprise_events', `credit_code,type,year\n${firmA},first_above_scale,2024\n${firmB},first_above_scale,2024\n`);
      await load('enterprise_years', `credit_code,year,rd_expense\n${firmA},2023,1000000\n`);
      await platform.close();
    });

    afterAll(async () => {
      await cleanup?.();
    });

    it('screens with plain progress lines off a terminal and prints the totals', async () => {
      let stdout = '';
      let stderr = '';
      let progress = '';
      const output: Output = { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) };
      const code = await screen({ year: '2024', pack: 'ningxia-2022-st-action' }, options, output, { isTTY: false, write: (text) => (progress += text) });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(progress.split('\n').filter(Boolean).at(-1)).toBe('screening: 2/2 enterprises (100%)');
      expect(stdout).toContain('首次达到规模以上工业企业研发投入奖补（ningxia-2022.first-above-scale-rd-award）\t符合\t1 家\t200000.00 元');
      expect(stdout).toContain('首次达到规模以上工业企业研发投入奖补（ningxia-2022.first-above-scale-rd-award）\t需补充信息\t1 家\t0 元');
    });

    it('draws a bar on a terminal and prints JSON with --json; refuses a bad year', async () => {
      let stdout = '';
      let progress = '';
      const output: Output = { out: (text) => (stdout += `${text}\n`), err: () => undefined };
      expect(await screen({ year: '2024', org: '640100', json: true }, options, output, { isTTY: true, write: (text) => (progress += text) })).toBe(0);
      expect(progress).toContain('\r[##############################] 100% 1/1 家企业');
      expect(JSON.parse(stdout)).toMatchObject({ state: 'done', org: '640100', org_name: '银川市', enterprises_done: 1 });
      let stderr = '';
      expect(await screen({ year: '24' }, options, { out: () => undefined, err: (text) => (stderr += text) })).toBe(2);
      expect(stderr).toBe('--year: expected a year from 2000 to 2100, got "24"');
    });
  });
}
