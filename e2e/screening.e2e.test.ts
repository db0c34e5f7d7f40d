/**
 * 免申即享筛查 in a real browser, from a fresh demo start: the coordinator opens the page from the
 * menu, starts a run for the award's year, watches the live progress reach 已完成, reads the
 * totals, filters the results by status, and sees the firms with what they miss in Chinese.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCreditCode } from '../src/accounts/create-demo-accounts.ts';
import type { ScreeningResultPage, ScreeningRunList } from '../src/screening/screening-contract.ts';
import { currentYear } from '../src/shared/clock.ts';
import type { RunningPlatform } from '../src/server/start-platform.ts';
import { openPage, screenshotDir } from './support/browser.ts';
import { firstSignIn, startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  environment = await startE2eEnvironment('screening', { demoRegistryEnterprises: 60 });
  ({ platform, browser } = environment);
}, 240_000);

afterAll(async () => {
  await environment?.close();
});

const award = 'ningxia-2022.first-above-scale-rd-award';
const awardYear = Math.min(currentYear(new Date()), 2025);

describe('免申即享筛查', () => {
  it('starts a run, follows its progress to the end, and lists the results with what is missing', async () => {
    const { page, pageErrors } = await openPage(browser, platform.url);
    await firstSignIn(page, environment.demoAccount('coordinator'), 'Shaicha#Screen2026ok');
    await page.locator('[data-testid="side-menu"] a[data-menu="screening"]').click();
    await page.waitForURL((url) => url.pathname === '/screening');
    const year = page.getByRole('spinbutton', { name: '年度' });
    await year.fill(String(awardYear));
    await page.locator('[data-testid="screening-start"]').click();
    // The run opens below; its progress is polled until the state says 已完成.
    const progress = page.locator('[data-testid="screening-progress"]');
    await progress.getByText('已完成').waitFor({ timeout: 60_000 });
    await expect(progress.innerText()).resolves.toMatch(/(\d+) \/ \1 家企业/);
    await page.locator('[data-testid="screening-totals"]').waitFor();

    // The same run through the API, to know what the table must show.
    const runs = (await (await page.request.get('/api/screening/runs')).json()) as ScreeningRunList;
    const run = runs.runs[0]!;
    expect(run).toMatchObject({ state: 'done', year: awardYear });
    const own = (await (await page.request.get(`/api/screening/runs/${run.id}/results?incentive=${award}&q=${demoCreditCode}`)).json()) as ScreeningResultPage;
    expect(own.results[0]).toMatchObject({ status: 'eligible' });

    await page.locator('[data-testid="screening-status-filter"]').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '需补充信息' }).click();
    const needsInfo = (await (await page.request.get(`/api/screening/runs/${run.id}/results?status=needs_info&limit=1`)).json()) as ScreeningResultPage;
    const table = page.locator('[data-testid="screening-results"]');
    if (needsInfo.total > 0) {
      const first = needsInfo.results[0]!;
      await table.getByText(first.missing_labels[0]!).first().waitFor();
      expect(await table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
      await expect(table.innerText()).resolves.not.toContain('符合\n');
    }
    expect(await page.locator('[data-testid="screening-export"]').getAttribute('href')).toBe(`/api/screening/runs/${run.id}/results.xlsx?status=needs_info`);
    await page.screenshot({ path: join(screenshotDir, 'screening-run.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 240_000);
});
