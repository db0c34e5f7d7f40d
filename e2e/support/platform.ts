import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DemoAccount } from '../../src/accounts/create-demo-accounts.ts';
import { defaultWebRoot, startPlatform, type RunningPlatform } from '../../src/server/start-platform.ts';
import { launchBrowser, screenshotDir } from './browser.ts';

export interface E2eEnvironment {
  platform: RunningPlatform;
  browser: Browser;
  /** The demo account of a role (demo mode only). */
  demoAccount(role: DemoAccount['role']): DemoAccount;
  close(): Promise<void>;
}

export interface E2eOptions {
  /**
   * Demo mode, as `kechuang serve --demo` starts: one account per role and a synthetic register of
   * this many enterprises.
   */
  demoRegistryEnterprises?: number;
}

/** The built web app served by a platform on a fresh data folder and a free port, and Chromium. */
export async function startE2eEnvironment(name: string, options: E2eOptions = {}): Promise<E2eEnvironment> {
  if (!existsSync(join(defaultWebRoot, 'index.html'))) {
    throw new Error(`no built web app in ${defaultWebRoot}: run \`npm run build:web\` first (npm run test:e2e does)`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), `kechuang-e2e-${name}-`));
  mkdirSync(screenshotDir, { recursive: true });
  const demo = options.demoRegistryEnterprises === undefined ? {} : { demoAccountsFile: join(dataDir, 'demo-accounts.txt'), demoRegistryEnterprises: options.demoRegistryEnterprises };
  const platform = await startPlatform({ dataDir, port: 0, ...demo });
  const browser = await launchBrowser();
  return {
    platform,
    browser,
    demoAccount(role) {
      const account = platform.demoAccounts.find((entry) => entry.role === role);
      if (!account) throw new Error(`no demo account for ${role}`);
      return account;
    },
    async close() {
      await browser.close();
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** First sign-in of a demo account: held on the change-password page until the password is changed. */
export async function firstSignIn(page: Page, account: DemoAccount, newPassword: string): Promise<void> {
  await page.goto('/login');
  const form = page.locator('[data-testid="login-form"]');
  await form.getByLabel('用户名').fill(account.username);
  await form.getByLabel('密码').fill(account.password);
  await form.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/account/password');
  await page.locator('[data-testid="password-forced"]').waitFor();
  const passwordForm = page.locator('[data-testid="password-form"]');
  await passwordForm.getByLabel('当前密码').fill(account.password);
  await passwordForm.getByLabel('新密码', { exact: true }).fill(newPassword);
  await passwordForm.getByLabel('确认新密码').fill(newPassword);
  await passwordForm.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== '/account/password');
  await page.locator('[data-testid="user-menu"]').waitFor();
}
