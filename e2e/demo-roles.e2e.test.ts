/**
 * The demo as its accounts meet it on a fresh start (`npm start` on an empty data folder: demo
 * accounts and a generated synthetic register). The enterprise account, after its first-login
 * password change, opens 我的企业 on its own firm — certificates, three years of financials —
 * rather than "not found". The coordinator's 企业库 counts every enterprise (beyond 1,000) and pages
 * to the last; 技术合同 and 输出/吸纳 state their money unit once, cells numbers only.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCreditCode } from '../src/accounts/create-demo-accounts.ts';
import type { DemoAccount } from '../src/accounts/create-demo-accounts.ts';
import { type RunningPlatform } from '../src/server/start-platform.ts';
import { openPage, screenshotDir } from './support/browser.ts';
import { firstSignIn, startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

const enterprises = 1_100;

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  // As `kechuang serve --demo` starts, with a register of enterprises.
  environment = await startE2eEnvironment('demo', { demoRegistryEnterprises: enterprises });
  ({ platform, browser } = environment);
}, 240_000);

afterAll(async () => {
  await environment?.close();
});

function demoAccount(role: DemoAccount['role']): DemoAccount {
  return environment.demoAccount(role);
}


/** How often a text occurs in the visible text of a locator. */
const occurrences = (text: string, word: string) => text.split(word).length - 1;

describe('the demo from a fresh start', () => {
  it('opens 我的企业 of the demo enterprise account on its own synthetic firm, with certificates and three years of financials', async () => {
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    await firstSignIn(page, demoAccount('enterprise_user'), 'Qiye#Demo2026ok');
    await page.locator('[data-testid="side-menu"] a[data-menu="myEnterprise"]').click();
    await page.waitForURL((url) => url.pathname === `/registry/enterprises/${demoCreditCode}`);
    const name = page.locator('[data-testid="enterprise-name"]');
    await name.waitFor();
    expect(await name.textContent()).toContain('合成·');
    expect(await name.textContent()).toContain('合成数据');
    await page.locator('[data-testid="certification-valid"]').first().waitFor();
    const yearRows = page.locator('[data-testid="enterprise-years"] tbody tr.ant-table-row');
    expect(await yearRows.count()).toBe(3);
    // The years table states its money unit once; its headers carry none.
    const years = page.locator('[data-testid="enterprise-years"]');
    expect(await years.locator('[data-testid="money-unit"]').textContent()).toBe('金额单位：元');
    expect(occurrences(await years.locator('thead').innerText(), '元')).toBe(0);
    await page.screenshot({ path: join(screenshotDir, 'demo-my-enterprise.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('shows the coordinator every enterprise of the register, pages to the last, and one money unit per table', async () => {
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    await firstSignIn(page, demoAccount('coordinator'), 'Xietiao#Demo2026ok');

    await page.goto('/registry/enterprises');
    const total = page.locator('.ant-pagination-total-text');
    await total.waitFor();
    expect(await total.textContent()).toBe(`共 ${enterprises} 项`);
    // The last page (20 a page): 1,081–1,100, beyond the old stop at 1,000 (50 pages).
    await page.goto('/registry/enterprises?page=55');
    await page.locator('[data-testid="enterprises-table"] tbody tr.ant-table-row').first().waitFor();
    expect(await page.locator('[data-testid="enterprises-table"] tbody tr.ant-table-row').count()).toBe(20);
    expect(await page.locator('.ant-pagination-item-55').count()).toBe(1);

    // 技术合同: 万元 once, above the table; the cells are numbers.
    await page.goto('/registry/contracts');
    const contracts = page.locator('[data-testid="contracts-table"]');
    await contracts.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await contracts.locator('[data-testid="money-unit"]').textContent()).toBe('金额单位：万元');
    expect(occurrences(await page.locator('.app-content').innerText(), '万元')).toBe(1);
    const amount = await contracts.locator('tbody tr.ant-table-row').first().locator('.registry-number').first().innerText();
    expect(amount).toMatch(/^[\d,]+\.\d{2}$/);

    // 输出/吸纳: 亿元 once.
    await page.locator('[data-testid="turnover-tab"]').click();
    const turnover = page.locator('[data-testid="turnover-table"]');
    await turnover.locator('[data-testid="turnover-total"]').waitFor();
    expect(await turnover.locator('[data-testid="money-unit"]').textContent()).toBe('金额单位：亿元');
    expect(occurrences(await turnover.innerText(), '亿元')).toBe(1);
    await page.screenshot({ path: join(screenshotDir, 'demo-turnover.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
