import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { defaultWebRoot, startPlatform, type RunningPlatform } from '../../src/server/start-platform.ts';
import { launchBrowser, screenshotDir } from './browser.ts';

export interface E2eEnvironment {
  platform: RunningPlatform;
  browser: Browser;
  close(): Promise<void>;
}

/** The built web app served by a platform on a fresh data folder and a free port, and Chromium. */
export async function startE2eEnvironment(name: string): Promise<E2eEnvironment> {
  if (!existsSync(join(defaultWebRoot, 'index.html'))) {
    throw new Error(`no built web app in ${defaultWebRoot}: run \`npm run build:web\` first (npm run test:e2e does)`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), `kechuang-e2e-${name}-`));
  mkdirSync(screenshotDir, { recursive: true });
  const platform = await startPlatform({ dataDir, port: 0 });
  const browser = await launchBrowser();
  return {
    platform,
    browser,
    async close() {
      await browser.close();
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
