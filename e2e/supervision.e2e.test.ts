/**
 * 督查督办 in a real browser across two accounts (issue 14's browser test): the finance
 * department's reporter fills in its report on a measure it leads (status, percent, narrative, an
 * evidence file) and submits it; the coordinator opens it from the review queue and returns it with
 * a comment; the reporter finds it under 已退回 with that reason, corrects it and resubmits; the
 * coordinator approves it; the report is then locked: no edit button, and the API refuses an edit
 * with 409.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../src/server/start-platform.ts';
import type { ReportDetail, Workbench } from '../src/supervision/supervision-contract.ts';
import { openPage, screenshotDir } from './support/browser.ts';
import { firstSignIn, startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  environment = await startE2eEnvironment('supervision', { demoRegistryEnterprises: 5 });
  ({ platform, browser } = environment);
}, 240_000);

afterAll(async () => {
  await environment?.close();
});

const returnComment = '完成比例与佐证材料不符，请补充资金拨付文号后重新报送';

async function csrfOf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((cookie) => cookie.name === 'kc_csrf')?.value ?? '';
}

describe('督查督办', () => {
  it('a unit submits, the coordinator returns, the unit resubmits, the coordinator approves, and the report is locked', async () => {
    // --- the unit (财政厅's reporter) fills in and submits its report
    const unit = await openPage(browser, platform.url);
    await firstSignIn(unit.page, environment.demoAccount('unit_reporter'), 'Caizheng#Duban2026ok');
    await unit.page.locator('[data-testid="side-menu"] a[data-menu="supervision-workbench"]').click();
    await unit.page.waitForURL((url) => url.pathname === '/supervision/workbench');
    const workbench = (await (await unit.page.request.get('/api/supervision/workbench')).json()) as Workbench;
    // The page opens on 已退回 when the demo data has a returned report: 待办 is a click away.
    await unit.page.locator('[data-testid="tab-due"]').click();
    const dueTable = unit.page.locator('[data-testid="work-due"]');
    // A measure it leads, among those the table shows on its first page.
    await dueTable.locator('tbody tr').first().waitFor();
    const shown = await dueTable.locator('tbody tr').allInnerTexts();
    const item = workbench.due.find((candidate) => candidate.role === 'lead' && candidate.assignee.id === 'finance-department' && shown.some((text) => text.includes(candidate.measure.title)));
    expect(item, 'the finance department leads a measure due this cycle').toBeDefined();
    const { measure, cycle } = item!;
    await dueTable.locator('tr', { hasText: measure.title }).first().locator('[data-testid="work-open"]').click();
    await unit.page.waitForURL((url) => url.pathname === `/supervision/measures/${measure.id}/cycles/${cycle.period}`);

    const own = unit.page.locator('[data-testid="own-report"]');
    await own.locator('[data-testid="report-edit"]').click();
    const form = own.locator('[data-testid="report-form"]');
    await form.getByLabel('进展状态').click();
    await unit.page.locator('.ant-select-item-option').filter({ hasText: '按计划推进' }).click();
    await form.getByLabel('完成比例（%）').fill('40');
    await form.getByLabel('进展情况').fill('已下达自治区本级科技经费，县（区）以奖代补资金正在拨付。');
    await form.locator('[data-testid="report-save"]').click();
    // Saved as a draft: the evidence upload opens, with the limits shown.
    await form.locator('[data-testid="evidence-upload"]').waitFor();
    await expect(form.locator('[data-testid="evidence-limits"]').innerText()).resolves.toContain('10.0 MB');
    await form.locator('input[type="file"]').setInputFiles({ name: '经费下达文件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n% 经费下达\n') });
    await form.locator('[data-testid="evidence-download"]').filter({ hasText: '经费下达文件.pdf' }).waitFor();
    await form.locator('[data-testid="report-submit"]').click();
    await own.locator('[data-testid="report-awaiting"]').waitFor();
    await expect(own.locator('[data-testid="report-edit"]').count()).resolves.toBe(0);

    // --- the coordinator returns it with a comment
    const coordinator = await openPage(browser, platform.url);
    await firstSignIn(coordinator.page, environment.demoAccount('coordinator'), 'Keji#Dubanshi2026ok');
    await coordinator.page.locator('[data-testid="side-menu"] a[data-menu="supervision-review"]').click();
    await coordinator.page.waitForURL((url) => url.pathname === '/supervision/review');
    const queueRow = coordinator.page.locator('[data-testid="review-queue"] tr', { hasText: measure.title }).filter({ hasText: '财政厅' });
    await queueRow.first().locator('[data-testid="review-open"]').click();
    await coordinator.page.waitForURL((url) => url.pathname === `/supervision/measures/${measure.id}/cycles/${cycle.period}`);
    const lead = coordinator.page.locator('[data-testid="lead-report"]');
    await lead.locator('[data-testid="evidence-download"]').filter({ hasText: '经费下达文件.pdf' }).waitFor();
    await lead.locator('[data-testid="review-return"]').click();
    const dialog = coordinator.page.getByRole('dialog');
    // A return needs a comment: an empty one is refused in the dialog.
    await dialog.locator('[data-testid="review-return-confirm"]').click();
    await dialog.getByText('退回须写明理由').waitFor();
    await dialog.locator('[data-testid="review-return-comment"]').fill(returnComment);
    await dialog.locator('[data-testid="review-return-confirm"]').click();
    await dialog.waitFor({ state: 'hidden' });
    await lead.locator('[data-state="returned"]').first().waitFor();

    // --- the unit finds it under 已退回 with the reason, corrects and resubmits
    await unit.page.goto('/supervision/workbench');
    await unit.page.locator('[data-testid="tab-returned"]').click();
    const returned = unit.page.locator('[data-testid="work-returned"] tr', { hasText: measure.title }).first();
    await expect(returned.locator('[data-testid="returned-reason"]').innerText()).resolves.toBe(returnComment);
    await returned.locator('[data-testid="work-open"]').click();
    await own.locator('[data-testid="report-edit"]').click();
    await expect(form.locator('[data-testid="form-return-comment"]').innerText()).resolves.toContain(returnComment);
    await form.getByLabel('完成比例（%）').fill('50');
    await form.getByLabel('进展情况').fill('已下达自治区本级科技经费（宁财教发〔2026〕88号），县（区）以奖代补资金已拨付。');
    await form.locator('[data-testid="report-submit"]').click();
    await own.locator('[data-testid="report-awaiting"]').waitFor();

    // --- the coordinator approves the resubmitted report
    await coordinator.page.goto('/supervision/review');
    await queueRow.first().locator('[data-testid="review-open"]').click();
    await coordinator.page.waitForURL((url) => url.pathname === `/supervision/measures/${measure.id}/cycles/${cycle.period}`);
    await lead.getByText('宁财教发〔2026〕88号').waitFor();
    await lead.locator('[data-testid="review-approve"]').click();
    await lead.locator('[data-state="approved"]').first().waitFor();
    await expect(lead.locator('[data-testid="review-approve"]').count()).resolves.toBe(0);
    await coordinator.page.screenshot({ path: join(screenshotDir, 'supervision-approved.png'), fullPage: true });

    // --- the report is locked for the unit: no edit button, and the API refuses an edit with 409
    await unit.page.reload();
    await own.locator('[data-testid="report-locked"]').waitFor();
    await expect(own.locator('[data-testid="report-edit"]').count()).resolves.toBe(0);
    await expect(own.locator('[data-testid="report-content-lead"]').innerText()).resolves.toContain('宁财教发〔2026〕88号');
    const edit = await unit.page.request.put(`/api/supervision/measures/${measure.id}/reports/${cycle.period}`, {
      data: { status: 'done', percent: 100, narrative: '改动已审核的报告' },
      headers: { 'x-csrf-token': await csrfOf(unit.page) },
    });
    expect(edit.status()).toBe(409);
    const detail = (await (await unit.page.request.get(`/api/supervision/reports/${(await (await unit.page.request.get(`/api/supervision/measures/${measure.id}/cycles/${cycle.period}`)).json()).lead_report.id}`)).json()) as ReportDetail;
    expect(detail).toMatchObject({ state: 'approved', percent: 50, editable: false });
    await unit.page.screenshot({ path: join(screenshotDir, 'supervision-locked.png'), fullPage: true });

    expect(unit.pageErrors).toEqual([]);
    expect(coordinator.pageErrors).toEqual([]);
    await unit.page.context().close();
    await coordinator.page.context().close();
  }, 240_000);
});
