/**
 * The registries (登记库) in a real browser against the real platform: a small synthetic registry
 * is loaded with the registry's own import use case (as the operator's CLI does), then three
 * accounts use the pages — the coordinator searches by a Chinese word and opens an enterprise, an
 * 银川 area reporter sees only 银川's enterprises with masked contacts, and an enterprise user
 * reaches its own enterprise from 我的企业 and nothing else, and edits its declared data there.
 * The coordinator also searches contracts by a party's name and reads 技术合同输出/吸纳 by area.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noOrigin, systemActor } from '../src/accounts/actor.ts';
import { demoCreditCode } from '../src/accounts/create-demo-accounts.ts';
import { createUser, type CreateUserInput } from '../src/accounts/create-user.ts';
import { loadPermissionTable } from '../src/accounts/permission-repository.ts';
import { findAreaTree } from '../src/areas/area-repository.ts';
import { generateDemoRegistry } from '../src/registry/generate-demo-registry.ts';
import { importRegistry } from '../src/registry/import-registry.ts';
import { defaultWebRoot, startPlatform, type RunningPlatform } from '../src/server/start-platform.ts';
import { currentYear } from '../src/shared/clock.ts';
import type { TableFile } from '../src/shared/read-table-file.ts';
import { launchBrowser, openPage, screenshotDir } from './support/browser.ts';

const sector = '葡萄酒';

let platform: RunningPlatform;
let browser: Browser;
let dataDir: string;
let registry: ReturnType<typeof generateDemoRegistry>;
/** The enterprise the coordinator opens: a firm with certificates (of the sector if one is), changed once after import. */
let target: Record<string, string>;
/** Names of 银川市 and its counties, as the list shows them. */
let yinchuanAreaNames: Set<string>;
let yinchuanCodes: Set<string>;
/** Every area code of Ningxia: a contract party elsewhere is 区外. */
let ningxiaCodes: Set<string>;
let ningxiaCityCount: number;

const cellsOf = (table: TableFile) => table.rows.map((row) => row.cells);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

beforeAll(async () => {
  if (!existsSync(join(defaultWebRoot, 'index.html'))) {
    throw new Error(`no built web app in ${defaultWebRoot}: run \`npm run build:web\` first (npm run test:e2e does)`);
  }
  dataDir = mkdtempSync(join(tmpdir(), 'kechuang-e2e-registry-'));
  mkdirSync(screenshotDir, { recursive: true });
  platform = await startPlatform({ dataDir, port: 0 });
  browser = await launchBrowser();

  const db = platform.database.db;
  const tree = await findAreaTree(db);
  const permissions = await loadPermissionTable(db);
  // The platform runs on the real clock; the demo is generated for its current year in Beijing.
  const now = new Date();
  const options = { tree, actor: systemActor, permissions, origin: noOrigin, synthetic: true, now };
  registry = generateDemoRegistry(tree, { enterprises: 300, platforms: 30, contracts: 200 }, 2022, currentYear(now));
  for (const kind of ['enterprises', 'certifications', 'platforms', 'tech_contracts', 'enterprise_years', 'platform_evaluations'] as const) {
    const report = await importRegistry(db, kind, `demo-${kind}.csv`, registry[kind], options);
    expect(report.problems, kind).toEqual([]);
  }
  const demo = await importRegistry(
    db,
    'enterprises',
    'demo-enterprise.csv',
    { headerLine: 1, columns: ['credit_code', 'name', 'org'], rows: [{ line: 2, cells: { credit_code: demoCreditCode, name: '合成·演示企业有限公司', org: '640106' } }] },
    options,
  );
  expect(demo.problems).toEqual([]);

  // A firm with certificates, whose record is then changed (its industry): the history has a creation and an update.
  const certified = new Set(cellsOf(registry.certifications).map((cells) => cells.credit_code));
  // The generated registry may hold no certified firm of the sector: then any certified firm.
  const firms = cellsOf(registry.enterprises).filter((cells) => certified.has(cells.credit_code));
  const found = firms.find((cells) => cells.name?.includes(sector)) ?? firms[0];
  if (!found) throw new Error('no certified firm in the generated registry');
  target = found;
  const changed = { ...target, industry: 'C1522' };
  const update = await importRegistry(db, 'enterprises', 'demo-update.csv', { headerLine: 1, columns: Object.keys(changed), rows: [{ line: 2, cells: changed }] }, options);
  expect(update.updated).toBe(1);

  yinchuanAreaNames = new Set(tree.subtreeOf('640100').map((area) => area.name));
  yinchuanCodes = new Set(tree.subtreeOf('640100').map((area) => area.code));
  ningxiaCodes = new Set(tree.subtreeOf('640000').map((area) => area.code));
  ningxiaCityCount = tree.childrenOf('640000').length;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function createAccount(input: CreateUserInput): Promise<string> {
  const permissions = await loadPermissionTable(platform.database.db);
  await createUser(platform.database.db, input, {
    actor: systemActor,
    permissions,
    origin: noOrigin,
    allowAdministratorRoles: true,
    mustChangePassword: false,
  });
  if (input.password === undefined) throw new Error('a password is needed');
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

/**
 * Every console error of a page with the address it is about: a failed request is logged by the
 * browser as "Failed to load resource" with the request's URL, so an expected failure can be
 * matched exactly — that request, that status — and nothing else passes.
 */
function consoleErrorsOf(page: Page): { url: string; text: string }[] {
  const errors: { url: string; text: string }[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push({ url: message.location().url, text: message.text() });
  });
  return errors;
}

/** The console error Chromium logs for a request answered with this status. */
function failedRequest(url: string, status: 400 | 404 | 409 | 422): { url: string; text: string } {
  const reasons = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity' };
  return { url, text: `Failed to load resource: the server responded with a status of ${status} (${reasons[status]})` };
}

/** The rows of the enterprise table once the answer for the current URL has come. */
async function tableRows(page: Page) {
  const table = page.locator('[data-testid="enterprises-table"]');
  await table.locator('tbody tr.ant-table-row').first().waitFor();
  return table.locator('tbody tr.ant-table-row');
}

describe('registry', () => {
  it('lets the coordinator search enterprises by a Chinese word and open one with its certifications and history', async () => {
    const password = await createAccount({ username: 'registry-coordinator', display_name: '科技厅统筹', role: 'coordinator', password: 'Tongchou#2025ok' });
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    const errors = consoleErrorsOf(page);
    await signIn(page, 'registry-coordinator', password);

    // The 登记库 group of the menu, with every page the coordinator may open.
    const menu = page.locator('[data-testid="side-menu"]');
    for (const key of ['registryEnterprises', 'registryPlatforms', 'registryContracts', 'registryPipeline', 'registryIndicators', 'registryImport']) {
      await menu.locator(`a[data-menu="${key}"]`).waitFor();
    }
    await menu.locator('a[data-menu="registryEnterprises"]').click();
    await page.waitForURL((url) => url.pathname === '/registry/enterprises');
    await tableRows(page);

    // A Chinese word of the name: debounced into the URL, then only matching rows.
    const expected = cellsOf(registry.enterprises).filter((cells) => cells.name?.includes(sector)).length;
    expect(expected).toBeGreaterThan(0);
    await page.locator('[data-testid="enterprise-search"] input').fill(sector);
    await page.waitForURL((url) => url.searchParams.get('q') === sector);
    await page.locator('.ant-pagination-total-text', { hasText: `共 ${expected} 项` }).waitFor();
    const rows = await tableRows(page);
    const names = await rows.locator('[data-testid="enterprise-link"]').allTextContents();
    expect(names.length).toBe(Math.min(20, expected));
    for (const name of names) expect(name).toContain(sector);
    expect(await rows.locator('[data-testid="synthetic-tag"]').count()).toBe(names.length);
    expect(await rows.first().textContent()).toContain('合成数据');
    await page.screenshot({ path: join(screenshotDir, 'registry-enterprises-search.png'), fullPage: true });

    // The search survives a reload (it is in the URL); the export links carry it.
    await page.reload();
    expect(await page.locator('[data-testid="enterprise-search"] input').inputValue()).toBe(sector);
    const exportHref = await page.locator('[data-testid="export-enterprises"]').getAttribute('href');
    expect(decodeURIComponent(exportHref ?? '')).toContain(`q=${sector}`);
    expect(exportHref).not.toContain('unmask');
    // Contacts unmasked only after a confirmation that says it is audited.
    await page.locator('[data-testid="export-enterprises-contacts"]').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('审计日志');
    // antd spaces two-character labels (取 消): the first button is the cancel one.
    // A click that lands while the confirmation still animates in does nothing: click until it closes.
    await expect
      .poll(
        async () => {
          if (await confirm.isVisible()) await confirm.locator('.ant-modal-confirm-btns button').first().click({ timeout: 2_000 }).catch(() => undefined);
          return confirm.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    // The target firm by a longer part of its name: one row, which opens its page.
    const part = (target.name ?? '').replace(/^合成·/, '').slice(0, 8);
    await page.locator('[data-testid="enterprise-search"] input').fill(part);
    await page.waitForURL((url) => url.searchParams.get('q') === part);
    const link = page.locator('[data-testid="enterprises-table"] [data-testid="enterprise-link"]', { hasText: target.name ?? '' });
    await link.click();
    await page.waitForURL((url) => url.pathname === `/registry/enterprises/${target.credit_code}`);
    expect(await page.locator('[data-testid="enterprise-name"]').textContent()).toContain(target.name);
    expect(await page.locator('[data-testid="enterprise-name"] [data-testid="synthetic-tag"]').count()).toBe(1);
    // The coordinator sees contacts unmasked.
    expect(await page.locator('[data-testid="enterprise-contacts"]').getAttribute('data-masked')).toBe('false');
    expect(await page.locator('[data-testid="enterprise-contacts"]').textContent()).toContain(target.contact_phone);

    const certificates = cellsOf(registry.certifications).filter((cells) => cells.credit_code === target.credit_code);
    const certificateRows = page.locator('[data-testid="certifications-table"] tbody tr.ant-table-row');
    await certificateRows.first().waitFor();
    expect(await certificateRows.count()).toBe(certificates.length);
    const statusTags = await page.locator('[data-testid="certifications-table"] [data-testid^="certification-"]').allTextContents();
    expect(statusTags.length).toBe(certificates.length);
    for (const tag of statusTags) expect(['有效', '已过期']).toContain(tag);

    // Its financials, one row a year.
    const financialYears = cellsOf(registry.enterprise_years).filter((cells) => cells.credit_code === target.credit_code);
    expect(await page.locator('[data-testid="enterprise-years"] tbody tr.ant-table-row').count()).toBe(financialYears.length);

    // History: created by the import, its certificates and yearly financials recorded, then the industry changed (before → after).
    const history = page.locator('[data-testid="history-entry"]');
    expect(await history.count()).toBe(2 + certificates.length + financialYears.length);
    expect(await history.first().textContent()).toContain('更新');
    expect(await history.first().textContent()).toContain(`${target.industry} → C1522`);
    expect(await history.locator('[data-testid="history-certification"]').count()).toBe(certificates.length);
    expect(await history.last().textContent()).toContain('新建');
    await page.screenshot({ path: join(screenshotDir, 'registry-enterprise-detail.png'), fullPage: true });

    // The other registry pages open with their synthetic rows.
    await page.goto('/registry/platforms');
    await page.locator('[data-testid="platforms-table"] tbody tr.ant-table-row').first().waitFor();
    expect(await page.locator('.ant-pagination-total-text').textContent()).toContain('共 30 项');
    expect(await page.locator('[data-testid="platforms-table"] [data-testid="synthetic-tag"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="export-platforms"]').getAttribute('href')).toContain('/api/registry/platforms/export.xlsx');
    await page.screenshot({ path: join(screenshotDir, 'registry-platforms.png'), fullPage: true });
    // A platform with evaluations opens its page: each evaluation as a coloured tag.
    const evaluationsOf = groupBy(cellsOf(registry.platform_evaluations), (cells) => cells.registration_number ?? '');
    const evaluated = cellsOf(registry.platforms).find((cells) => (evaluationsOf.get(cells.registration_number ?? '')?.length ?? 0) > 0);
    if (!evaluated) throw new Error('no evaluated platform in the generated registry');
    await page.locator('[data-testid="platform-search"] input').fill(evaluated.name ?? '');
    await page.locator('[data-testid="platforms-table"] [data-testid="platform-link"]', { hasText: evaluated.name ?? '' }).click();
    await page.waitForURL((url) => url.pathname === `/registry/platforms/${evaluated.registration_number}`);
    await page.locator('[data-testid="evaluations-table"]').waitFor();
    expect(await page.locator('[data-testid="platform-name"]').textContent()).toContain(evaluated.name);
    expect(await page.locator('[data-testid="evaluations-table"] [data-testid="evaluation-tag"]').count()).toBe(evaluationsOf.get(evaluated.registration_number ?? '')?.length);
    await page.screenshot({ path: join(screenshotDir, 'registry-platform-detail.png'), fullPage: true });

    await page.goto('/registry/contracts');
    await page.locator('[data-testid="contracts-table"] tbody tr.ant-table-row').first().waitFor();
    expect(await page.locator('.ant-pagination-total-text').textContent()).toContain('共 200 项');
    await page.screenshot({ path: join(screenshotDir, 'registry-contracts.png'), fullPage: true });

    // A word of a party's name: only the contracts whose seller or buyer has it, and the export link carries it.
    const contracts = cellsOf(registry.tech_contracts);
    const matching = contracts.filter((cells) => cells.seller_name?.includes(sector) || cells.buyer_name?.includes(sector));
    expect(matching.length).toBeGreaterThan(0);
    await page.locator('[data-testid="contract-search"] input').fill(sector);
    await page.waitForURL((url) => url.searchParams.get('q') === sector);
    await page.locator('.ant-pagination-total-text', { hasText: `共 ${matching.length} 项` }).waitFor();
    const contractRows = page.locator('[data-testid="contracts-table"] tbody tr.ant-table-row');
    const contractTexts = await contractRows.allTextContents();
    expect(contractTexts.length).toBe(Math.min(20, matching.length));
    for (const text of contractTexts) expect(text).toContain(sector);
    expect(decodeURIComponent((await page.locator('[data-testid="export-contracts"]').getAttribute('href')) ?? '')).toContain(`q=${sector}`);
    // Buyers outside Ningxia are tagged 区外.
    const outsideShown = matching.slice(0, 20).filter((cells) => !ningxiaCodes.has(cells.buyer_org ?? '')).length;
    expect(await contractRows.locator('[data-testid="outside-tag"]').count()).toBe(outsideShown);

    // 技术合同输出/吸纳 of the region for the year with most contracts: the total 输出 is the technology
    // amount of that year's contracts sold by a party in Ningxia (亿元), as the test counts it.
    const byYear = groupBy(contracts, (cells) => (cells.registered_on ?? '').slice(0, 4));
    const [year, ofYear] = [...byYear].sort(([, a], [, b]) => b.length - a.length)[0] ?? ['', []];
    const sold = ofYear.filter((cells) => ningxiaCodes.has(cells.seller_org ?? ''));
    const output = sold.reduce((sum, cells) => sum + Number(cells.tech_amount), 0) / 100_000_000;
    await page.locator('[data-testid="turnover-tab"]').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'turnover');
    // The year may already be the one shown (no change, no new URL): choose until it is shown. A
    // click that lands while the dropdown still animates chooses nothing, so it is tried again.
    const shownYear = page.locator('[data-testid="turnover-year"]', { hasText: year });
    await expect
      .poll(
        async () => {
          if (await shownYear.isVisible()) return true;
          await page.locator('[data-testid="turnover-year"]').click({ timeout: 2_000 }).catch(() => undefined);
          await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${year}"]`).click({ timeout: 2_000 }).catch(() => undefined);
          return shownYear.waitFor({ timeout: 3_000 }).then(() => true, () => false);
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const total = page.locator('[data-testid="turnover-table"] [data-testid="turnover-total"]');
    await total.waitFor();
    await total.locator('[data-testid="turnover-output_count"]', { hasText: String(sold.length) }).waitFor({ timeout: 10_000 });
    expect(Number(await total.locator('[data-testid="turnover-output"]').getAttribute('data-value'))).toBeCloseTo(output, 6);
    expect(await total.textContent()).toContain('宁夏回族自治区合计');
    // One row per city of the region under the total.
    expect(await page.locator('[data-testid="turnover-table"] [data-testid="turnover-row"]').count()).toBe(ningxiaCityCount);
    expect(await page.locator('[data-testid="export-turnover"]').getAttribute('href')).toBe(`/api/registry/tech-contracts/turnover.xlsx?year=${year}&org=640000`);
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await page.screenshot({ path: join(screenshotDir, 'registry-contract-turnover.png'), fullPage: true });
    await page.goto('/registry/pipeline');
    await page.locator('[data-testid="pipeline-chart"] canvas').waitFor();
    await page.locator('[data-testid="candidates-table"]').waitFor();
    // The demo's financials put some tech-based SMEs within reach of high-tech recognition.
    await page.locator('[data-testid="candidates-table"] tbody tr.ant-table-row').first().waitFor();
    const candidatesExport = await page.request.get((await page.locator('[data-testid="export-candidates"]').getAttribute('href'))!);
    expect(candidatesExport.status()).toBe(200);
    expect(candidatesExport.headers()['content-type']).toContain('spreadsheetml');
    await page.screenshot({ path: join(screenshotDir, 'registry-pipeline.png'), fullPage: true });
    // Opens on the latest year with published data (2024), not on last year.
    await page.goto('/registry/indicators');
    await page.locator('[data-testid="registry-indicators-table"] tbody tr.ant-table-row').first().waitFor();
    expect(await page.locator('[data-testid="export-registry-indicators"]').getAttribute('href')).toBe('/api/registry/indicators.xlsx?year=2024&org=640000');
    await page.screenshot({ path: join(screenshotDir, 'registry-indicators.png'), fullPage: true });
    await page.goto('/registry/import');
    // A file with a bad credit code, checked only: refused line by line (422), nothing written.
    await page.locator('input[type="file"][data-testid="import-upload"]').setInputFiles({
      name: 'bad-enterprises.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('credit_code,name,org\n123,合成·坏企业,640104\n', 'utf8'),
    });
    await page.locator('[data-testid="import-run"]').click();
    await page.locator('[data-testid="import-report"][data-outcome="failed"]').waitFor();
    expect(await page.locator('[data-testid="import-problems"] tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="import-problems"]').textContent()).toContain('credit_code');
    await page.screenshot({ path: join(screenshotDir, 'registry-import.png'), fullPage: true });

    expect(pageErrors).toEqual([]);
    // The refused file is the one failed request.
    const failures = [failedRequest(`${platform.url}/api/registry/enterprises/import?file_name=bad-enterprises.csv&dry_run=true`, 422)];
    expect(errors).toEqual(failures);
    expect(consoleErrors).toEqual(failures.map((error) => error.text));
  });

  it('shows an 银川 area reporter only 银川 enterprises, with contacts masked', async () => {
    const password = await createAccount({ username: 'yinchuan-reporter', display_name: '银川市填报员', role: 'area_reporter', org_code: '640100', password: 'Yinchuan#2025ok' });
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    await signIn(page, 'yinchuan-reporter', password);
    await page.locator('[data-testid="side-menu"] a[data-menu="registryEnterprises"]').click();
    await page.waitForURL((url) => url.pathname === '/registry/enterprises');
    const rows = await tableRows(page);

    // The generated firms in 银川, and the demo enterprise (金凤区).
    const expected = cellsOf(registry.enterprises).filter((cells) => yinchuanCodes.has(cells.org ?? '')).length + 1;
    await page.locator('.ant-pagination-total-text', { hasText: `共 ${expected} 项` }).waitFor();
    const orgNames = await rows.locator('[data-testid="enterprise-org"]').allTextContents();
    expect(orgNames.length).toBe(20);
    for (const name of orgNames) expect(yinchuanAreaNames).toContain(name);
    // No import for an area role.
    expect(await page.locator('[data-testid="side-menu"] a[data-menu="registryImport"]').count()).toBe(0);
    expect(await page.locator('[data-testid="export-enterprises-contacts"]').count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir, 'registry-area-reporter.png'), fullPage: true });

    // A generated firm with contacts: masked, and said so.
    await rows.locator('[data-testid="enterprise-link"]', { hasNotText: '演示企业' }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/registry/enterprises/9'));
    const contacts = page.locator('[data-testid="enterprise-contacts"]');
    await contacts.waitFor();
    expect(await contacts.getAttribute('data-masked')).toBe('true');
    expect(await contacts.textContent()).toContain('已脱敏');
    expect(await contacts.textContent()).toMatch(/\d{3}\*{4}\d{4}/);
    await page.screenshot({ path: join(screenshotDir, 'registry-area-detail.png'), fullPage: true });

    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('takes an enterprise user from 我的企业 to its own enterprise and refuses another', async () => {
    const password = await createAccount({ username: 'demo-enterprise', display_name: '演示企业', role: 'enterprise_user', credit_code: demoCreditCode, password: 'Qiye#2025okok' });
    const { page, pageErrors, consoleErrors } = await openPage(browser, platform.url);
    const errors = consoleErrorsOf(page);
    await signIn(page, 'demo-enterprise', password);
    // 我的工作台 leads to 我的企业.
    await page.goto('/workspace');
    await page.locator('[data-testid="workspace-my-enterprise"]').click();
    await page.waitForURL((url) => url.pathname === `/registry/enterprises/${demoCreditCode}`);
    await page.locator('[data-testid="enterprise-name"]').waitFor();
    const menu = page.locator('[data-testid="side-menu"]');
    await menu.locator('a[data-menu="myEnterprise"]').click();
    await page.waitForURL((url) => url.pathname === `/registry/enterprises/${demoCreditCode}`);
    expect(await page.locator('[data-testid="enterprise-name"]').textContent()).toContain('合成·演示企业有限公司');
    expect(await page.locator('[data-testid="enterprise-name"]').textContent()).toContain('合成数据');
    // Only its own enterprise: no list, no import.
    expect(await menu.locator('a[data-menu="registryEnterprises"]').count()).toBe(0);
    expect(await menu.locator('a[data-menu="registryImport"]').count()).toBe(0);
    // Declarations not made are said to be so, never shown as 否; no events yet.
    expect(await page.locator('[data-testid="enterprise-declarations"] [data-testid="flag-not-declared"]').count()).toBe(3);
    expect(await page.locator('[data-testid="enterprise-events"]').textContent()).toContain('暂无登记事件');
    await page.screenshot({ path: join(screenshotDir, 'registry-my-enterprise.png'), fullPage: true });

    // It edits its declared data: the form offers those fields only (name, area and 规上 are authority data).
    await page.locator('[data-testid="enterprise-edit"]').click();
    const drawer = page.locator('.ant-drawer');
    const form = drawer.locator('[data-testid="enterprise-edit-form"]');
    await form.waitFor();
    const labels = await form.locator('.ant-form-item-label label').allTextContents();
    // Its declarations (issue 12) are its own too; events (上规、示范、国家奖) are authority data.
    expect(labels).toEqual(['行业', '成立日期', '联系人', '联系电话', '高企认定创新能力评价得分', '企业所得税核定征收', '西部地区鼓励类产业企业', '列入集成电路或工业母机企业清单']);
    expect(await drawer.locator('[data-testid="events-table"]').count()).toBe(0);
    const phone = '0951-5551234';
    await form.getByLabel('联系电话').fill(phone);
    // A financial year: added as a row of the table, the money shown in 万元 under the field.
    await drawer.locator('[data-testid="add-year"]').click();
    const yearRow = drawer.locator('[data-testid="financial-year-row"]');
    expect(await yearRow.count()).toBe(1);
    await yearRow.getByLabel('年份', { exact: true }).fill('2024');
    await yearRow.getByLabel('营业收入', { exact: true }).fill('12345678');
    await yearRow.getByLabel('职工总数', { exact: true }).fill('35');
    await drawer.getByText('1234.57 万元').waitFor();
    // The drawer is fixed to the viewport: a full-page shot would cut it.
    await page.screenshot({ path: join(screenshotDir, 'registry-enterprise-edit.png') });
    await drawer.locator('[data-testid="enterprise-save"]').click();
    await form.waitFor({ state: 'detached' });
    // The page shows the saved values, and the history the change (newest first).
    await page.locator('[data-testid="enterprise-contacts"]', { hasText: phone }).waitFor();
    const yearly = page.locator('[data-testid="enterprise-years"] tbody tr.ant-table-row');
    expect(await yearly.count()).toBe(1);
    expect(await yearly.first().textContent()).toContain('2024');
    expect(await yearly.first().textContent()).toContain('12,345,678');
    const history = page.locator('[data-testid="history-entry"]');
    expect(await history.count()).toBe(2);
    const latest = (await history.first().textContent()) ?? '';
    expect(latest).toContain('更新');
    expect(latest).toContain(`联系电话：— → ${phone}`);
    expect(latest).toContain('2024 年：新增');
    await page.screenshot({ path: join(screenshotDir, 'registry-my-enterprise-edited.png'), fullPage: true });

    // A wrong value is refused by the server (400) and shown at its field; a change made by someone
    // else since the form was opened is refused (409) and said so, with a way to reload.
    await page.locator('[data-testid="enterprise-edit"]').click();
    await form.waitFor();
    await form.getByLabel('行业').fill('XYZ');
    await drawer.locator('[data-testid="enterprise-save"]').click();
    await form.locator('.ant-form-item-explain-error', { hasText: 'XYZ' }).waitFor();
    const db = platform.database.db;
    const options = { tree: await findAreaTree(db), actor: systemActor, permissions: await loadPermissionTable(db), origin: noOrigin, synthetic: true, now: new Date() };
    const meanwhile = await importRegistry(
      db,
      'enterprises',
      'demo-meanwhile.csv',
      { headerLine: 1, columns: ['credit_code', 'name', 'org', 'industry'], rows: [{ line: 2, cells: { credit_code: demoCreditCode, name: '合成·演示企业有限公司', org: '640106', industry: 'C1511' } }] },
      options,
    );
    expect(meanwhile.updated).toBe(1);
    await form.getByLabel('行业').fill('C3961');
    await drawer.locator('[data-testid="enterprise-save"]').click();
    await drawer.locator('[data-testid="enterprise-edit-error"]', { hasText: '已被他人修改，请刷新后重试' }).waitFor();
    await drawer.locator('[data-testid="enterprise-reload"]').click();
    await drawer.locator('[data-testid="enterprise-edit-error"]').waitFor({ state: 'detached' });
    expect(await form.getByLabel('行业').inputValue()).toBe('C1511');
    await drawer.locator('.ant-drawer-close').click();
    await form.waitFor({ state: 'detached' });

    // Area statistics of contracts are not an enterprise's: no 输出/吸纳 tab, even asked for by URL.
    await page.goto('/registry/contracts?tab=turnover');
    await page.locator('[data-testid="contracts-table"]').waitFor();
    expect(await page.locator('[data-testid="turnover-tab"]').count()).toBe(0);

    // Another enterprise does not exist for it (404, nothing leaks).
    await page.goto(`/registry/enterprises/${target.credit_code}`);
    const refused = page.locator('[data-testid="api-error"], [data-testid="forbidden"]');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/未找到|无权/);
    expect(await page.locator('[data-testid="enterprise-name"]').count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir, 'registry-other-enterprise.png'), fullPage: true });

    expect(pageErrors).toEqual([]);
    // The refused edits (400, 409) and the refused enterprise (404) are the failed requests.
    const own = `${platform.url}/api/registry/enterprises/${demoCreditCode}`;
    const failures = [failedRequest(own, 400), failedRequest(own, 409), failedRequest(`${platform.url}/api/registry/enterprises/${target.credit_code}`, 404)];
    expect(errors).toEqual(failures);
    expect(consoleErrors).toEqual(failures.map((error) => error.text));
  });
});
