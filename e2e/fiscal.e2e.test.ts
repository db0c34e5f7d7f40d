/**
 * 财政测算 in a real browser (issue 13), from a fresh demo start: the coordinator opens the page
 * from the menu, sees the overview with its charts, raises the first-above-scale award's rate
 * from 20% to 25% in the what-if, sees the cost difference the API computes, and saves the
 * what-if as a named scenario, which is listed.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhatIfResult } from '../src/fiscal/fiscal-contract.ts';
import { currentYear } from '../src/shared/clock.ts';
import type { RunningPlatform } from '../src/server/start-platform.ts';
import { openPage, screenshotDir } from './support/browser.ts';
import { firstSignIn, startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  environment = await startE2eEnvironment('fiscal', { demoRegistryEnterprises: 60 });
  ({ platform, browser } = environment);
}, 240_000);

afterAll(async () => {
  await environment?.close();
});

const award = 'ningxia-2022.first-above-scale-rd-award';
/** The Ningxia opinions run 2022–2025: the what-if year is this year, or 2025 once they have run out. */
const whatIfYear = Math.min(currentYear(new Date()), 2025);

describe('财政测算', () => {
  it('runs a what-if on the award rate and saves it as a scenario', async () => {
    const { page } = await openPage(browser, platform.url);
    await firstSignIn(page, environment.demoAccount('coordinator'), 'Caizheng#Fiscal2026ok');
    await page.locator('[data-testid="side-menu"] a[data-menu="fiscal"]').click();
    await page.waitForURL((url) => url.pathname === '/fiscal');
    await page.locator('[data-testid="fiscal-overview"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="fiscal-chart-incentive"] canvas').waitFor();

    const panel = page.locator('[data-testid="what-if-panel"]');
    const year = panel.getByRole('spinbutton', { name: '测算年度' });
    await year.fill(String(whatIfYear));
    await year.press('Tab');
    await panel.locator('[data-testid="override-incentive"]').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '首次达到规模以上工业企业研发投入奖补' }).click();
    await panel.locator('[data-testid="override-parameter"]').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '奖补比例' }).click();
    await panel.locator('[data-testid="override-value"]').fill('0.25');
    await panel.locator('[data-testid="run-what-if"]').click();
    const result = panel.locator('[data-testid="what-if-result"]');
    await result.waitFor({ timeout: 60_000 });

    // The same what-if through the API (a POST needs the session's CSRF token, read from its cookie).
    const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'kc_csrf')?.value ?? '';
    const expected = (await (await page.request.post('/api/fiscal/what-if', { data: { year: whatIfYear, overrides: { [award]: { rate: '0.25' } } }, headers: { 'x-csrf-token': csrf } })).json()) as WhatIfResult;
    expect(Number(expected.difference_total)).toBeGreaterThan(0);
    const wan = (Number(expected.difference_total) / 10_000).toFixed(2);
    expect((await result.locator('[data-testid="what-if-difference"]').innerText()).replace(/,/g, '')).toContain(wan);
    expect(await result.locator('[data-testid="what-if-changes"] tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, 'fiscal-what-if.png'), fullPage: true });

    await panel.locator('[data-testid="scenario-name"]').fill('奖补比例25%');
    await panel.locator('[data-testid="save-scenario"]').click();
    await page.locator('[data-testid="scenario-list"] tbody tr', { hasText: '奖补比例25%' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="scenario-list"] tbody tr', { hasText: '奖补比例25%' }).innerText()).toContain(wan);
  }, 180_000);
});
