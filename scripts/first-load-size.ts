/**
 * The home page's first-load transfer size as a browser meets it: the built web app
 * (`npm run build:web` first) served by a platform on a throwaway data folder, opened in Chromium,
 * and every document, script, stylesheet and API answer it fetches until the network is quiet summed
 * in the bytes that crossed the wire (compressed where the server compresses) and unpacked.
 *
 *   node --import tsx scripts/first-load-size.ts [path]     (default path: /)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../e2e/support/browser.ts';
import { startPlatform } from '../src/server/start-platform.ts';

const path = process.argv[2] ?? '/';
const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-first-load-'));
const platform = await startPlatform({ dataDir, port: 0, logLevel: 'warn' });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const finished: Promise<{ url: string; type: string; wire: number; body: number; encoding: string }>[] = [];
  page.on('requestfinished', (request) => {
    const type = request.resourceType();
    if (!['document', 'script', 'stylesheet', 'fetch'].includes(type)) return;
    finished.push(
      (async () => {
        const response = await request.response();
        const sizes = await request.sizes();
        const body = response ? (await response.body()).length : 0;
        const encoding = response ? ((await response.allHeaders())['content-encoding'] ?? 'identity') : 'none';
        return { url: new URL(request.url()).pathname, type, wire: sizes.responseBodySize, body, encoding };
      })(),
    );
  });
  await page.goto(`${platform.url}${path}`, { waitUntil: 'networkidle' });
  // The first paint is done when the page has content and no loading state (home opens the
  // policy document, a lazily loaded page); then whatever that started has to finish too.
  // (A string: this project's Node types have no DOM.)
  await page.waitForFunction(
    "(document.querySelector('#root main')?.textContent ?? '') !== '' && document.querySelector('.page-loading, .ant-spin-spinning, .ant-skeleton') === null",
    undefined,
    { timeout: 60_000 },
  );
  await page.waitForLoadState('networkidle');
  const rows = await Promise.all(finished);
  for (const row of rows) {
    console.log(`${row.type.padEnd(10)} ${row.encoding.padEnd(8)} ${String(row.wire).padStart(9)} ${String(row.body).padStart(9)}  ${row.url}`);
  }
  const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  const total = (selected: typeof rows) =>
    `${selected.length} files, ${kB(selected.reduce((sum, row) => sum + row.wire, 0))} transferred (${kB(selected.reduce((sum, row) => sum + row.body, 0))} unpacked)`;
  console.log(`first load of ${path}, the page and its scripts and styles: ${total(rows.filter((row) => row.type !== 'fetch'))}`);
  console.log(`first load of ${path}, API answers: ${total(rows.filter((row) => row.type === 'fetch'))}`);
  console.log(`first load of ${path}, all: ${total(rows)}`);
} finally {
  await browser.close();
  await platform.close();
  rmSync(dataDir, { recursive: true, force: true });
}
