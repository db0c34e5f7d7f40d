import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Writes `file.br` and `file.gz` beside every text file of the build (done once here, not per
 * request): the server sends the variant the browser accepts
 * (@fastify/static `preCompressed`, src/server/delivery.ts). A variant no smaller than the file is
 * not written, and the server then sends the file itself.
 */
function precompress(brotliQuality: number): Plugin {
  let outDir = '';
  return {
    name: 'kechuang-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).filter((file) => /\.(js|css|html|svg|json|txt)$/.test(file));
      await Promise.all(
        files.map(async (file) => {
          const path = join(outDir, file);
          const content = await readFile(path);
          const [br, gz] = await Promise.all([
            brotli(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: brotliQuality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
            gzipAsync(content, { level: 9 }),
          ]);
          if (br.length < content.length) await writeFile(`${path}.br`, br);
          if (gz.length < content.length) await writeFile(`${path}.gz`, gz);
        }),
      );
    },
  };
}

/**
 * The policy browser. The project runs `vite build --config web/vite.config.ts` from the repository
 * root, so the root is pinned to this folder rather than taken from the working directory.
 */
/**
 * Brotli's best (11) is ~9% smaller than quality 5 but costs ~50 times the CPU: tens of seconds on
 * a two-core machine, on every `npm start`. So `npm start` and the tests build at 5, and the release
 * build (`npm run build`, `--mode release`) at 11.
 */
export default defineConfig(({ mode }) => ({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Keep Vite's and Vitest's caches in the root node_modules, not in a stray web/node_modules.
  cacheDir: '../node_modules/.vite/web',
  plugins: [react(), precompress(mode === 'release' ? 11 : 5)],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts is ~550 kB minified, in its own chunk that only the chart pages load; the default
    // 500 kB warning would only be noise.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/ },
            // antd (~1.2 MB whole) stays apart from the app's code, so a new release of the app does
            // not expire it, but split by the pages that use each part (entriesAware): the first
            // page loads the components it and the layout need, not the tables and forms of others.
            // Parts under 20 kB join a neighbour rather than cost a request of their own.
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs|@emotion|stylis)[\\/]/, entriesAware: true, entriesAwareMergeThreshold: 20_000 },
            // Only the indicator pages draw charts; the rest of the app never waits for ECharts to change.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // The API server (`kechuang serve`) listens on 3000 by default.
    proxy: { '/api': 'http://localhost:3000' },
  },
}));
