/**
 * 奖励台账 in a real browser (issue 13): awards proposed as a screening run would (through the use
 * case), the coordinator confirms two candidates and publishes the 公示 from the page, approves
 * awards whose notice ended (announced ten days ago through the use cases, as the clock cannot be
 * moved in a browser), records a payment in the dialog, and the demo enterprise sees its award as
 * paid on its workbench. The public 公示 page lists names and amounts without signing in.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, demoCreditCode, findUserByUsername, loadPermissionTable, noOrigin } from '../src/accounts/index.ts';
import { confirmAwards, proposeAwardCandidates, publishAwardNotice, type AwardCandidate } from '../src/awards/index.ts';
import { type RunningPlatform } from '../src/server/start-platform.ts';
import { openPage, screenshotDir } from './support/browser.ts';
import { firstSignIn, startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

const yearly = 'ningxia-2022.hte-post-subsidy';
const oneTime = 'ningxia-2022.first-above-scale-rd-award';
const candidate = (code: string, name: string, incentive: string, amount: string): AwardCandidate => ({ enterprise_id: code, credit_code: code, name, area_code: '640104', incentive_id: incentive, pack_id: 'ningxia-2022-st-action', year: 2025, amount, run_id: 'e2e-run' });

beforeAll(async () => {
  environment = await startE2eEnvironment('awards', { demoRegistryEnterprises: 20 });
  ({ platform, browser } = environment);
  // The demo enterprise's award, announced ten days ago: its notice has ended.
  const db = platform.database.db;
  const coordinator = actorOf((await findUserByUsername(db, environment.demoAccount('coordinator').username))!);
  const permissions = await loadPermissionTable(db);
  const options = (now: Date) => ({ actor: coordinator, permissions, origin: noOrigin, now });
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
  const old = await proposeAwardCandidates(db, coordinator, [candidate(demoCreditCode, '示范企业', oneTime, '246913.58')], tenDaysAgo);
  await confirmAwards(db, old.created, options(tenDaysAgo));
  await publishAwardNotice(db, { title: '上批公示', ids: old.created, notice_days: 3 }, options(tenDaysAgo));
  // Two fresh candidates for the page to confirm and announce.
  await proposeAwardCandidates(db, coordinator, [candidate('91640104E2EAWARD01', '甲测试公司', yearly, '100000'), candidate('91640104E2EAWARD02', '乙测试公司', yearly, '50000.5')], new Date());
}, 240_000);

afterAll(async () => {
  await environment?.close();
});

describe('奖励台账', () => {
  it('confirms candidates, publishes the 公示, approves, records a payment, and the enterprise sees its award paid', async () => {
    const { page } = await openPage(browser, platform.url);
    await firstSignIn(page, environment.demoAccount('coordinator'), 'Jiangli#Award2026ok');
    await page.locator('[data-testid="side-menu"] a[data-menu="awards"]').click();
    await page.waitForURL((url) => url.pathname === '/awards');
    // 候选: confirm both.
    await page.locator('tr', { hasText: '甲测试公司' }).locator('input[type="checkbox"]').check();
    await page.locator('tr', { hasText: '乙测试公司' }).locator('input[type="checkbox"]').check();
    await page.locator('[data-testid="awards-confirm"]').click();
    // Confirmed: both leave the 候选 list (the message that says so lasts only seconds).
    await page.locator('tr', { hasText: '甲测试公司' }).waitFor({ state: 'hidden' });
    await page.locator('tr', { hasText: '乙测试公司' }).waitFor({ state: 'hidden' });
    // 已确认: publish them in a 公示 of five working days.
    await page.locator('[data-testid="awards-tab-confirmed"]').click();
    await page.locator('tr', { hasText: '甲测试公司' }).locator('input[type="checkbox"]').check();
    await page.locator('tr', { hasText: '乙测试公司' }).locator('input[type="checkbox"]').check();
    await page.locator('[data-testid="awards-publish"]').click();
    await page.getByRole('dialog').getByRole('button', { name: /发\s*布/ }).click();
    // Published: the dialog closes and both leave the 已确认 list.
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.locator('tr', { hasText: '甲测试公司' }).waitFor({ state: 'hidden' });
    // 公示中: the old notice has ended, its award may be approved.
    await page.locator('[data-testid="awards-tab-announced"]').click();
    const oldRow = page.locator('tr', { hasText: '示范企业' });
    await oldRow.locator('input[type="checkbox"]').check();
    await page.locator('[data-testid="awards-approve"]').click();
    // Approved: it leaves the 公示中 list.
    await oldRow.waitFor({ state: 'hidden' });
    // 已批准拨付: record the payment.
    await page.locator('[data-testid="awards-tab-approved"]').click();
    await page.locator('tr', { hasText: '示范企业' }).locator('[data-testid="award-pay"]').click();
    await page.locator('[data-testid="pay-reference"]').fill('宁财拨〔2026〕88号');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
    // The dialog closes once the payment is recorded (the message that says so lasts only seconds).
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.locator('[data-testid="awards-tab-paid"]').click();
    await page.locator('tr', { hasText: '示范企业' }).locator('[data-testid="award-history"]').click();
    await page.locator('[data-testid="award-history-drawer"]').getByText('宁财拨〔2026〕88号').first().waitFor();
    await page.screenshot({ path: join(screenshotDir, 'awards-ledger.png'), fullPage: true });

    // The public 公示, without signing in.
    const visitor = await openPage(browser, platform.url);
    await visitor.page.goto('/award-notices');
    await visitor.page.locator('[data-testid="public-notice"]').first().waitFor();
    const text = await visitor.page.locator('body').innerText();
    expect(text).toContain('甲测试公司');
    expect(text).toContain('50,000.50元');
    expect(text).not.toContain('91640104E2EAWARD01');

    // The enterprise's workbench: 我的奖励 shows it paid.
    const enterprise = await openPage(browser, platform.url);
    await firstSignIn(enterprise.page, environment.demoAccount('enterprise_user'), 'Qiye#Award2026ok');
    await enterprise.page.goto('/workspace');
    const card = enterprise.page.locator('[data-testid="my-awards"]');
    await card.locator('[data-state="paid"]').waitFor();
    expect(await card.innerText()).toContain('已拨付');
    await enterprise.page.screenshot({ path: join(screenshotDir, 'awards-workbench.png'), fullPage: true });
  });
});
