import { defineConfig } from 'vitest/config';

/** Browser specs: one per user story, each against its own real Kefu and Debian's Chromium. `npx vitest run --config vitest.e2e.config.ts` */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/globalSetup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
