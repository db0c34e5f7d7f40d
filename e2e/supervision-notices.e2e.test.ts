/**
 * 督办单 and 考核 in a real browser (issue 14): the coordinator issues a supervision notice to the
 * finance department with a deadline; the department's reporter finds it and answers it; the
 * coordinator sees it answered and closes it (办结). The assessment page then ranks the units, the
 * finance department among them, and its 督查通报 downloads as Excel.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../src/server/start-platform.ts';
import { openPage, screenshotDir } from './support/browser.ts';
import { firstSignIn, startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  environment = await startE2eEnvironment('notices', { demoRegistryEnterprises: 5 });
  ({ platform, browser } = environment);
}, 240_000);

afterAll(async () => {
  await environment?.close();
});

const subject = '关于加快科技专项资金拨付进度的督办';

/** Clicks the open dialog's OK and waits for the request it sends, which must succeed. */
async function confirmDialog(page: Page, method: string, path: RegExp): Promise<void> {
  const answered = page.waitForResponse((response) => response.request().method() === method && path.test(new URL(response.url()).pathname), { timeout: 30_000 });
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  const response = await answered;
  expect(response.status(), await response.text()).toBe(200);
}

function noticeRow(page: Page) {
  return page.locator('[data-testid="notice-table"] tbody tr', { hasText: subject });
}

describe('督办单 and 考核', () => {
  it('the coordinator issues a notice, the unit answers it, the coordinator closes it; the assessment ranks the units', async () => {
    // --- the coordinator issues a 督办单 to 财政厅
    const coordinator = await openPage(browser, platform.url);
    await firstSignIn(coordinator.page, environment.demoAccount('coordinator'), 'Xietiao#Duban2026ok');
    await coordinator.page.goto('/supervision/notices');
    await coordinator.page.locator('[data-testid="notice-issue"]').click();
    const dialog = coordinator.page.locator('.ant-modal');
    await dialog.locator('[data-testid="notice-assignee"]').click();
    await coordinator.page.keyboard.type('财政厅');
    await coordinator.page.locator('.ant-select-item-option').filter({ hasText: /^财政厅$/ }).first().click();
    await dialog.getByLabel('标题').fill(subject);
    await dialog.getByLabel('督办内容').fill('请于期限内报送专项资金拨付进度及存在的问题。');
    await confirmDialog(coordinator.page, 'POST', /^\/api\/notices$/);

    // --- the finance department's reporter finds it among its notices and answers it
    const unit = await openPage(browser, platform.url);
    await firstSignIn(unit.page, environment.demoAccount('unit_reporter'), 'Caizheng#Duban2026ok');
    await unit.page.goto('/supervision/notices?tab=all');
    const received = noticeRow(unit.page);
    await received.waitFor({ timeout: 30_000 });
    await received.locator('[data-testid="notice-respond"]').click();
    await unit.page.locator('[data-testid="notice-response-text"]').fill('已拨付专项资金 1,200 万元，剩余部分本月底前拨付完毕。');
    await confirmDialog(unit.page, 'POST', /^\/api\/notices\/[^/]+\/respond$/);

    // --- the coordinator sees it answered and closes it
    await coordinator.page.goto('/supervision/notices?tab=answered');
    const answered = noticeRow(coordinator.page);
    await answered.waitFor({ timeout: 30_000 });
    await coordinator.page.screenshot({ path: join(screenshotDir, 'notices-answered.png'), fullPage: true });
    await answered.locator('[data-testid="notice-close"]').click();
    await confirmDialog(coordinator.page, 'POST', /^\/api\/notices\/[^/]+\/close$/);
    await coordinator.page.goto('/supervision/notices?tab=all');
    await expect.poll(async () => noticeRow(coordinator.page).innerText().catch(() => ''), { timeout: 30_000 }).toContain('已办结');

    // --- the assessment ranks the units, 财政厅 among them, and its 督查通报 downloads as Excel
    await coordinator.page.goto('/supervision/assessment');
    const units = coordinator.page.locator('[data-testid="assessment-units"]');
    await units.locator('tbody tr', { hasText: '财政厅' }).first().waitFor({ timeout: 60_000 });
    await coordinator.page.screenshot({ path: join(screenshotDir, 'assessment.png'), fullPage: true });
    const href = await coordinator.page.locator('[data-testid="assessment-xlsx"]').getAttribute('href');
    const workbook = await coordinator.page.request.get(new URL(href!, platform.url).toString());
    expect(workbook.status()).toBe(200);
    expect(workbook.headers()['content-type']).toContain('spreadsheetml');

    for (const { pageErrors } of [coordinator, unit]) expect(pageErrors).toEqual([]);
  });
});
