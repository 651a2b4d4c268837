import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';

/**
 * Story (seed 001, business hours): a visitor files a request without an account. The mail says by
 * when we will answer (one business hour); the private link's page says it too, in the reader's
 * language, as the portal does for a signed-in requester.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('guest-expectation');
const L = {
  en: { ctx: 'en-US', expect: /^Expected first response by .+\(your time, Asia\/Shanghai\)$/ },
  zh: { ctx: 'zh-CN', expect: /^预计首次响应时间：.+ 之前（您的时间，Asia\/Shanghai）$/ },
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
  it(`${lang}: the private link says by when the first answer is due`, async () => {
    const email = `visitor-${lang}@guest.test`;
    const r = await fetch(`${k.base}/api/v1/public/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Visitor',
        email,
        subject: 'Image will not start',
        body: 'After a reboot it shows 502.',
        category: 'other',
      }),
    });
    expect(r.status).toBe(202);
    const mails: Array<{ to: string[]; text: string }> = (await k.admin.get('/outbox?limit=50')).body.data;
    const token = /\/guest\/tickets\/(kfg_[\w-]+)/.exec(mails.find((m) => m.to.includes(email))!.text)![1];
    const ctx = await newContext(browser, { locale: L[lang].ctx, timezoneId: 'Asia/Shanghai', phone: lang === 'zh' });
    const page = await ctx.newPage();
    await page.goto(`${k.base}/guest/tickets/${token}`);
    const line = page.getByTestId('sla-expectation');
    await line.waitFor();
    expect(await line.textContent()).toMatch(L[lang].expect);
    await shot(page, `${lang}-guest-ticket`);
    await ctx.close();
  });
