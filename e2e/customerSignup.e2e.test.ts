import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { linkFromOutbox, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { ensureInOrganization, prepareDesk, type Desk } from './helpers/story.ts';

/**
 * Story: a customer signs up, confirms the address from the email, submits a request through the
 * guided flow (account → asset → summary → checks → category → priority → details) and sees it in My requests.
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
const shot = shooter('customer-signup');

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: 'Acme Retail', domain: 'acme-retail.test' });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('a customer signs up, verifies, submits a request in the guided flow and finds it in My requests', async () => {
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/Berlin' });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const email = 'dana@acme-retail.test';
  const password = 'Dana-long-pass-42';

  // Sign up.
  await page.goto(`${k.base}/`);
  await page.waitForURL(/\/signin/);
  await page.getByRole('link', { name: /create an account/i }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Create your account' }).count()).toBe(1);
  await page.getByLabel('Name').fill('Dana Li');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await shot(page, 'signup');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
  await shot(page, 'check-inbox');

  // Verify from the outbox link.
  const link = await linkFromOutbox(k, email, /\/verify-email\?/);
  await page.goto(link);
  await page.getByText('Your address is confirmed').waitFor();
  await shot(page, 'verified');
  await ensureInOrganization(k, email, desk.org.id);

  // Sign in.
  await page.goto(`${k.base}/signin`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/requests$/);
  await page.getByText('No open requests').waitFor();
  await shot(page, 'my-requests-empty');

  // The guided flow.
  await page.getByRole('link', { name: '+ New request' }).click();
  await page.getByRole('heading', { name: 'Which account is this for?' }).waitFor();
  await expect.poll(() => page.getByRole('radio', { name: new RegExp(desk.org.name) }).isChecked()).toBe(true);
  await shot(page, 'step-account');
  await page.getByRole('button', { name: /Next/ }).click();

  await page.getByRole('heading', { name: 'Which domain or product is affected?' }).waitFor();
  await page.getByRole('button', { name: /Next/ }).click();
  await page.getByText('Choose what is affected').waitFor();
  await page.getByRole('radio', { name: new RegExp(desk.domain) }).check();
  await shot(page, 'step-asset');
  await page.getByRole('button', { name: /Next/ }).click();

  await page.getByLabel('Summary').fill('Checkout returns 502 errors in Europe');
  await shot(page, 'step-summary');
  await page.getByRole('button', { name: /Next/ }).click();

  await page.getByRole('heading', { name: 'Checking your setup' }).waitFor();
  // Real checks of the domain run here (docs/diagnostics.md); whatever they find, they finish and offer to run again.
  await page.getByRole('button', { name: 'Run again' }).waitFor({ timeout: 30_000 });
  await shot(page, 'step-checks');
  await page.getByRole('button', { name: /Next/ }).click();

  await page.getByRole('radio', { name: /Site down or unreachable/ }).check();
  await shot(page, 'step-category');
  await page.getByRole('button', { name: /Next/ }).click();

  await page.getByText('Service consistently unavailable from one location or region.').waitFor();
  await page.getByText('Service severely impaired at multiple locations').waitFor();
  await page.getByRole('radio', { name: /P2 High/ }).check();
  await shot(page, 'step-priority');
  await page.getByRole('button', { name: /Next/ }).click();

  await page.getByLabel('When it happened').fill('2026-03-02T08:15');
  await page.getByLabel('How often').selectOption('always');
  await page.getByLabel('Domain', { exact: true }).selectOption('acme-retail.test'); // one of the organization's domains, never free text
  await page.getByLabel('Steps to reproduce').fill('1. Open https://acme-retail.test/checkout from Frankfurt\n2. Pay');
  await page.getByLabel('Expected result').fill('The order is confirmed');
  await page.getByLabel('Actual result').fill('502 Bad Gateway');
  await page.getByLabel('URLs').fill('https://acme-retail.test/checkout');
  await page.getByLabel('Error messages').fill('Error 502 Ray ID: 7a1b2c3d');
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'checkout.har', mimeType: 'application/json', buffer: Buffer.from('{"log":{"entries":[]}}') });
  // The tiered-support preset's technical details are custom ticket fields (docs/custom-fields.md).
  await page.getByLabel('Output of test tools').fill('HTTP/2 502\nserver: edge');
  await shot(page, 'step-details');
  await page.getByRole('button', { name: /Next/ }).click();

  await page.getByRole('heading', { name: 'Check and submit' }).waitFor();
  await expect.poll(() => page.locator('.body-preview').innerText()).toContain('HTTP/2 502\nserver: edge');
  await shot(page, 'step-review');
  await page.getByRole('button', { name: 'Submit request' }).click();

  // Confirmation: the number and the response the plan promises.
  await page.getByRole('heading', { name: 'We have your request' }).waitFor();
  const number = (await page.locator('.confirm-number').innerText()).match(/#(\d+)/)?.[1];
  expect(number).toBeTruthy();
  await expect.poll(() => page.getByTestId('sla-expectation').innerText()).toMatch(/SLA\s*Expected first response by/);
  await shot(page, 'confirmation');

  // The ticket carries the structured details and the attachment.
  const list = await k.admin.get(`/tickets?q=${encodeURIComponent('Checkout')}`);
  const ticket = list.body.data.find((x: { number: number }) => String(x.number) === number);
  expect(ticket).toMatchObject({ priority: 'P2', category: 'availability', asset: { name: desk.domain }, organization_id: desk.org.id });
  expect(ticket.fields).toMatchObject({ occurred_at_utc: '2026-03-02T08:15:00Z' });
  expect(ticket.custom_fields).toMatchObject({
    domain: 'acme-retail.test',
    frequency: 'always',
    urls: 'https://acme-retail.test/checkout',
    tool_output: 'HTTP/2 502\nserver: edge',
  });
  const msgs = await k.admin.get(`/tickets/${ticket.id}/messages`);
  expect(msgs.body.data[0].attachments.map((a: { filename: string }) => a.filename)).toEqual(['checkout.har']);
  expect(msgs.body.data[0].body).toContain('Steps to reproduce:');

  // My requests lists it, with status, priority and the expected response.
  await page.getByRole('link', { name: 'My requests' }).first().click();
  const row = page.getByTestId('request-row').filter({ hasText: 'Checkout returns 502 errors in Europe' });
  await row.waitFor();
  // The customer reads a new request as Open (statuses in the customer's words, docs/web.md).
  await expect.poll(() => row.innerText()).toMatch(/Open[\s\S]*P2/);
  await expect.poll(() => row.getByTestId('sla-expectation').innerText()).toContain('Expected first response by');
  await shot(page, 'my-requests');

  // And it works on a phone.
  const phone = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/Berlin', phone: true });
  await phone.addCookies(await ctx.cookies());
  const p2 = await phone.newPage();
  await p2.goto(`${k.base}/requests`);
  await p2.getByTestId('request-row').first().waitFor();
  const overflow = await p2.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, 'no sideways scrolling on a phone').toBeLessThanOrEqual(0);
  await shot(p2, 'phone-my-requests');
  await p2.goto(`${k.base}/requests/new`);
  await p2.getByRole('heading', { name: 'Which account is this for?' }).waitFor();
  await shot(p2, 'phone-new-request');
  await p2.goto(`${k.base}/requests/${ticket.number}`);
  await p2.getByTestId('message').first().waitFor();
  await shot(p2, 'phone-ticket');
  await phone.close();

  expect(errors).toEqual([]);
  await ctx.close();
});
