/**
 * 导出任务 in a real browser (issue 13): the coordinator asks for the fiscal overview in the
 * background from the fiscal page, opens 导出任务 from the menu, sees the report become done
 * (the page polls) and downloads the workbook.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../src/server/start-platform.ts';
import { openPage, screenshotDir } from './support/browser.ts';
import { firstSignIn, startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  environment = await startE2eEnvironment('reports', { demoRegistryEnterprises: 20 });
  ({ platform, browser } = environment);
}, 240_000);

afterAll(async () => {
  await environment?.close();
});

describe('导出任务', () => {
  it('generates the fiscal overview in the background and downloads it once done', async () => {
    const { page, pageErrors } = await openPage(browser, platform.url);
    await firstSignIn(page, environment.demoAccount('coordinator'), 'Daochu#Exports2026ok');
    await page.locator('[data-testid="side-menu"] a[data-menu="fiscal"]').click();
    await page.waitForURL((url) => url.pathname === '/fiscal');
    await page.locator('[data-testid="fiscal-overview"]').waitFor({ timeout: 60_000 });
    const asked = page.waitForResponse((response) => response.url().endsWith('/api/reports') && response.request().method() === 'POST');
    await page.locator('[data-testid="background-report"]').click();
    expect((await asked).status()).toBe(202);
    await page.screenshot({ path: join(screenshotDir, 'reports-requested.png') });

    // Not through the notification (it closes by itself): the menu entry leads to the same page.
    await page.locator('[data-testid="side-menu"] a[data-menu="reports"]').click();
    await page.waitForURL((url) => url.pathname === '/reports');
    const table = page.locator('[data-testid="reports-table"]');
    await table.locator('[data-testid="report-state-done"]').waitFor({ timeout: 60_000 });
    expect(await table.locator('tbody tr').first().innerText()).toContain('财政测算总览（Excel）');
    await page.screenshot({ path: join(screenshotDir, 'reports.png'), fullPage: true });
    const download = page.waitForEvent('download');
    await table.locator('[data-testid="report-download"]').first().click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);

    // The evaluation page asks for its table (Excel) in the background too, beside the Word report.
    await page.goto('/packs/ningxia-2022-st-action/evaluation');
    const askedTable = page.waitForResponse((response) => response.url().endsWith('/api/reports') && response.request().method() === 'POST');
    await page.locator('[data-testid="background-workbook"]').click();
    const tableRequest = await askedTable;
    expect(tableRequest.status()).toBe(202);
    expect(JSON.parse(tableRequest.request().postData() ?? '{}')).toMatchObject({ kind: 'evaluation.workbook', params: { pack: 'ningxia-2022-st-action' } });
    await page.locator('[data-testid="side-menu"] a[data-menu="reports"]').click();
    await expect.poll(async () => table.locator('tbody tr').first().innerText(), { timeout: 60_000 }).toContain('目标评估表（Excel）');
    await table.locator('tbody tr').first().locator('[data-testid="report-state-done"]').waitFor({ timeout: 60_000 });

    // The innovation index page asks for its Excel in the background as well.
    await page.goto('/innovation-index');
    const askedIndex = page.waitForResponse((response) => response.url().endsWith('/api/reports') && response.request().method() === 'POST');
    await page.locator('[data-testid="index-background-xlsx"]').click();
    const indexRequest = await askedIndex;
    expect(indexRequest.status()).toBe(202);
    expect(JSON.parse(indexRequest.request().postData() ?? '{}')).toMatchObject({ kind: 'innovation_index.workbook', params: { spec: 'ningxia-areas' } });
    await page.locator('[data-testid="side-menu"] a[data-menu="reports"]').click();
    await expect.poll(async () => table.locator('tbody tr').first().innerText(), { timeout: 60_000 }).toContain('创新指数测算表（Excel）');
    await table.locator('tbody tr').first().locator('[data-testid="report-state-done"]').waitFor({ timeout: 60_000 });
    expect(pageErrors).toEqual([]);
  });
});
