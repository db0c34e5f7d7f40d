/**
 * 创新指数 in a real browser (issue 15), from a fresh demo start (whose demo values give the
 * Ningxia cities and counties something to rank): a visitor opens the page from the menu, sees
 * the Ningxia areas' ranking as the API computes it, with its charts and the demo warning, and
 * opens 兴庆区's score onto its inputs: the indicators, the raw values with their sources, and the
 * step that changed them.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexResultDto } from '../src/innovation-index/innovation-index-contract.ts';
import type { RunningPlatform } from '../src/server/start-platform.ts';
import { openPage, screenshotDir } from './support/browser.ts';
import { startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  // Demo mode (accounts and the index's demo values), no synthetic registry.
  environment = await startE2eEnvironment('innovation-index', { demoRegistryEnterprises: 0 });
  ({ platform, browser } = environment);
}, 240_000);

afterAll(async () => {
  await environment?.close();
});

describe('创新指数', () => {
  it('shows the ranking and opens a unit’s inputs', async () => {
    const { page, pageErrors } = await openPage(browser, platform.url);
    const expected = (await (await page.request.get('/api/innovation-index/specs/ningxia-areas')).json()) as IndexResultDto;
    expect(expected.year).not.toBeNull();
    const first = expected.ranking[0]!;

    await page.goto('/');
    await page.locator('[data-testid="side-menu"] a[data-menu="innovation-index"]').click();
    await page.waitForURL((url) => url.pathname === '/innovation-index');
    const ranking = page.locator('[data-testid="index-ranking"]');
    await ranking.locator('tbody tr[data-unit]').first().waitFor({ timeout: 60_000 });
    // The Ningxia areas' index opens first, on its latest year, best first.
    expect(await page.locator('[data-testid="index-spec"]').innerText()).toContain('宁夏市县综合科技创新指数');
    expect(await page.locator('[data-testid="index-year"]').innerText()).toContain(String(expected.year));
    expect(await ranking.locator('tbody tr[data-unit]').count()).toBe(expected.ranking.length);
    const firstRow = ranking.locator('tbody tr[data-unit]').first();
    expect(await firstRow.getAttribute('data-unit')).toBe(first.unit);
    expect(await firstRow.innerText()).toContain(first.name.zh);
    expect(await firstRow.innerText()).toContain(first.score!.toFixed(2));
    await page.locator('[data-testid="index-demo-warning"]').waitFor();
    await page.locator('[data-testid="index-bar"] canvas').waitFor();
    await page.locator('[data-testid="index-radar"] canvas').waitFor();
    await page.locator('[data-testid="index-trend"] canvas').waitFor();

    // 兴庆区's score opens onto its inputs.
    await page.locator('[data-testid="index-score-640104"]').click();
    const inputs = page.locator('[data-testid="index-inputs"]');
    await inputs.waitFor({ timeout: 60_000 });
    const text = await inputs.innerText();
    expect(text).toContain('每万人国家高新技术企业数');
    expect(text).toContain('创新主体');
    expect(text).toContain('演示数据');
    expect(await inputs.locator('[data-testid="index-changes-national_hte"]').innerText()).toContain('除以常住人口');
    await page.screenshot({ path: join(screenshotDir, 'innovation-index.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
