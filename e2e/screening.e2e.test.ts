/**
 * 免申即享筛查 in a real browser, from a fresh demo start: the coordinator opens the page from the
 * menu, starts a run for the award's year, watches the live progress reach 已完成, reads the
 * totals, filters the results by status, and sees the firms with what they miss in Chinese. Then
 * the money (issue 13's browser test): the run's eligible awards are proposed to the ledger, the
 * coordinator confirms two candidates and publishes the 公示, approves the demo enterprise's award
 * once the notice period has passed, records the payment, and the enterprise sees it paid.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCreditCode } from '../src/accounts/create-demo-accounts.ts';
import { sql } from 'drizzle-orm';
import type { AwardPage } from '../src/awards/awards-contract.ts';
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

    // 免申即享 → 奖励台账: the run's eligible awards become candidates; two are confirmed and announced.
    await page.locator('[data-testid="screening-propose-awards"]').click();
    await page.locator('[data-testid="screening-proposed"]').waitFor();
    const candidates = (await (await page.request.get(`/api/awards?state=candidate&page_size=500`)).json()) as AwardPage;
    const ownAward = candidates.awards.find((candidate) => candidate.credit_code === demoCreditCode && candidate.incentive_id === award);
    const other = candidates.awards.find((candidate) => candidate.credit_code !== demoCreditCode);
    expect(ownAward, 'the demo enterprise is proposed its first above-scale award').toBeDefined();
    expect(other, 'another firm is proposed an award').toBeDefined();
    const rowOf = (candidate: NonNullable<typeof ownAward>) => page.locator('tr', { hasText: candidate.enterprise_name }).filter({ hasText: candidate.incentive_title });
    await page.locator('[data-testid="side-menu"] a[data-menu="awards"]').click();
    await page.waitForURL((url) => url.pathname === '/awards');
    for (const candidate of [ownAward!, other!]) await rowOf(candidate).first().locator('input[type="checkbox"]').check();
    await page.locator('[data-testid="awards-confirm"]').click();
    await page.getByText('已确认2项奖励').waitFor();
    await page.locator('[data-testid="awards-tab-confirmed"]').click();
    for (const candidate of [ownAward!, other!]) await rowOf(candidate).first().locator('input[type="checkbox"]').check();
    await page.locator('[data-testid="awards-publish"]').click();
    await page.getByRole('dialog').getByRole('button', { name: /发\s*布/ }).click();
    await page.getByText('公示已发布').waitFor();

    // The 公示 runs five working days; the clock cannot move in a browser, so the test dates the
    // notice back as if they had passed, then the coordinator approves and records the payment.
    await platform.database.db.execute(sql`update award_notices set published_at = published_at - interval '20 days', ends_on = ends_on - 20`);
    await page.reload();
    await page.locator('[data-testid="awards-tab-announced"]').click();
    await rowOf(ownAward!).first().locator('input[type="checkbox"]').check();
    await page.locator('[data-testid="awards-approve"]').click();
    await page.getByText('已批准1项奖励拨付').waitFor();
    await page.locator('[data-testid="awards-tab-approved"]').click();
    await rowOf(ownAward!).first().locator('[data-testid="award-pay"]').click();
    await page.locator('[data-testid="pay-reference"]').fill('宁财拨〔2026〕12号');
    // The dialog closes once the payment is recorded (the message that says so lasts only seconds);
    // a click on 确定 that lands while the dialog still animates in is tried again.
    const dialog = page.getByRole('dialog');
    await expect
      .poll(
        async () => {
          if (await dialog.isVisible()) await dialog.getByRole('button', { name: /确\s*定|OK/ }).click({ timeout: 2_000 }).catch(() => undefined);
          return dialog.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => 'closed', () => 'open');
        },
        { timeout: 30_000 },
      )
      .toBe('closed');
    await page.screenshot({ path: join(screenshotDir, 'screening-awards-paid.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.context().close();

    // The enterprise sees its award paid on its workbench.
    const enterprise = await openPage(browser, platform.url);
    await firstSignIn(enterprise.page, environment.demoAccount('enterprise_user'), 'Qiye#Shaicha2026ok');
    await enterprise.page.goto('/workspace');
    const card = enterprise.page.locator('[data-testid="my-awards"]');
    await card.locator('[data-state="paid"]').waitFor();
    expect(await card.innerText()).toContain('已拨付');
    await enterprise.page.context().close();
  }, 240_000);
});
