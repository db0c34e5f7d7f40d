/**
 * Each role's main job from a fresh start (`npm start` on an empty data folder: the demo accounts
 * and a generated synthetic register), in a real browser: the enterprise sees its own enterprise;
 * the county reporter (兴庆区) submits a value; 银川市's leader finds it in 审核队列 and returns it
 * with a reason; the reporter sees 已退回 and the reason, corrects the value and submits it again;
 * the city leader passes it on; the coordinator approves it from the queue, and it is published.
 */
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCreditCode, type DemoAccount } from '../src/accounts/create-demo-accounts.ts';
import { type RunningPlatform } from '../src/server/start-platform.ts';
import { openPage, screenshotDir, type OpenedPage } from './support/browser.ts';
import { firstSignIn, startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  // As `kechuang serve --demo` starts, with a register of 200.
  environment = await startE2eEnvironment('journey', { demoRegistryEnterprises: 200 });
  ({ platform, browser } = environment);
}, 240_000);

afterAll(async () => {
  await environment?.close();
});

function demoAccount(role: DemoAccount['role']): DemoAccount {
  return environment.demoAccount(role);
}


const item = 'tech_smes|640104|2024';
const packId = 'ningxia-2022-st-action';

/** Fills the value and submits (saved as a draft on the way); a click that lands while the confirmation animates is tried again. */
async function submitValue(page: Page, value: string): Promise<void> {
  const row = page.locator('[data-testid="entry-table"] tr[data-row-key="tech_smes"]');
  const status = () => row.locator('[data-value-status]').getAttribute('data-value-status');
  await expect
    .poll(
      async () => {
        if ((await status()) === 'submitted') return 'submitted';
        const input = row.locator('[data-testid="entry-value-tech_smes"]');
        if ((await input.inputValue({ timeout: 2_000 }).catch(() => '')) !== value) await input.fill(value, { timeout: 2_000 }).catch(() => undefined);
        const confirm = page.locator('.ant-popconfirm:visible .ant-btn-primary');
        if (!(await confirm.isVisible())) await page.locator('[data-testid="submit-values"]').click({ timeout: 2_000 }).catch(() => undefined);
        const confirmed = await confirm.click({ timeout: 2_000 }).then(() => true, () => false);
        if (confirmed) await row.locator('[data-value-status="submitted"]').waitFor({ timeout: 10_000 }).catch(() => undefined);
        return status();
      },
      { timeout: 45_000 },
    )
    .toBe('submitted');
}

/** Opens 审核队列 from the menu (its badge counts what waits) and waits for the row of the journey's value. */
async function openQueue(page: Page, tab: 'review' | 'returned'): Promise<Locator> {
  await page.goto(tab === 'returned' ? '/data/review?tab=returned' : '/data/review');
  const row = page.locator(`[data-testid="queue-${tab}"] tr[data-row-key="${item}"]`);
  await row.waitFor({ timeout: 30_000 });
  return row;
}

/**
 * Returns the queue's row with a reason and waits for the server's answer, which must be a success.
 * A click on 退回 that lands while the dialog still animates in is tried again (the dialog stays
 * open then, and no request was sent).
 */
async function returnFromQueue(page: Page, row: Locator, reason: string): Promise<void> {
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/indicator-values/return', { timeout: 30_000 });
  await row.locator(`[data-testid="queue-return-${item}"]`).click();
  const reasonBox = page.locator('[data-testid="queue-return-reason"]');
  await reasonBox.fill(reason);
  const ok = page.locator('[data-testid="queue-return-ok"]');
  await expect
    .poll(
      async () => {
        if (await ok.isVisible()) await ok.click({ timeout: 2_000 }).catch(() => undefined);
        return ok.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => 'closed', () => 'open');
      },
      { timeout: 30_000 },
    )
    .toBe('closed');
  const response = await answered;
  expect(response.status(), await response.text()).toBe(200);
}

/** Approves (or passes on) the queue's row and waits for the server's answer, which must be a success. */
async function approveFromQueue(page: Page, row: Locator): Promise<void> {
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/indicator-values/approve', { timeout: 30_000 });
  await row.locator(`[data-testid="queue-approve-${item}"]`).click();
  const response = await answered;
  expect(response.status(), await response.text()).toBe(200);
}

function expectClean(...pages: OpenedPage[]): void {
  for (const { pageErrors, consoleErrors } of pages) {
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }
}

describe('each role’s main job from a fresh start', () => {
  it('shows the enterprise account its own enterprise', async () => {
    const enterprise = await openPage(browser, platform.url);
    await firstSignIn(enterprise.page, demoAccount('enterprise_user'), 'Qiye#Journey2026');
    await enterprise.page.locator('[data-testid="side-menu"] a[data-menu="myEnterprise"]').click();
    await enterprise.page.waitForURL((url) => url.pathname === `/registry/enterprises/${demoCreditCode}`);
    const name = enterprise.page.locator('[data-testid="enterprise-name"]');
    await name.waitFor();
    expect(await name.textContent()).toContain('合成·');
    expectClean(enterprise);
  });

  it('takes a county’s value through the city leader’s return, the reporter’s correction, the city’s pass and the coordinator’s approval', async () => {
    // The county reporter (兴庆区) lands on the workbench: 待办 and the reporting calendar, then submits.
    const reporter = await openPage(browser, platform.url);
    await firstSignIn(reporter.page, demoAccount('area_reporter'), 'Tianbao#Journey2026');
    await reporter.page.goto('/workspace');
    await reporter.page.locator('[data-testid="workspace-queues"]').waitFor();
    await reporter.page.locator('[data-testid="workspace-calendar"]').waitFor();
    // Values near last year's (the demo has 2023 figures for the counties): a jump beyond ×3 would need a comment.
    const lastYear = (await (await fetch(new URL(`/api/packs/${packId}/indicators/tech_smes/areas?parent=640100&period=2023`, platform.url))).json()) as { children: { org: string; value: number | null }[] };
    const base = lastYear.children.find((child) => child.org === '640104')?.value ?? 10;
    const [first, second] = [String(Math.round(base * 1.1) + 1), String(Math.round(base * 1.2) + 2)];
    await reporter.page.goto('/data/entry?org=640104&period=2024');
    await submitValue(reporter.page, first);
    expect(await reporter.page.locator('[data-testid="entry-status-tech_smes"]').innerText()).toContain('待市级审核');

    // 银川市's leader: the menu's badge counts it; 审核队列 lists it (area, indicator, period, value, who); returned with a reason.
    const leader = await openPage(browser, platform.url);
    await firstSignIn(leader.page, demoAccount('area_leader'), 'Fuze#Journey2026');
    await expect.poll(async () => leader.page.locator('[data-testid="review-badge"]').innerText().catch(() => ''), { timeout: 30_000 }).toBe('1');
    let row = await openQueue(leader.page, 'review');
    const text = await row.innerText();
    for (const part of ['兴庆区', '科技型中小企业', '2024', first, 'demo-area-reporter', '北京时间', '待市级审核']) expect(text).toContain(part);
    await returnFromQueue(leader.page, row, '与区统计快报不一致，请核对');
    await expect.poll(async () => leader.page.locator(`[data-testid="queue-review"] tr[data-row-key="${item}"]`).count(), { timeout: 30_000 }).toBe(0);

    // The reporter sees 已退回 with the reason, corrects the value and submits it again.
    row = await openQueue(reporter.page, 'returned');
    expect(await row.locator(`[data-testid="queue-reason-${item}"]`).innerText()).toBe('与区统计快报不一致，请核对');
    await row.locator(`[data-testid="queue-correct-${item}"]`).click();
    await reporter.page.waitForURL((url) => url.pathname === '/data/entry' && url.searchParams.get('org') === '640104' && url.searchParams.get('period') === '2024');
    const returned = reporter.page.locator('[data-testid="entry-returned-tech_smes"]');
    await returned.waitFor({ timeout: 30_000 });
    expect(await returned.innerText()).toContain('退回原因：与区统计快报不一致，请核对');
    expect(await reporter.page.locator('[data-testid="entry-table"] tr[data-row-key="tech_smes"] [data-value-status]').getAttribute('data-value-status')).toBe('returned');
    await reporter.page.screenshot({ path: join(screenshotDir, 'journey-returned.png'), fullPage: true });
    await submitValue(reporter.page, second);

    // The city leader passes it on to the region.
    row = await openQueue(leader.page, 'review');
    expect(await row.innerText()).toContain(second);
    await approveFromQueue(leader.page, row);
    await expect.poll(async () => leader.page.locator(`[data-testid="queue-review"] tr[data-row-key="${item}"]`).count(), { timeout: 30_000 }).toBe(0);

    // The coordinator approves it from the queue; it is published.
    const coordinator = await openPage(browser, platform.url);
    await firstSignIn(coordinator.page, demoAccount('coordinator'), 'Xietiao#Journey2026');
    row = await openQueue(coordinator.page, 'review');
    expect(await row.innerText()).toContain('待区级审核');
    await coordinator.page.screenshot({ path: join(screenshotDir, 'journey-coordinator-queue.png'), fullPage: true });
    await approveFromQueue(coordinator.page, row);
    await expect.poll(async () => coordinator.page.locator(`[data-testid="queue-review"] tr[data-row-key="${item}"]`).count(), { timeout: 30_000 }).toBe(0);
    const published = (await (await fetch(new URL(`/api/packs/${packId}/indicators/tech_smes/areas?parent=640100&period=2024`, platform.url))).json()) as { children: { org: string; value: number | null }[] };
    expect(published.children.find((child) => child.org === '640104')?.value).toBe(Number(second));

    expectClean(reporter, leader, coordinator);
  });
});
