/**
 * The policy browser in a real browser against the real platform: bundled packs loaded into a
 * fresh embedded database, the built web app (web/dist) served by the server. Run
 * `npm run test:e2e` (it builds the web app first).
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../src/server/start-platform.ts';
import { openPage, screenshotDir } from './support/browser.ts';
import { startE2eEnvironment, type E2eEnvironment } from './support/platform.ts';

// Ningxia 2022, clause (七) 加快科技成果转移转化 names 财政厅 among its units; (四) does not.
const financeUnitId = 'finance-department';
const financeShortName = '财政厅';
const clauseWithFinance = { number: 7, label: '（七）' };
const clauseWithoutFinance = '（四）';

let environment: E2eEnvironment;
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  environment = await startE2eEnvironment('policy');
  ({ platform, browser } = environment);
});

afterAll(async () => {
  await environment?.close();
});

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(new URL(path, platform.url));
  expect(response.ok, `${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

interface ApiTask {
  id: string;
  clause_label: string;
  lead_units: string[];
  co_units: string[];
  measures: { lead_units: string[]; co_units: string[] }[];
}

/** Opens the app at `/` and returns the pack it redirected to. */
async function openFirstPack(page: Page): Promise<string> {
  await page.goto('/');
  await page.waitForURL(/\/packs\/[^/#?]+$/);
  const packId = new URL(page.url()).pathname.split('/')[2];
  if (packId === undefined) throw new Error(`no pack id in ${page.url()}`);
  return packId;
}

/** The task ids and clause labels of the rows the tasks table shows now. */
async function taskRows(page: Page): Promise<{ id: string; clause: string }[]> {
  return page.locator('[data-testid="tasks-table"] tbody tr[data-row-key]').evaluateAll((rows) =>
    rows
      .filter((row) => !row.classList.contains('ant-table-expanded-row'))
      .map((row) => ({
        id: row.getAttribute('data-row-key') ?? '',
        clause: row.querySelector('a.clause-link')?.textContent?.trim() ?? '',
      })),
  );
}

describe('policy browser', () => {
  it('filters the key tasks by 财政厅 and jumps from a task to its highlighted clause', async () => {
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    const packId = await openFirstPack(page);
    await page.locator('[data-testid="clause-1"]').waitFor();
    await page.screenshot({ path: join(screenshotDir, 'document.png') });

    await page.locator('[data-testid="side-menu"] a[data-menu="tasks"]').click();
    await page.waitForURL(`**/packs/${packId}/tasks`);
    await page.locator('[data-testid="tasks-table"] tbody tr[data-row-key]').first().waitFor();

    // Pick 财政厅 the way a person does: open the Select, type, choose the option.
    await page.locator('[data-testid="unit-filter"]').click();
    await page.keyboard.type(financeShortName);
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: financeShortName }).first().click();
    await page.waitForURL((url) => url.searchParams.get('unit') === financeUnitId);

    // What the table must show: every task where 财政厅, or a group it belongs to, answers for the
    // task or one of its measures — computed here from the unfiltered list, not taken on trust.
    const { groups } = await getJson<{ groups: string[] }>(`/api/packs/${packId}/units/${financeUnitId}`);
    const responsible = new Set([financeUnitId, ...groups]);
    const { tasks } = await getJson<{ tasks: ApiTask[] }>(`/api/packs/${packId}/tasks`);
    const concerns = (units: string[]) => units.some((unit) => responsible.has(unit));
    const expected = tasks
      .filter(
        (task) =>
          concerns(task.lead_units) ||
          concerns(task.co_units) ||
          task.measures.some((measure) => concerns(measure.lead_units) || concerns(measure.co_units)),
      )
      .map((task) => task.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(tasks.length);

    await expect
      .poll(async () => (await taskRows(page)).map((row) => row.id).sort(), { timeout: 30_000 })
      .toEqual(expected);
    const clauses = (await taskRows(page)).map((row) => row.clause);
    expect(clauses).toContain(clauseWithFinance.label);
    expect(clauses).not.toContain(clauseWithoutFinance);
    // Each row states 财政厅's role in it.
    const roles = await page.locator('[data-testid="tasks-table"] tbody tr[data-row-key] .role-tag').allTextContents();
    expect(roles.length).toBe(expected.length);
    for (const role of roles) expect(['牵头', '配合']).toContain(role);
    // Playwright's click scrolls the option into view, leaving the page scrolled (a mouse does not).
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(screenshotDir, 'tasks-finance.png') });

    await page
      .locator('[data-testid="tasks-table"] tbody tr[data-row-key] a.clause-link', { hasText: clauseWithFinance.label })
      .first()
      .click();
    await page.waitForURL(`**/packs/${packId}#clause-${clauseWithFinance.number}`);
    const clause = page.locator(`[data-testid="clause-${clauseWithFinance.number}"]`);
    await clause.waitFor({ state: 'visible' });
    expect(await clause.getAttribute('class')).toContain('clause-block--highlighted');
    expect(await clause.getAttribute('data-highlighted')).toBe('true');
    // Scrolled to: the block's top lies within the window.
    const box = await clause.boundingBox();
    const height = page.viewportSize()?.height ?? 0;
    expect(box?.y).toBeGreaterThanOrEqual(0);
    expect(box?.y).toBeLessThan(height);
    await page.screenshot({ path: join(screenshotDir, 'clause-highlighted.png') });

    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('switches the interface to English and remembers the choice', async () => {
    const { page, pageErrors } = await openPage(browser, platform.url);
    await openFirstPack(page);
    const menu = page.locator('[data-testid="side-menu"]');
    await menu.getByText('重点任务').waitFor();

    await page.locator('[data-testid="language-switch"]').getByText('English').click();
    await menu.getByText('Key tasks').waitFor();
    expect(await menu.textContent()).toContain('Policy text');
    expect(await menu.textContent()).not.toContain('重点任务');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.reload();
    await menu.getByText('Key tasks').waitFor();

    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('shows the 404 page for an unknown address', async () => {
    const { page, pageErrors } = await openPage(browser, platform.url);
    await page.goto('/no/such/page');
    const notFound = page.locator('[data-testid="not-found"]');
    await notFound.waitFor();
    expect(await notFound.textContent()).toContain('页面不存在');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it("shows the API's own message for an unknown pack", async () => {
    const { page } = await openPage(browser, platform.url);
    await page.goto('/packs/no-such-pack');
    const error = page.locator('[data-testid="api-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('no-such-pack');
    await page.context().close();
  });
});
