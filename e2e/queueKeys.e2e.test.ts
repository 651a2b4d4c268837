import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { signInUi } from './helpers/story.ts';

/**
 * Story: an agent opens the queue and presses Enter, as the shortcut help ("o / Enter") says, and the
 * highlighted ticket opens; Enter on a focused button still presses that button.
 */
let k: RunningKefu;
let browser: Browser;
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('Enter opens the highlighted ticket of the queue', async () => {
  const t = await k.admin.post('/tickets', { subject: 'Enter opens me', body: 'Please help.', requester_email: 'ann@customer.test' });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);
  await page.goto(`${k.base}/agent/queue/unassigned`);
  await page.getByTestId('queue-row').filter({ hasText: 'Enter opens me' }).waitFor();
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/agent/tickets/${t.body.number}$`));

  // A focused button keeps its own Enter.
  await page.goto(`${k.base}/agent/queue/unassigned`);
  await page.getByTestId('queue-row').first().waitFor();
  await page.getByRole('button', { name: 'Open this view first' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  expect(new URL(page.url()).pathname).toBe('/agent/queue/unassigned');
  await ctx.close();
});
