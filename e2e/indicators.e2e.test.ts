/**
 * Indicator monitoring in a real browser against the real platform, loaded with Ningxia's
 * published figures (national_hte 595 in 2023 and "突破700家" in 2024, R&D and GDP for the
 * region, GDP for the cities in 2020): the target dashboard, an indicator's chart and its
 * drill-down by area, the final evaluation with its downloads, and — as the coordinator — the
 * import of a value file (dry run, then for real; and a file with a bad row, which writes nothing)
 * and the entry workflow (draft → submitted → approved).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noOrigin, systemActor } from '../src/accounts/actor.ts';
import { createUser, type CreateUserInput } from '../src/accounts/create-user.ts';
import { loadPermissionTable } from '../src/accounts/permission-repository.ts';
import { defaultWebRoot, startPlatform, type RunningPlatform } from '../src/server/start-platform.ts';
import { launchBrowser, openPage, screenshotDir } from './support/browser.ts';

const packId = 'ningxia-2022-st-action';

let platform: RunningPlatform;
let browser: Browser;
let dataDir: string;
let downloadDir: string;

beforeAll(async () => {
  if (!existsSync(join(defaultWebRoot, 'index.html'))) {
    throw new Error(`no built web app in ${defaultWebRoot}: run \`npm run build:web\` first (npm run test:e2e does)`);
  }
  dataDir = mkdtempSync(join(tmpdir(), 'kechuang-e2e-indicators-'));
  downloadDir = mkdtempSync(join(tmpdir(), 'kechuang-e2e-downloads-'));
  mkdirSync(screenshotDir, { recursive: true });
  platform = await startPlatform({ dataDir, port: 0 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (downloadDir) rmSync(downloadDir, { recursive: true, force: true });
});

/** An account made as the operator's CLI makes it, ready to sign in (no forced password change). */
async function createAccount(input: CreateUserInput & { password: string }): Promise<string> {
  const permissions = await loadPermissionTable(platform.database.db);
  await createUser(platform.database.db, input, { actor: systemActor, permissions, origin: noOrigin, allowAdministratorRoles: false, mustChangePassword: false });
  return input.password;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  const form = page.locator('[data-testid="login-form"]');
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel('密码').fill(password);
  await form.locator('button[type="submit"]').click();
  await page.locator('[data-testid="user-menu"]').waitFor();
}

/** Picks an option of an antd Select by its label. */
/**
 * Chooses `label` in an antd select until `chosen` holds (the page's address shows the choice): a
 * click that lands while the dropdown still animates chooses nothing, so it is tried again.
 */
async function choose(page: Page, select: string, label: string, chosen: (url: URL) => boolean): Promise<void> {
  await expect
    .poll(
      async () => {
        if (chosen(new URL(page.url()))) return true;
        await page.locator(select).click({ timeout: 2_000 }).catch(() => undefined);
        await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click({ timeout: 2_000 }).catch(() => undefined);
        return chosen(new URL(page.url()));
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

/** The drill-down table's rows, as { org, text }. */
async function areaRows(page: Page): Promise<{ org: string; text: string }[]> {
  return page.locator('[data-testid="area-table"] tbody tr[data-row-key]').evaluateAll((rows) =>
    rows.map((row) => ({ org: row.getAttribute('data-row-key') ?? '', text: row.textContent ?? '' })),
  );
}

async function areaRow(page: Page, org: string): Promise<string> {
  const row = page.locator(`[data-testid="area-table"] tbody tr[data-row-key="${org}"]`);
  await row.waitFor();
  return (await row.textContent()) ?? '';
}

/** Uploads a value file on the import page and runs it (dry run or not); returns the report's outcome. */
async function runImport(page: Page, name: string, content: string, dryRun: boolean): Promise<string> {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
  const dryRunBox = page.locator('input[data-testid="import-dry-run"]');
  if ((await dryRunBox.isChecked()) !== dryRun) await dryRunBox.click();
  await page.locator('[data-testid="import-run"]').click();
  const report = page.locator('[data-testid="import-report"]');
  await report.waitFor();
  return (await report.getAttribute('data-outcome')) ?? '';
}

/** The header is sticky: a full-page screenshot taken from further down would draw it mid-page. */
async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
}

function unexpected(consoleErrors: string[], allowed?: RegExp): string[] {
  return consoleErrors.filter((line) => allowed === undefined || !allowed.test(line));
}

describe('indicator monitoring', () => {
  it('shows each target as a card — a lower bound as ≥, missing data as 暂无数据 — and opens an indicator’s chart', async () => {
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    await page.goto(`/packs/${packId}`);
    // The entry sits in the side menu right after 主要目标.
    const menu = await page.locator('[data-testid="side-menu"] a[data-menu]').evaluateAll((links) => links.map((link) => link.getAttribute('data-menu')));
    expect(menu.slice(0, 4)).toEqual(['document', 'targets', 'dashboard', 'evaluation']);
    await page.locator('[data-testid="side-menu"] a[data-menu="dashboard"]').click();
    await page.waitForURL((url) => url.pathname === `/packs/${packId}/dashboard`);

    const hte = page.locator('[data-testid="target-card"][data-indicator="national_hte"]');
    await hte.waitFor();
    expect(await hte.getAttribute('data-status')).toBe('achieved');
    expect(await hte.locator('.status-tag').textContent()).toBe('已实现');
    // "突破700家" is a lower bound: never shown as an exact 700.
    expect(await hte.locator('[data-testid="target-card-value"]').textContent()).toBe('≥ 700家（2024年）');
    expect(await hte.locator('[data-testid="target-card-target"]').textContent()).toBe('不低于500家');
    await hte.locator('[data-testid="sparkline"] canvas').waitFor();

    const platforms = page.locator('[data-testid="target-card"][data-indicator="st_platforms"]');
    expect(await platforms.getAttribute('data-status')).toBe('no_data');
    expect(await platforms.locator('[data-testid="target-card-value"]').textContent()).toBe('暂无数据');
    expect(await platforms.locator('.status-tag').textContent()).toBe('暂无数据');

    // The benchmark target states the national figure it is measured against.
    const intensity = page.locator('[data-testid="target-card"][data-indicator="rd_intensity"] [data-testid="target-card-target"]');
    expect(await intensity.textContent()).toBe('不低于全国平均水平（2.65%，2023年）');

    // The counts by status add up to the cards; the rules the statuses follow are one click away.
    const cards = await page.locator('[data-testid="target-card"]').count();
    expect(await page.locator('[data-testid="status-summary"]').textContent()).toContain(`共 ${cards} 项目标`);
    await page.locator('[data-testid="status-rules"] .ant-collapse-header').click();
    expect(await page.locator('[data-testid="status-rules"]').textContent()).toContain('没有该指标在评估年份及以前的任何数据');

    // The source of 700, one click away.
    await hte.locator('[data-testid="value-source"]').click();
    const source = page.locator('[data-testid="value-source-content"]:visible');
    await source.waitFor();
    expect(await source.textContent()).toContain('新闻发布会');
    expect(await source.textContent()).toContain('下限');
    // The publication first, the page where it was read second and labelled; no editors' note.
    expect(await source.locator('[data-testid="source-publication"]').textContent()).toBe('宁夏“稳增长 促发展”新闻发布会（2025-01-13）');
    expect(await source.locator('[data-testid="source-page"]').textContent()).toBe('转载页：http://www.jssteel.com.cn/a/202501/13/WS6784c9cca310b59111dad8b6.html');
    expect(await source.textContent()).not.toContain('繁体');
    await hte.locator('[data-testid="value-source"]').click();
    await source.waitFor({ state: 'hidden' });
    await scrollToTop(page);
    await page.screenshot({ path: join(screenshotDir, 'dashboard.png'), fullPage: true });

    await hte.locator('a.target-card__link').click();
    await page.waitForURL((url) => url.pathname === `/packs/${packId}/indicators/national_hte`);
    await page.locator('[data-testid="indicator-chart"] canvas').waitFor();
    expect(await page.locator('[data-testid="indicator-name"]').textContent()).toBe('国家高新技术企业');
    expect(await page.locator('[data-testid="indicator-target"]').textContent()).toBe('不低于500家');
    // Hovering a year shows its value, how it was obtained and its source.
    const chart = page.locator('[data-testid="indicator-chart"]');
    const box = await chart.boundingBox();
    if (!box) throw new Error('the chart has no box');
    // The x axis runs 2019…2025 inside the grid (56 px left, 32 px right): 2023 is the fifth of seven.
    await page.mouse.move(box.x + 56 + ((box.width - 88) * 4) / 6, box.y + box.height / 2);
    await expect.poll(async () => chart.textContent(), { timeout: 30_000 }).toContain('595家 · 公布值');
    expect(await chart.textContent()).toContain('来源：宁夏日报（2024年全区科技工作会议报道）；转载页：');
    // Every year's value with its kind; the latest as a lower bound.
    const years = page.locator('[data-testid="series-table"] tbody tr[data-row-key]');
    expect(await years.count()).toBe(6);
    expect(await years.first().textContent()).toContain('≥ 700家');
    await scrollToTop(page);
    await page.screenshot({ path: join(screenshotDir, 'indicator.png'), fullPage: true });

    expect(pageErrors).toEqual([]);
    expect(unexpected(consoleErrors)).toEqual([]);
    await page.context().close();
  });

  it('keeps both the first-published and the revised figure of a value in its history', async () => {
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    await page.goto(`/packs/${packId}/indicators/rd_intensity`);
    const row2020 = page.locator('[data-testid="series-table"] tbody tr[data-row-key="2020"]');
    await row2020.waitFor();
    expect(await row2020.textContent()).toContain('1.51%');
    await row2020.locator('[data-testid="value-source"]').click();
    const source = page.locator('[data-testid="value-source-content"]:visible');
    await source.waitFor();
    // A derived indicator: its published value beside the one computed from R&D spending and GDP.
    expect(await source.textContent()).toContain('计算值1.52%');
    expect(await source.textContent()).toContain('−0.0112%');
    const history = page.locator('[data-testid="value-history-table"] tbody tr[data-row-key]');
    // A click that lands while the popover still animates opens nothing: click until the drawer shows.
    const drawer = page.locator('[data-testid="value-history"]');
    await expect
      .poll(
        async () => {
          if (!(await drawer.isVisible())) await source.locator('[data-testid="value-history-open"]').click({ timeout: 2_000 }).catch(() => undefined);
          return history.count();
        },
        { timeout: 30_000 },
      )
      .toBe(2);
    const revisions = await history.allTextContents();
    expect(revisions[0]).toContain('1.52%');
    expect(revisions[0]).toContain('录入');
    expect(revisions[1]).toContain('1.51%');
    expect(revisions[1]).toContain('修订');

    expect(pageErrors).toEqual([]);
    expect(unexpected(consoleErrors)).toEqual([]);
    await page.context().close();
  });

  it('drills down from the region to a city, with the coverage of a sum that cannot be made, and exports the table', async () => {
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    await page.goto(`/packs/${packId}/indicators/gdp`);
    await page.locator('[data-testid="area-table"] tbody tr[data-row-key]').first().waitFor();
    await choose(page, '[data-testid="period-select"]', '2020年', (url) => url.searchParams.get('period') === '2020');
    await expect.poll(async () => areaRow(page, '640100'), { timeout: 30_000 }).toContain('1964.37亿元');

    // The region publishes its own GDP; four of its five cities do.
    const region = await areaRow(page, '640000');
    expect(region).toContain('3920.55亿元');
    expect(region).toContain('4/5 个下级有数据');
    expect(await areaRow(page, '640500')).toContain('暂无数据');

    await page.locator('[data-testid="area-table"] [data-drill="640400"]').click();
    await page.waitForURL((url) => url.searchParams.get('parent') === '640400' && url.searchParams.get('period') === '2020');
    await expect.poll(async () => (await areaRows(page))[0]?.org, { timeout: 30_000 }).toBe('640400');
    const rows = await areaRows(page);
    // 固原市 itself, then its five counties, none of which has data.
    expect(rows[0]?.text).toContain('固原市');
    expect(rows[0]?.text).toContain('352.46亿元');
    expect(rows[0]?.text).toContain('0/5 个下级有数据');
    expect(rows.slice(1).every((row) => row.text.includes('暂无数据'))).toBe(true);
    expect(await page.locator('[data-testid="area-breadcrumb"]').textContent()).toBe('宁夏回族自治区/固原市');

    // The table as Excel, made by the server for the area and year shown …
    const xlsx = await page.locator('[data-testid="export-area-xlsx"]').getAttribute('href');
    expect(xlsx).toBe(`/api/packs/${packId}/indicators/gdp/areas.xlsx?parent=640400&period=2020`);
    const workbook = await page.request.get(xlsx ?? '');
    expect(workbook.status()).toBe(200);
    expect((await workbook.body()).subarray(0, 2).toString('latin1')).toBe('PK');
    // … and as CSV, built in the browser: UTF-8 with a byte-order mark, for Excel.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-area-csv"]').click()]);
    expect(download.suggestedFilename()).toBe('gdp-640400-2020.csv');
    const file = join(downloadDir, download.suggestedFilename());
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('640400,固原市,2020,352.46');

    // Back up through the breadcrumb.
    await page.locator('[data-testid="area-breadcrumb"] a', { hasText: '宁夏回族自治区' }).click();
    await page.waitForURL((url) => url.searchParams.get('parent') === '640000');
    await expect.poll(async () => areaRow(page, '640100'), { timeout: 30_000 }).toContain('1964.37亿元');

    expect(pageErrors).toEqual([]);
    expect(unexpected(consoleErrors)).toEqual([]);
    await page.context().close();
  });

  it('lists the final evaluation with its reasons and offers the Excel table and the Word report', async () => {
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    await page.goto(`/packs/${packId}/evaluation`);
    const rows = page.locator('[data-testid="evaluation-table"] tbody tr[data-row-key]');
    await rows.first().waitFor();
    const hte = page.locator('[data-testid="evaluation-table"] tbody tr[data-row-key="target-national-hte-2025"]');
    expect(await hte.textContent()).toContain('≥ 700家（2024年）');
    expect(await hte.textContent()).toContain('已实现');
    expect(await hte.textContent()).toContain('2024年已提前达到目标');
    expect(await hte.locator('a.clause-link').getAttribute('href')).toBe(`/packs/${packId}#clause-3`);
    // Expanded, a row shows its working: baseline, growth, forecasts.
    await hte.locator('.ant-table-row-expand-icon').click();
    const explanation = page.locator('[data-testid="evaluation-explanation"]');
    await explanation.waitFor();
    expect(await explanation.textContent()).toContain('289家（2020年）');
    await scrollToTop(page);
    await page.screenshot({ path: join(screenshotDir, 'evaluation.png'), fullPage: true });

    const xlsx = await page.locator('[data-testid="export-xlsx"]').getAttribute('href');
    const docx = await page.locator('[data-testid="download-report"]').getAttribute('href');
    expect(xlsx).toBe(`/api/packs/${packId}/evaluation.xlsx?org=640000&as_of=2025`);
    expect(docx).toBe(`/api/packs/${packId}/evaluation/report.docx?org=640000&as_of=2025`);
    for (const [href, type] of [
      [xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ] as const) {
      const response = await page.request.get(href ?? '');
      expect(response.status(), `${href}`).toBe(200);
      expect(response.headers()['content-type']).toContain(type);
      // Both are zip containers (Office Open XML).
      expect((await response.body()).subarray(0, 2).toString('latin1')).toBe('PK');
    }

    expect(pageErrors).toEqual([]);
    expect(unexpected(consoleErrors)).toEqual([]);
    await page.context().close();
  });

  it('imports a value file as the coordinator — checked first, then written — and the city sum appears', async () => {
    const password = await createAccount({ username: 'coordinator-import', display_name: '科技厅统筹', role: 'coordinator', password: 'Tongchou#2025ok' });
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    await signIn(page, 'coordinator-import', password);
    await page.locator('[data-testid="side-menu"] a[data-menu="import"]').click();
    await page.waitForURL((url) => url.pathname === '/data/import');
    expect(await page.locator('[data-testid="import-template"]').getAttribute('href')).toBe('/api/indicator-values/template.xlsx');

    // 石嘴山市's three counties, 2021: with all three, the city's sum can be made.
    const csv = [
      'indicator,org,period,value,unit,source',
      'gdp,640202,2021,200.5,亿元,e2e test',
      'gdp,640205,2021,150.25,亿元,e2e test',
      'gdp,640221,2021,1801000,万元,e2e test (万元)',
      'rd_expenditure,640202,2021,3.1,亿元,e2e test',
      'rd_expenditure,640205,2021,2.2,亿元,e2e test',
      'rd_expenditure,640221,2021,4.3,亿元,e2e test',
    ].join('\n');
    expect(await runImport(page, 'shizuishan-2021.csv', csv, true)).toBe('checked');
    expect(await page.locator('[data-testid="import-report"]').textContent()).toContain('校验通过：6 行均无问题');
    // A dry run writes nothing.
    const before = (await (await fetch(new URL(`/api/packs/${packId}/indicators/gdp/areas?parent=640200&period=2021`, platform.url))).json()) as { parent: { value: number | null } };
    expect(before.parent.value).toBeNull();

    await page.locator('[data-testid="import-confirm"]').click();
    await expect.poll(async () => page.locator('[data-testid="import-report"]').getAttribute('data-outcome'), { timeout: 30_000 }).toBe('imported');
    expect(await page.locator('[data-testid="import-report"]').textContent()).toContain('导入完成：6 行已写入');

    await page.goto(`/packs/${packId}/indicators/gdp?parent=640200&period=2021`);
    // 200.5 + 150.25 + 180.1 (entered as 1801000 万元): a sum of every county, so it is made.
    await expect.poll(async () => areaRow(page, '640200'), { timeout: 30_000 }).toContain('530.85亿元');
    const city = await areaRow(page, '640200');
    expect(city).toContain('汇总值');
    expect(city).toContain('3/3 个下级有数据');
    expect(await areaRow(page, '640221')).toContain('180.1亿元');

    expect(pageErrors).toEqual([]);
    expect(unexpected(consoleErrors)).toEqual([]);
    await page.context().close();
  });

  it('refuses a file with a bad row as a whole, naming the line, and writes nothing', async () => {
    const password = await createAccount({ username: 'coordinator-bad-file', display_name: '科技厅统筹', role: 'coordinator', password: 'Tongchou#2025ok' });
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    await signIn(page, 'coordinator-bad-file', password);
    await page.goto('/data/import');
    const csv = ['indicator,org,period,value,unit,source', 'gdp,640302,2022,410.2,亿元,e2e test', 'gdp,640303,2022,abc,亿元,e2e test'].join('\n');
    // Straight to the real import: all or nothing.
    expect(await runImport(page, 'wuzhong-2022.csv', csv, false)).toBe('failed');
    const problems = page.locator('[data-testid="import-problems"] tbody tr[data-row-key]');
    expect(await problems.count()).toBe(1);
    const problem = await problems.first().textContent();
    expect(problem).toMatch(/^3value/);
    expect(problem).toContain('“abc”不是数字');
    expect(await page.locator('[data-testid="import-report"]').textContent()).toContain('发现 1 个问题，未写入任何数据');

    const after = (await (await fetch(new URL(`/api/packs/${packId}/indicators/gdp/areas?parent=640300&period=2022`, platform.url))).json()) as { children: { org: string; value: number | null }[] };
    expect(after.children.find((child) => child.org === '640302')?.value).toBeNull();

    expect(pageErrors).toEqual([]);
    // The 422 answer is the report itself; the browser logs it as a failed request.
    expect(unexpected(consoleErrors, /status of 422/)).toEqual([]);
    await page.context().close();
  });

  it('shows the first 1,000 problems of a file with more, says how many there are, and downloads them all', async () => {
    const password = await createAccount({ username: 'coordinator-many-problems', display_name: '科技厅统筹', role: 'coordinator', password: 'Tongchou#2025ok' });
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    await signIn(page, 'coordinator-many-problems', password);
    await page.goto('/data/import');
    const csv = ['indicator,org,period,value', ...Array.from({ length: 1_200 }, (_, index) => `gdp,640302,${1_000 + index},abc`)].join('\n');
    expect(await runImport(page, 'many-problems.csv', csv, true)).toBe('failed');
    const report = await page.locator('[data-testid="import-report"]').textContent();
    expect(report).toContain('发现 1200 个问题，未写入任何数据');
    expect(await page.locator('[data-testid="import-problems-truncated"]').textContent()).toBe('共 1200 个问题，仅显示前 1000 个');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-problems"]').click()]);
    expect(download.suggestedFilename()).toBe('many-problems-problems.csv');
    const file = join(downloadDir, download.suggestedFilename());
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    // UTF-8 with a byte-order mark, for Excel.
    expect(text.startsWith('\uFEFF行,列,问题,problem\r\n')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(1_201);
    expect(lines.at(-1)).toContain('many-problems.csv:1201 value：“abc”不是数字');

    expect(pageErrors).toEqual([]);
    expect(unexpected(consoleErrors, /status of 422/)).toEqual([]);
    await page.context().close();
  });

  it('takes a value from an area reporter’s draft through submission to the coordinator’s approval', async () => {
    const reporterPassword = await createAccount({ username: 'guyuan-reporter', display_name: '固原市填报员', role: 'area_reporter', org_code: '640400', password: 'Guyuan#2025ok' });
    const coordinatorPassword = await createAccount({ username: 'coordinator-review', display_name: '科技厅统筹', role: 'coordinator', password: 'Tongchou#2025ok' });

    const reporter = await openPage(browser, platform.url);
    await signIn(reporter.page, 'guyuan-reporter', reporterPassword);
    // An area account enters data, but imports are the coordinator's tool.
    await reporter.page.locator('[data-testid="side-menu"] a[data-menu="entry"]').waitFor();
    expect(await reporter.page.locator('[data-testid="side-menu"] a[data-menu="import"]').count()).toBe(0);
    await reporter.page.locator('[data-testid="side-menu"] a[data-menu="entry"]').click();
    await reporter.page.waitForURL((url) => url.pathname === '/data/entry');
    // Its own area is chosen; the list offers nothing outside it.
    await reporter.page.locator('[data-testid="entry-org"]').click();
    await reporter.page.locator('.ant-select-dropdown:visible .ant-select-tree-title').first().waitFor();
    // The dropdown may still be opening: read its entries once they are there.
    await reporter.page.waitForFunction(`document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title').length > 0`);
    const offered = await reporter.page.locator('.ant-select-dropdown:visible .ant-select-tree-title').allTextContents();
    expect(offered[0]).toBe('固原市');
    expect(offered).not.toContain('银川市');
    await reporter.page.keyboard.press('Escape');
    await choose(reporter.page, '[data-testid="entry-period"]', '2022', (url) => url.searchParams.get('org') === '640400' && url.searchParams.get('period') === '2022');

    const row = reporter.page.locator('[data-testid="entry-table"] tr[data-row-key="national_hte"]');
    // The form is reset when the chosen period's values arrive (late, on a loaded machine): fill and
    // save until the saved draft shows, so that a reset between the fill and the click is tried again.
    await expect
      .poll(
        async () => {
          const status = await row.locator('[data-value-status]').getAttribute('data-value-status');
          if (status === 'draft') return status;
          await row.locator('[data-entry="national_hte"] input').first().fill('12');
          await row.locator('.entry-inputs__source').fill('固原市科技局 2023 年报');
          const saved = await reporter.page.locator('[data-testid="save-drafts"]').click({ timeout: 2_000 }).then(() => true, () => false);
          if (saved) await row.locator('[data-value-status="draft"]').waitFor({ timeout: 10_000 }).catch(() => undefined);
          return row.locator('[data-value-status]').getAttribute('data-value-status');
        },
        { timeout: 45_000 },
      )
      .toBe('draft');
    // Data-quality rules: −5 and text are refused in the cell with a message (they became 0 or vanished before), and block saving.
    const valueInput = row.locator('[data-testid="entry-value-national_hte"]');
    await valueInput.fill('-5');
    await row.getByText('数值不能为负（-5）').waitFor();
    expect(await valueInput.inputValue()).toBe('-5');
    expect(await reporter.page.locator('[data-testid="save-drafts"]').isEnabled()).toBe(false);
    await valueInput.fill('abc');
    await row.getByText('“abc”不是数字，请只填写数字（可带小数点和千位逗号）').waitFor();
    expect(await valueInput.inputValue()).toBe('abc');
    await valueInput.fill('1000001');
    await row.getByText('数值过大，不能超过 1,000,000家').waitFor();
    expect(await reporter.page.locator('[data-testid="save-drafts"]').isEnabled()).toBe(false);
    await valueInput.fill('12');
    // Submit and confirm; a click that lands while the confirmation still animates is tried again.
    await expect
      .poll(
        async () => {
          const status = await row.locator('[data-value-status]').getAttribute('data-value-status');
          if (status === 'submitted') return status;
          const confirm = reporter.page.locator('.ant-popconfirm:visible .ant-btn-primary');
          if (!(await confirm.isVisible())) await reporter.page.locator('[data-testid="submit-values"]').click({ timeout: 2_000 }).catch(() => undefined);
          const confirmed = await confirm.click({ timeout: 2_000 }).then(() => true, () => false);
          // A confirmation that went through: give the answer time to arrive before trying again.
          if (confirmed) await reporter.page.locator('[data-testid="entry-table"] tr[data-row-key="national_hte"] [data-value-status="submitted"]').waitFor({ timeout: 10_000 }).catch(() => undefined);
          return row.locator('[data-value-status]').getAttribute('data-value-status');
        },
        { timeout: 30_000 },
      )
      .toBe('submitted');
    // Not public until approved.
    const hidden = (await (await fetch(new URL(`/api/packs/${packId}/indicators/national_hte/areas?parent=640000&period=2022`, platform.url))).json()) as { children: { org: string; value: number | null }[] };
    expect(hidden.children.find((child) => child.org === '640400')?.value).toBeNull();

    const coordinator = await openPage(browser, platform.url);
    await signIn(coordinator.page, 'coordinator-review', coordinatorPassword);
    await coordinator.page.goto('/data/entry?org=640400&period=2022');
    const approveAll = coordinator.page.locator('[data-testid="approve-all"]');
    await expect.poll(async () => approveAll.textContent(), { timeout: 30_000 }).toContain('（1）');
    await approveAll.click();
    const reviewed = coordinator.page.locator('[data-testid="entry-table"] tr[data-row-key="national_hte"]');
    await expect.poll(async () => reviewed.locator('[data-value-status]').getAttribute('data-value-status'), { timeout: 30_000 }).toBe('approved');
    await reviewed.locator('.entry-lock').waitFor();

    const published = (await (await fetch(new URL(`/api/packs/${packId}/indicators/national_hte/areas?parent=640000&period=2022`, platform.url))).json()) as { children: { org: string; value: number | null; source: string | null }[] };
    expect(published.children.find((child) => child.org === '640400')).toMatchObject({ value: 12, source: '固原市科技局 2023 年报' });

    for (const { page, pageErrors, consoleErrors } of [reporter, coordinator]) {
      expect(pageErrors).toEqual([]);
      expect(unexpected(consoleErrors)).toEqual([]);
      await page.context().close();
    }
  });

  it('lets the coordinator close a reporting period — shown as 已关闭 with who and when, refusing entry — and reopen it', async () => {
    const reporterPassword = await createAccount({ username: 'wuzhong-reporter', display_name: '吴忠市填报员', role: 'area_reporter', org_code: '640300', password: 'Wuzhong#2025ok' });
    const coordinatorPassword = await createAccount({ username: 'coordinator-close', display_name: '科技厅统筹', role: 'coordinator', password: 'Tongchou#2025ok' });
    const sheetUrl = '/data/entry?org=640300&period=2021';

    const coordinator = await openPage(browser, platform.url);
    await signIn(coordinator.page, 'coordinator-close', coordinatorPassword);
    await coordinator.page.goto(sheetUrl);
    const state = coordinator.page.locator('[data-testid="period-state"]');
    await expect.poll(async () => state.getAttribute('data-closed'), { timeout: 30_000 }).toBe('false');
    expect(await state.textContent()).toContain('填报期开放中');
    // Closing asks for a reason, and says what it does.
    await coordinator.page.locator('[data-testid="close-period"]').click();
    const confirm = coordinator.page.locator('.ant-modal:visible .ant-btn-primary');
    await confirm.waitFor();
    expect(await confirm.isDisabled()).toBe(true);
    await coordinator.page.locator('[data-testid="period-reason"]').fill('2021年度数据已审核完毕');
    await confirm.click();
    await expect.poll(async () => state.getAttribute('data-closed'), { timeout: 30_000 }).toBe('true');
    const closedText = (await state.textContent()) ?? '';
    expect(closedText).toContain('填报期已关闭');
    expect(closedText).toMatch(/由 coordinator-close 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）关闭/);
    await coordinator.page.locator('[data-testid="reopen-period"]').waitFor();
    await scrollToTop(coordinator.page);
    await coordinator.page.screenshot({ path: join(screenshotDir, 'data-entry-closed.png'), fullPage: true });

    // The area's reporter sees the closure, cannot type a value, and has no close button.
    const reporter = await openPage(browser, platform.url);
    await signIn(reporter.page, 'wuzhong-reporter', reporterPassword);
    await reporter.page.goto(sheetUrl);
    const reporterState = reporter.page.locator('[data-testid="period-state"]');
    await expect.poll(async () => reporterState.getAttribute('data-closed'), { timeout: 30_000 }).toBe('true');
    expect(await reporter.page.locator('[data-testid="entry-table"] tr[data-row-key="national_hte"] [data-entry="national_hte"]').count()).toBe(0);
    expect(await reporter.page.locator('[data-testid="entry-table"] tr[data-row-key="national_hte"]').textContent()).toContain('填报期已关闭');
    expect(await reporter.page.locator('[data-testid="close-period"], [data-testid="reopen-period"]').count()).toBe(0);
    expect(await reporter.page.locator('[data-testid="save-drafts"]').isDisabled()).toBe(true);

    // Reopened with a reason, the sheet takes values again.
    await coordinator.page.locator('[data-testid="reopen-period"]').click();
    await coordinator.page.locator('[data-testid="period-reason"]').fill('统计局修订了2021年数据');
    await coordinator.page.locator('.ant-modal:visible .ant-btn-primary').click();
    await expect.poll(async () => state.getAttribute('data-closed'), { timeout: 30_000 }).toBe('false');
    await reporter.page.reload();
    await expect.poll(async () => reporterState.getAttribute('data-closed'), { timeout: 30_000 }).toBe('false');
    await reporter.page.locator('[data-testid="entry-table"] [data-entry="national_hte"]').waitFor();

    for (const { page, pageErrors, consoleErrors } of [coordinator, reporter]) {
      expect(pageErrors).toEqual([]);
      expect(unexpected(consoleErrors)).toEqual([]);
      await page.context().close();
    }
  });
});
