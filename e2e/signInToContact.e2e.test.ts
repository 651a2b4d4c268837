import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';

/**
 * Story (seed 001: "工单系统需要注册吗？可以注册，也可以不注册"): a visitor without an account opens the
 * help desk's address. The first page asks them to sign in; from it they reach Contact support and
 * the form for a request without an account, without knowing any other address.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('sign-in-to-contact');
const L = {
  en: { ctx: 'en-US', link: 'Need help without an account? Contact support', guest: 'Send a request without an account' },
  zh: { ctx: 'zh-CN', link: '没有账户也能获得帮助：联系支持', guest: '无需注册，提交请求' },
} as const;

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  expect((await k.admin.post('/presets/business-hours/apply', {})).status).toBeLessThan(300);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

for (const lang of ['en', 'zh'] as const)
  for (const phone of [false, true])
    it(`${lang} ${phone ? 'phone' : 'desktop'}: the first page leads to Contact support and the form without an account`, async () => {
      const ctx = await newContext(browser, { locale: L[lang].ctx, timezoneId: 'Asia/Shanghai', phone });
      const page = await ctx.newPage();
      await page.goto(`${k.base}/`);
      const link = page.getByRole('link', { name: L[lang].link });
      await link.waitFor();
      await shot(page, `${lang}-${phone ? 'phone' : 'desktop'}-first-page`, false);
      await link.click();
      await page.waitForURL((u) => u.pathname === '/contact');
      await page.getByRole('link', { name: L[lang].guest }).click();
      await page.waitForURL((u) => u.pathname === '/contact/new');
      await ctx.close();
    });
