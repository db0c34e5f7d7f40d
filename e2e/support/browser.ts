import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core: no browser is ever downloaded. The flags keep it
 * quiet and offline (no updates, sync or QUIC probes) and let it run as root in a container.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export interface OpenedPage {
  page: Page;
  /** Uncaught exceptions: a page that "works" while throwing is broken. */
  pageErrors: string[];
  /** console.error lines, including failed requests (expected on the error pages only). */
  consoleErrors: string[];
}

/** A fresh page (own storage, so the language choice of one test cannot leak into another). */
export async function openPage(browser: Browser, baseUrl: string): Promise<OpenedPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { page, pageErrors, consoleErrors };
}

/** Where screenshots go for a person to look at; outside the repository on purpose. */
export const screenshotDir = process.env.SCREENSHOT_DIR ?? '/tmp/kechuang-screens';
