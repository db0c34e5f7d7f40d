/**
 * 政策计算器 in a real browser, from a fresh start (the demo accounts and a generated synthetic
 * register, as `kechuang serve --demo` starts): the demo enterprise user opens its calculator from
 * the menu, chooses the award's year, sees the first above-scale award (（七）) with its amount in 万元 and its clause, then
 * changes a figure in the what-if — clears last year's R&D — recalculates, and sees the award's
 * status change to 需补充信息 with the missing figure named in Chinese. Nothing was saved: the
 * page opened again shows the registry's result.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCreditCode, type DemoAccount } from '../src/accounts/create-demo-accounts.ts';
import type { EnterpriseCalc } from '../src/incentives/calculator-contract.ts';
import { currentYear } from '../src/shared/clock.ts';
import { type RunningPlatform } from '../src/server/start-platform.ts';
import { openPage, screenshotDir } from './support/browser.ts';
import { firstSignIn, startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  // As `kechuang serve --demo` starts, with a register of 60.
  environment = await startE2eEnvironment('calculator', { demoRegistryEnterprises: 60 });
  ({ platform, browser } = environment);
}, 240_000);

afterAll(async () => {
  await environment?.close();
});

function demoAccount(role: DemoAccount['role']): DemoAccount {
  return environment.demoAccount(role);
}


const award = 'ningxia-2022.first-above-scale-rd-award';
/** The demo firm first became above-scale this year, or in 2025 once the Ningxia opinions (2022–2025) have run out. */
const awardYear = Math.min(currentYear(new Date()), 2025);

describe('政策计算器', () => {
  it('shows the demo enterprise its award with amount and clause, and a what-if that changes the status without saving', async () => {
    const opened = await openPage(browser, platform.url);
    const { page } = opened;
    await firstSignIn(page, demoAccount('enterprise_user'), 'Jisuan#Calc2026ok');
    // What the registry says, through the same API the page reads.
    const expected = (await (await page.request.get(`/api/calc/enterprises/${demoCreditCode}?year=${awardYear}`)).json()) as EnterpriseCalc;
    const expectedAward = expected.benefits.find((benefit) => benefit.incentive === award);
    expect(expectedAward).toMatchObject({ status: 'eligible' });
    const lastYear = String(expected.year - 1);

    await page.locator('[data-testid="side-menu"] a[data-menu="calculator"]').click();
    await page.waitForURL((url) => url.pathname === '/calculator');
    await page.locator('[data-testid="calc-enterprise"]').waitFor({ timeout: 30_000 });
    // The page opens on this year; the award's year is chosen as a person would.
    const yearInput = page.getByRole('spinbutton', { name: '计算年度' });
    if ((await yearInput.inputValue()) !== String(awardYear)) {
      // After 2025 the page says the Ningxia opinions are no longer in force and offers their last year.
      const notice = page.locator('[data-testid="calc-pack-not-in-force"]');
      await notice.waitFor({ timeout: 30_000 });
      expect(await notice.innerText()).toContain('2025-12-31');
      await notice.locator('[data-testid="calc-pack-year"]').click();
      await page.locator('[data-testid="calc-benefit-ningxia-2022.first-above-scale-rd-award"]').waitFor({ timeout: 30_000 });
      expect(await yearInput.inputValue()).toBe(String(awardYear));
    }
    const card = page.locator(`[data-testid="calc-benefit-${award}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('data-status')).toBe('eligible');
    expect(await card.locator('[data-testid="calc-status"]').innerText()).toBe('可享受');
    // The amount in the policy's unit (万元), to the 分, and the clause label with its title and a link to the text.
    const amount = await card.locator('[data-testid="calc-amount"]').innerText();
    expect(amount).toMatch(/万元/);
    const [whole = '', fraction = ''] = (expectedAward?.amount_text ?? '').split('.');
    expect(amount.replace(/,/g, '')).toContain(`${whole}.${fraction}元`);
    const clause = card.locator('[data-testid="calc-clause"] a.clause-link');
    expect(await clause.innerText()).toContain(expectedAward?.clause_label ?? '?');
    expect(await clause.getAttribute('href')).toBe(`/packs/ningxia-2022-st-action#clause-${expectedAward?.clause}`);
    expect(await page.locator('[data-testid="calc-what-if-note"]').innerText()).toContain('不会保存到登记库');
    // The pack's reading of "最高不超过200万元", in Chinese on a Chinese page.
    const reading = await card.locator('[data-testid="calc-interpretation"]').innerText();
    expect(reading).toMatch(/上限/);
    expect(reading).not.toMatch(/is a cap/);
    await page.screenshot({ path: join(screenshotDir, 'calculator-registry.png'), fullPage: true });

    // What-if: last year's R&D cleared — the award, 20 % of it, can no longer be computed.
    await page.locator(`[data-testid="whatif-${lastYear}-rd_expense"]`).fill('');
    await page.locator('[data-testid="whatif-recalculate"]').click();
    await page.locator('[data-testid="calc-source"]', { hasText: '试算结果（未保存）' }).waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('data-status')).toBe('needs_info');
    expect(await card.locator('[data-testid="calc-status"]').innerText()).toBe('需补充信息');
    expect(await card.locator('[data-testid="calc-missing"]').innerText()).toContain(`${lastYear}年研发费用`);
    await page.screenshot({ path: join(screenshotDir, 'calculator-what-if.png'), fullPage: true });

    // Nothing was saved: the registry's answer is unchanged.
    const again = (await (await page.request.get(`/api/calc/enterprises/${demoCreditCode}?year=${awardYear}`)).json()) as EnterpriseCalc;
    expect(again.benefits.find((benefit) => benefit.incentive === award)?.status).toBe('eligible');
    expect(again.profile.years[lastYear]?.rd_expense).toBe(expected.profile.years[lastYear]?.rd_expense);
    expect(opened.pageErrors).toEqual([]);
    expect(opened.consoleErrors).toEqual([]);
    await page.context().close();
  }, 300_000);
});
