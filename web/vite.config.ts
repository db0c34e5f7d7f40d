import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The policy browser. The project runs `vite build --config web/vite.config.ts` from the repository
 * root, so the root is pinned to this folder rather than taken from the working directory.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Keep Vite's and Vitest's caches in the root node_modules, not in a stray web/node_modules.
  cacheDir: '../node_modules/.vite/web',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd alone is ~1 MB minified; it is split into its own long-cached chunk below, so the
    // default 500 kB warning would only be noise.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs|@emotion|stylis)[\\/]/ },
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
});
