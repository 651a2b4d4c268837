import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story: a known problem is announced; a customer about to file on a phone reads the banner. Its
 * text gets the width of the screen and the two buttons sit under it, instead of the buttons
 * taking half the row and the text wrapping two words a line beside them.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('status-banner-phone');
const L = {
  en: { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ },
  zh: { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ },
};

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  expect((await k.admin.post('/presets/tiered-support/apply', {})).status).toBeLessThan(300);
  const r = await k.admin.post('/status/incidents', {
    title: 'DNS resolution delays in Asia',
    components: ['dns'],
    status: 'investigating',
    message: 'We are investigating slow DNS answers in Asia.',
  });
  expect(r.status).toBe(201);
  for (const lang of ['en', 'zh'] as const)
    await createPerson(k, {
      name: `Pia ${lang}`,
      email: `pia-${lang}@banner.test`,
      role: 'customer',
      password: 'Long-pass-1234',
      locale: lang === 'en' ? 'en' : 'zh-CN',
    });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

for (const lang of ['en', 'zh'] as const)
  it(`${lang} phone: the status banner's text uses the full width, its buttons below it`, async () => {
    const ctx = await newContext(browser, { locale: lang === 'en' ? 'en-US' : 'zh-CN', timezoneId: 'Asia/Shanghai', phone: true });
    const page = await ctx.newPage();
    await signInUi(page, k.base, `pia-${lang}@banner.test`, 'Long-pass-1234', L[lang]);
    await page.goto(`${k.base}/requests/new`);
    const banner = page.locator('.status-banner').first();
    await banner.waitFor();
    const b = (await banner.boundingBox())!;
    const text = (await banner.locator(':scope > div').first().boundingBox())!;
    const actions = (await banner.locator('.status-banner-actions').boundingBox())!;
    expect(text.width, 'text width').toBeGreaterThan(b.width * 0.8);
    expect(actions.y, 'buttons under the text').toBeGreaterThanOrEqual(text.y + text.height - 1);
    await shot(page, `${lang}-banner`, false);
    await ctx.close();
  });
