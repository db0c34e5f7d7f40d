import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'packs/**/*.test.ts', 'web/src/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: PGlite and Chromium are heavy, so test files run two at a time at most.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
