import { defineConfig } from 'vitest/config';

/**
 * Browser specs: one per user story, each against its own real Kefu and Debian's Chromium.
 * `npx vitest run --config vitest.e2e.config.ts`
 *
 * Every spec starts its Kefu on the embedded database (e2e/helpers/kefu.ts), whatever the
 * environment says: the browser stories are about screens, and the database behind them is
 * covered on both engines by the unit and integration suite. So `npm test` runs them once, in the
 * embedded pass; with TEST_DATABASE_URL set (the PostgreSQL pass) it skips them instead of running
 * the very same specs a second time (docs/web.md, "Browser tests").
 */
const postgresPass = !!process.env.TEST_DATABASE_URL;
if (postgresPass) console.log('Browser specs run on the embedded database only: skipped in the TEST_DATABASE_URL pass (docs/web.md).');

export default defineConfig({
  test: {
    include: postgresPass ? [] : ['e2e/**/*.e2e.test.ts'],
    passWithNoTests: postgresPass,
    globalSetup: postgresPass ? [] : ['e2e/globalSetup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
