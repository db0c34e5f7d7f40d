/**
 * Targets by area (目标分解) in a real browser: 银川市 with 350 national high-tech enterprises is
 * never shown "≥500家 → 未实现 70%" but its share of the region and its rank; the coordinator sets
 * 银川's own target on the targets page, and the dashboard then judges 银川 against it, saying who
 * set it. An empty regional target names the unit that supplies its figure.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noOrigin, systemActor } from '../src/accounts/actor.ts';
import { createUser } from '../src/accounts/create-user.ts';
import { loadPermissionTable } from '../src/accounts/permission-repository.ts';
import { defaultWebRoot, startPlatform, type RunningPlatform } from '../src/server/start-platform.ts';
import { launchBrowser, openPage, screenshotDir } from './support/browser.ts';

const packId = 'ningxia-2022-st-action';

let platform: RunningPlatform;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  if (!existsSync(join(defaultWebRoot, 'index.html'))) throw new Error(`no built web app in ${defaultWebRoot}: run \`npm run build:web\` first`);
  dataDir = mkdtempSync(join(tmpdir(), 'kechuang-e2e-area-targets-'));
  mkdirSync(screenshotDir, { recursive: true });
  platform = await startPlatform({ dataDir, port: 0 });
  await platform.database.db.execute(sql`insert into indicator_values (indicator, org, period, value, unit, entered_value, status, origin, source)
    values ('national_hte', '640100', '2023', 350, '家', 350, 'approved', 'import', '测试数据') on conflict (indicator, org, period) do update set value = 350, entered_value = 350, status = 'approved'`);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  const form = page.locator('[data-testid="login-form"]');
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel('密码').fill(password);
  await form.locator('button[type="submit"]').click();
  await page.locator('[data-testid="user-menu"]').waitFor();
}

/** Chooses an option of an antd select inside `scope` (retried: a click during the dropdown's animation chooses nothing). */
async function pick(page: Page, select: string, label: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.locator(select).click({ timeout: 2_000 }).catch(() => undefined);
        await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click({ timeout: 2_000 }).catch(() => undefined);
        return (await page.locator(select).textContent())?.includes(label.slice(0, 4)) ?? false;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

describe('targets by area', () => {
  it('shows 银川 its share and rank instead of the regional target, then its own target once the coordinator sets it', async () => {
    const { page, pageErrors } = await openPage(browser, platform.url);
    await page.goto(`/packs/${packId}/dashboard?org=640100&as_of=2023`);
    const card = page.locator('[data-testid="target-card"][data-indicator="national_hte"]');
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('no_own_target');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('本地区未分解该目标');
    expect(text).not.toContain('500');
    expect(text).not.toContain('70%');
    expect(await card.locator('[data-testid="area-comparison"]').textContent()).toMatch(/^占宁夏回族自治区 .+%；同级 \d 个地区中第 \d$/);
    await page.screenshot({ path: join(screenshotDir, 'dashboard-yinchuan.png'), fullPage: true });

    // The region: an empty target names who supplies its figure.
    await page.goto(`/packs/${packId}/dashboard?as_of=2025`);
    const platforms = page.locator('[data-testid="target-card"][data-indicator="st_platforms"]');
    await platforms.waitFor();
    expect(await platforms.locator('[data-testid="supplier-note"]').textContent()).toContain('报送单位：科技厅');

    const permissions = await loadPermissionTable(platform.database.db);
    const password = 'Tongchou#2025ok';
    await createUser(platform.database.db, { username: 'coordinator-targets', display_name: '科技厅统筹', role: 'coordinator', password }, { actor: systemActor, permissions, origin: noOrigin, allowAdministratorRoles: false, mustChangePassword: false });
    await signIn(page, 'coordinator-targets', password);
    await page.goto(`/packs/${packId}/targets`);
    const form = page.locator('[data-testid="area-target-form"]');
    await form.waitFor();
    await pick(page, '[data-testid="area-target-form"] .ant-select >> nth=0', '国家高新技术企业（不低于500家）');
    await pick(page, '[data-testid="area-target-form"] .ant-select >> nth=1', '银川市');
    await form.locator('input.ant-input-number-input').fill('400');
    await form.locator('input[placeholder="说明"]').fill('市政府下达');
    await form.locator('button[type="submit"]').click();
    await expect.poll(async () => (await page.locator('[data-testid="area-targets-table"]').textContent()) ?? '', { timeout: 30_000 }).toContain('银川市');
    expect(await page.locator('[data-testid="area-targets-table"]').textContent()).toContain('400家');

    await page.goto(`/packs/${packId}/dashboard?org=640100&as_of=2023`);
    const own = page.locator('[data-testid="target-card"][data-indicator="national_hte"]');
    await own.waitFor();
    await expect.poll(async () => own.locator('[data-testid="target-card-target"]').textContent(), { timeout: 30_000 }).toBe('不低于400家');
    expect(await own.locator('[data-testid="target-card-source"]').textContent()).toMatch(/^由 coordinator-targets 于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）设定：市政府下达$/);
    expect(pageErrors).toEqual([]);
  });
});
