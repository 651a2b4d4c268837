import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story: a Free-plan customer of the tiered policy opens Contact support on a phone. Their plan
 * opens tickets only about four kinds of question, and the card says which; that long line wraps
 * inside the card instead of making the whole page wider than the phone.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('contact-on-phone');
const LABELS = {
  en: {
    email: /Email address/,
    password: /^Password$/,
    submit: /^Sign in$/,
    included: /Included in your plan for:/,
    always: /Around the clock, every day \(7×24\)/,
  },
  zh: { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/, included: /您的计划仅包含以下问题/, always: /全天候（7×24）/ },
};

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  expect((await k.admin.post('/presets/tiered-support/apply', {})).status).toBeLessThan(300);
  const plans: Array<{ id: number; key: string }> = (await k.admin.get('/plans')).body.data;
  const org = (await k.admin.post('/organizations', { name: 'Freebie', plan_id: plans.find((p) => p.key === 'free')!.id })).body;
  for (const lang of ['en', 'zh'] as const)
    await createPerson(k, {
      name: `Free ${lang}`,
      email: `free-${lang}@phone.test`,
      role: 'customer',
      organization_id: org.id,
      password: 'Long-pass-1234',
      locale: lang === 'en' ? 'en' : 'zh-CN',
    });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

for (const lang of ['en', 'zh'] as const) {
  it(`${lang} phone: the Free plan's "included for" line wraps inside its card`, async () => {
    const l = LABELS[lang];
    const ctx = await newContext(browser, { locale: lang === 'en' ? 'en-US' : 'zh-CN', timezoneId: 'Asia/Shanghai', phone: true });
    const page = await ctx.newPage();
    await signInUi(page, k.base, `free-${lang}@phone.test`, 'Long-pass-1234', l);
    await page.goto(`${k.base}/requests/contact`);
    const badge = page.getByTestId('channel-web').getByText(l.included);
    await badge.waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'), 'page overflow').toBeLessThanOrEqual(0);
    const card = await page.getByTestId('channel-web').boundingBox();
    const box = await badge.boundingBox();
    expect(box!.x + box!.width, 'badge inside its card').toBeLessThanOrEqual(card!.x + card!.width);
    // The tiered channels are open around the clock: said in words, as the help center's "Service hours"
    // says it, not as a table row "Mon–Sun 00:00–24:00" with a time zone that changes nothing.
    const web = await page.getByTestId('channel-web').innerText();
    expect(web).toMatch(l.always);
    expect(web).not.toContain('00:00–24:00');
    await shot(page, `${lang}-contact`);
    await ctx.close();
  });
}
