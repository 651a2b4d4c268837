import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, prepareDesk, signInUi } from './helpers/story.ts';

/** Story: the designed states — an empty queue, a slow network (skeleton after ~300 ms), a failed request (banner, API message, retry). */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('states');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  const desk = await prepareDesk(k, { orgName: 'Umbrella', domain: 'umbrella.test' });
  const c = await createPerson(k, {
    name: 'Uma',
    email: 'uma@umbrella.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Uma-long-pass-42',
  });
  await createPerson(k, { name: 'Sam Agent', email: 'sam@kefu.test', role: 'agent', password: 'Sam-long-pass-42' });
  await k.admin.post('/tickets', { subject: 'Cache purge stuck', body: 'Purge never finishes', requester_id: c.id, priority: 'P3' });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('empty, slow and failed states are designed, never blank or raw', async () => {
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'UTC' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, 'sam@kefu.test', 'Sam-long-pass-42', EN);

  // Empty: nothing is assigned to Sam.
  await page.waitForURL(/\/agent\/queue\//); // /agent opens the first view with tickets (docs/views.md)
  await page.goto(`${k.base}/agent/queue/mine`);
  await page.getByText('Queue clear').waitFor();
  await page.getByText('Nothing assigned to you').waitFor();

  // Slow: the list takes 2 s; a skeleton shows meanwhile, then the rows.
  await page.route('**/api/v1/views/*/tickets?*', async (route) => {
    await new Promise((r) => setTimeout(r, 2000));
    await route.continue();
  });
  await page.getByRole('link', { name: /^Unassigned \d/ }).click();
  await page.getByRole('status', { name: 'Loading…' }).waitFor({ timeout: 1500 });
  await shot(page, 'slow-skeleton', false);
  await page.getByTestId('queue-row').first().waitFor();
  await page.unroute('**/api/v1/views/*/tickets?*');

  // Failed: the API answers 503 with its error shape; the banner says the API's message and retries.
  let fail = true;
  await page.route('**/api/v1/views/*/tickets?*', (route) =>
    fail
      ? route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'database_unavailable', message: 'The database is not reachable' } }),
        })
      : route.continue(),
  );
  await page.getByRole('link', { name: /^All open \d/ }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 20_000 });
  expect(await alert.innerText()).toContain('The database is not reachable');
  expect(await alert.innerText()).not.toMatch(/\[object|errors\.|undefined/);
  await shot(page, 'failed-banner', false);
  fail = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.getByTestId('queue-row').first().waitFor();

  // Offline: a lost connection is said in words.
  await page.route('**/api/v1/views/*/tickets?*', (route) => route.abort('internetdisconnected'));
  await page.getByRole('link', { name: /^Waiting on customer \d/ }).click();
  await page.getByText('Kefu cannot be reached').waitFor({ timeout: 20_000 });
  await shot(page, 'offline', false);
  await page.unroute('**/api/v1/views/*/tickets?*');

  // An unknown page in the SPA.
  await page.goto(`${k.base}/agent/nowhere`);
  await page.getByText('Page not found').waitFor();

  // A customer has no business in the console.
  const cctx = await newContext(browser, { locale: 'en-US', timezoneId: 'UTC' });
  const cpage = await cctx.newPage();
  await signInUi(cpage, k.base, 'uma@umbrella.test', 'Uma-long-pass-42', EN);
  await cpage.goto(`${k.base}/agent`);
  await cpage.getByText('Not for your role').waitFor();
  await shot(cpage, 'forbidden', false);
  await cctx.close();

  // Hashed assets are cached for a year; the page itself is checked every time; SPA routes load on refresh.
  const html = await fetch(`${k.base}/requests/123`);
  expect(html.status).toBe(200);
  expect(html.headers.get('cache-control')).toBe('no-cache');
  const asset = (await html.text()).match(/\/assets\/[^"]+\.js/)![0];
  const js = await fetch(`${k.base}${asset}`);
  expect(js.status).toBe(200);
  expect(js.headers.get('cache-control')).toContain('immutable');
  const api404 = await fetch(`${k.base}/api/v1/nope`);
  expect(api404.status).toBeGreaterThanOrEqual(400);
  expect(((await api404.json()) as { error: { code: string } }).error.code).toMatch(/not_found|unauthenticated/);

  await ctx.close();
});

it('a wrong password says the email or password is not correct, in the language on screen', async () => {
  const cases = [
    { locale: 'en-US' as const, labels: EN, says: 'The email address or password is not correct.' },
    { locale: 'zh-CN' as const, labels: { email: /邮箱/, password: /^密码$/, submit: /^登录$/ }, says: '邮箱地址或密码不正确。' },
  ];
  for (const c of cases) {
    const ctx = await newContext(browser, { locale: c.locale, timezoneId: 'Asia/Shanghai' });
    const page = await ctx.newPage();
    await page.goto(`${k.base}/signin`);
    await page.getByLabel(c.labels.email).fill('uma@umbrella.test');
    await page.getByLabel(c.labels.password).fill('not-her-password');
    await page.getByRole('button', { name: c.labels.submit }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(c.says);
    expect(await alert.innerText()).not.toMatch(/signed out|退出登录/);
    await shot(page, `wrong-password-${c.locale}`, false);
    await ctx.close();
  }
});
