// End-to-end tests (real Chromium via playwright-core against the production build). Run through
// `npm run test:e2e` (scripts/e2e.mjs), which finds Chromium and builds dist/ first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser at a time: the machine is small and the tests are few.
    fileParallelism: false,
  },
});
