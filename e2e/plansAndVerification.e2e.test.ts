import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { scanQr } from './helpers/qr.ts';
import { createPerson, prepareDesk, signInUi, type Desk } from './helpers/story.ts';

/**
 * Story: an Enterprise customer opens Contact support, sees chat included in the plan and reads out
 * the support code; the agent enters it in "Verify requester" and sees the requester verified; the
 * admin records a purchase in the organization editor and sees the incident balance.
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
let ticket: { id: number; number: number };
const shot = shooter('plans-verification');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: 'Initech', domain: 'initech.test' });
  expect(desk.plan?.name).toBe('Enterprise');
  const cust = await createPerson(k, {
    name: 'Cora Customer',
    email: 'cora@initech.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Cora-long-pass-42',
  });
  const r = await k.admin.post('/tickets', {
    subject: 'Please change our billing contact',
    body: 'Our finance lead changed.',
    requester_id: cust.id,
    priority: 'P3',
    category: 'billing',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ticket = r.body;
  // The preset sells no on-demand service; add one (the test helper's client has no PUT).
  const login = await fetch(`${k.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const svc = await fetch(`${k.base}/api/v1/services/incident`, {
    method: 'PUT',
    headers: { cookie, origin: k.base, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: { en: 'Paid incident', 'zh-CN': '付费工单' },
      price_cents: 99_00,
      currency: 'CNY',
      counts_as_incident: true,
    }),
  });
  expect(svc.status, await svc.clone().text()).toBeLessThan(300);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('the customer reads out the support code, the agent verifies them, the admin records a purchase', async () => {
  const errors: string[] = [];
  // The customer: Contact support, chat included, the support code.
  const cctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const cpage = await cctx.newPage();
  cpage.on('pageerror', (e) => errors.push(e.message));
  await signInUi(cpage, k.base, 'cora@initech.test', 'Cora-long-pass-42', EN);
  await cpage.getByRole('link', { name: 'Contact support', exact: true }).click();
  await cpage.getByRole('heading', { name: 'Contact support', level: 1 }).waitFor();
  const chat = cpage.getByTestId('channel-chat');
  await chat.getByText('Included in your plan').waitFor();
  await chat.getByText('Open now').waitFor();
  await chat.getByText('Around the clock, every day (7×24)').waitFor();
  const codeEl = cpage.getByTestId('support-code');
  await codeEl.waitFor();
  await shot(cpage, 'contact-support');
  // The header's "Support code", followed from another page, shows the code (not the top of the page).
  await cpage.getByRole('link', { name: 'My requests', exact: true }).click();
  await cpage.getByRole('heading', { name: 'My requests', level: 1 }).waitFor();
  await cpage.getByRole('link', { name: 'Support code', exact: true }).click();
  await codeEl.waitFor();
  const inView = () =>
    codeEl.evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight;
    });
  await expect.poll(inView).toBe(true);
  await shot(cpage, 'support-code-link');

  // The guided submission shows what support will not do next to the summary.
  await cpage.getByRole('link', { name: 'New request', exact: true }).click();
  await cpage.getByRole('heading', { name: 'Which account is this for?' }).waitFor();
  await cpage.getByRole('button', { name: /Next/ }).click();
  await cpage.getByRole('radio', { name: new RegExp(desk.domain) }).check();
  await cpage.getByRole('button', { name: /Next/ }).click();
  await cpage.getByLabel('Summary').fill('Please change our billing contact');
  const wnd = cpage.getByRole('region', { name: 'Support will not do' });
  await wnd.getByText(/on the customer's behalf/).waitFor();
  await shot(cpage, 'new-request-will-not-do');
  await cpage.getByRole('link', { name: 'Contact support', exact: true }).click();

  // The agent (admin) opens the ticket and enters the code the customer reads out.
  const actx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/Berlin' });
  const apage = await actx.newPage();
  apage.on('pageerror', (e) => errors.push(e.message));
  await signInUi(apage, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);
  await apage.goto(`${k.base}/agent/tickets/${ticket.number}`);
  await apage.getByRole('heading', { name: /Please change our billing contact/ }).waitFor();
  const side = apage.getByRole('complementary', { name: 'Context' });
  await side.getByText('Incident balance: 0').waitFor();
  // A billing ticket asks for verification, but this one was opened without details: none are said to be hidden.
  await side.getByText('Sensitive details are withheld until the requester is verified.').waitFor();
  expect(await apage.getByTestId('fields-withheld').count()).toBe(0);
  // A wrong code says how many attempts are left, on the field.
  const codeField = side.getByLabel('Code the requester reads out');
  await codeField.fill('000000');
  await side.getByRole('button', { name: 'Verify', exact: true }).click();
  await side
    .getByRole('alert')
    .filter({ hasText: /4 attempts left/ })
    .waitFor();
  expect(await codeField.getAttribute('aria-invalid')).toBe('true');
  // Read the code just before typing it, so it is still current.
  await cpage.bringToFront();
  const code = (await codeEl.innerText()).replace(/\s+/g, '');
  expect(code).toMatch(/^\d{6}$/);
  await side.getByLabel('Code the requester reads out').fill(code);
  await side.getByRole('button', { name: 'Verify', exact: true }).click();
  await side.getByTestId('verified').waitFor();
  expect(await side.getByTestId('verified').innerText()).toMatch(/Verified · until/);
  await shot(apage, 'agent-verified');

  // The admin records a purchase in the organization editor.
  await apage.goto(`${k.base}/admin/organizations`);
  await apage.getByRole('button', { name: 'Initech', exact: true }).click();
  // Add-ons are typed by hand: the field says which ones the SLA policies ask for.
  await apage.getByText('Separated by commas. The SLA policies ask for: premium (Premium support).').waitFor();
  const form = apage.getByRole('form', { name: 'Record purchase' });
  await form.getByLabel('Quantity').fill('3');
  await form.getByLabel('Order reference').fill('TB-2026-0001');
  await form.getByLabel('Marketplace').fill('Taobao');
  await form.getByRole('button', { name: 'Record purchase' }).click();
  await expect.poll(() => apage.getByTestId('org-incident-balance').innerText()).toBe('Incident balance: 3');
  await apage.getByText('TB-2026-0001').waitFor();
  await apage.getByRole('heading', { name: 'Plan history' }).waitFor();
  await apage.getByRole('heading', { name: 'Purchases' }).scrollIntoViewIfNeeded();
  await shot(apage, 'admin-purchase');

  // The customer may use an authenticator app instead: a QR code to scan, or the key in groups of 4 to type in.
  await cpage.bringToFront();
  await cpage.getByRole('button', { name: 'Use an authenticator app instead' }).click();
  // The app will speak for her to support: her password first, not just her open session.
  await cpage.getByLabel('Current password').fill('Cora-long-pass-42');
  await shot(cpage, 'support-app-password');
  await cpage.getByRole('button', { name: 'Continue' }).click();
  const secret = cpage.getByTestId('support-app-secret');
  await secret.waitFor();
  expect(await secret.innerText()).toMatch(/^([A-Z2-7=]{1,4} )*[A-Z2-7=]{1,4}$/);
  const uri = await cpage.getByText(/^otpauth:\/\//).innerText();
  const scanned = await scanQr(cpage.getByRole('img', { name: 'QR code to add this account to an authenticator app' }));
  expect(scanned).toBe(uri);
  expect(new URL(scanned!).searchParams.get('secret')).toBe((await secret.innerText()).replace(/\s+/g, ''));
  await shot(cpage, 'support-app-enrol');
  expect(errors).toEqual([]);
}, 120_000);

it('the admin changes what a plan includes; its customers meet the change', async () => {
  const errors: string[] = [];
  const actx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/Berlin' });
  const apage = await actx.newPage();
  apage.on('pageerror', (e) => errors.push(e.message));
  await signInUi(apage, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);
  await apage.goto(`${k.base}/admin/organizations`);
  await apage.getByRole('button', { name: 'Enterprise', exact: true }).click();
  const editor = apage.getByTestId('plan-editor');
  await editor.getByRole('heading', { name: 'Enterprise' }).waitFor();
  // What the preset gave it: a person's help, five channels, every category, no community link of its own
  // (the desk's, on its community channel, applies; the preset ships none rather than a placeholder).
  expect(await editor.getByLabel('Help from a person').isChecked()).toBe(true);
  const channels = editor.getByTestId('plan-channels');
  expect(await channels.getByLabel('Only these channels:').isChecked()).toBe(true);
  expect(await channels.getByLabel('Chat').isChecked()).toBe(true);
  expect(await channels.getByLabel('Phone', { exact: true }).isChecked()).toBe(false);
  const categories = editor.getByTestId('plan-categories');
  expect(await categories.getByLabel('All categories').isChecked()).toBe(true);
  // Limiting offers every category of the desk, not only those of the admin's own (default, Free) plan.
  await categories.getByLabel('Only these categories:').check();
  for (const name of ['DNS', 'Billing', 'SSL/TLS certificates']) expect(await categories.getByLabel(name, { exact: true }).count()).toBe(1);
  await categories.getByLabel('All categories').check();
  expect(await editor.getByLabel('Community link').inputValue()).toBe('');
  // Chat leaves the plan; it gets a Chinese name of its own.
  await channels.getByLabel('Chat').uncheck();
  await editor.getByLabel('Name in Chinese').fill('企业版');
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  await editor.getByText('Saved').waitFor();
  await shot(apage, 'admin-plan-editor-en');
  const stored = (await k.admin.get(`/plans/${desk.plan!.id}`)).body;
  expect(stored.settings.channels).toEqual(['community', 'web', 'email', 'emergency_phone']);
  expect(stored.settings.display_name).toEqual({ en: 'Enterprise', 'zh-CN': '企业版' });

  // Cora's contact page no longer offers chat.
  const cctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const cpage = await cctx.newPage();
  cpage.on('pageerror', (e) => errors.push(e.message));
  await signInUi(cpage, k.base, 'cora@initech.test', 'Cora-long-pass-42', EN);
  await cpage.goto(`${k.base}/contact`);
  await cpage.getByTestId('channel-chat').getByText('Not in your plan').waitFor();

  // In Chinese the plan is 企业版 on the admin's screens.
  const zctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const zpage = await zctx.newPage();
  zpage.on('pageerror', (e) => errors.push(e.message));
  await signInUi(zpage, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ });
  await zpage.goto(`${k.base}/admin/organizations`);
  await zpage.getByRole('button', { name: '企业版', exact: true }).click();
  const zeditor = zpage.getByTestId('plan-editor');
  await zeditor.getByRole('heading', { name: '企业版' }).waitFor();
  expect(await zeditor.getByTestId('plan-channels').getByLabel('聊天').isChecked()).toBe(false);
  await shot(zpage, 'admin-plan-editor-zh');
  // A link that is not a URL is refused with the field named.
  await zeditor.getByLabel('GitHub issue 链接').fill('github');
  await zeditor.getByRole('button', { name: '保存', exact: true }).click();
  expect(
    await zeditor.getByLabel('GitHub issue 链接').evaluate((e) => (e as unknown as { validity: { valid: boolean } }).validity.valid),
  ).toBe(false);
  expect(errors).toEqual([]);
}, 120_000);
