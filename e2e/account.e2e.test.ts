import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { totpAt } from '../server/modules/security/totp.ts';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { scanQr } from './helpers/qr.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story: "Your account". The admin requires two-step verification for staff; 王芳, an agent, signs in
 * and is sent to her account page instead of a console that would refuse everything; she turns it on
 * with her authenticator app, keeps her recovery codes and reaches the queue. A customer, in English,
 * finds the page under his name and changes his password.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('account');
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  await createPerson(k, { name: '王芳', email: 'wang@kefu.test', role: 'agent', password: 'Wang-long-pass-42', locale: 'zh-CN' });
  await createPerson(k, { name: 'Carl Customer', email: 'carl@globex.test', role: 'customer', password: 'Carl-long-pass-42' });
  expect((await k.admin.patch('/security/settings', { require_2fa_for_staff: true })).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

const watchErrors = (page: Page) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
};

it('an agent required to use two-step verification turns it on from her account page, then works', async () => {
  const ctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signInUi(page, k.base, 'wang@kefu.test', 'Wang-long-pass-42', ZH);
  await page.waitForURL(/\/account\?required=1/);
  await page.getByRole('heading', { name: '我的账户', level: 1 }).waitFor();
  await page.getByRole('alert').filter({ hasText: '管理员要求客服人员开启两步验证。开启后才能使用客服系统。' }).waitFor();
  expect(await page.getByTestId('two-factor-state').innerText()).toContain('未开启');
  // Nothing here asks the server for what it would refuse: no search, no bell, no password form.
  expect(await page.getByRole('heading', { name: '密码' }).count()).toBe(0);
  await shot(page, 'zh-required');

  // The browser alone does not turn it on: her current password first.
  await page.getByRole('button', { name: '开启两步验证' }).click();
  await page.getByLabel('当前密码').fill('Wang-wrong-pass-00');
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByText('当前密码不正确').waitFor();
  await shot(page, 'zh-password-first');
  await page.getByLabel('当前密码').fill('Wang-long-pass-42');
  await page.getByRole('button', { name: '继续' }).click();
  const secret = (await page.getByTestId('two-factor-secret').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const link = page.getByText(/^otpauth:\/\/totp\//);
  await link.waitFor();
  // The QR code a phone scans holds the same setup link, with the same key.
  const scanned = await scanQr(page.getByRole('img', { name: '将客服系统添加到身份验证器应用的二维码' }));
  expect(scanned).toBe(await link.getAttribute('href'));
  expect(new URL(scanned!).searchParams.get('secret')).toBe(secret);
  // A wrong code is refused on the field.
  await page.getByLabel('应用显示的 6 位验证码').fill('000000');
  await page.getByRole('button', { name: '开启', exact: true }).click();
  await expect.poll(() => page.getByLabel('应用显示的 6 位验证码').getAttribute('aria-invalid')).toBe('true');
  await shot(page, 'zh-enrol');
  await page.getByLabel('应用显示的 6 位验证码').fill((await totpAt(secret, new Date())).code);
  await page.getByRole('button', { name: '开启', exact: true }).click();
  const codes = page.getByTestId('recovery-codes');
  await codes.waitFor();
  const saved = await codes.locator('li').allInnerTexts();
  expect(saved.length).toBeGreaterThanOrEqual(8);
  await shot(page, 'zh-recovery-codes');
  await page.getByRole('button', { name: '我已保存' }).click();
  await expect.poll(() => page.getByTestId('two-factor-state').innerText()).toContain('已开启');
  await page.getByText('管理员要求客服人员开启两步验证，因此无法关闭。').waitFor();
  await shot(page, 'zh-on');
  // Once it is on, the page also says where she is signed in: here, in this browser.
  const here = page.getByTestId('my-sessions').locator('li');
  await expect.poll(() => here.count()).toBe(1);
  expect(await here.innerText()).toContain('当前浏览器');
  await page.getByRole('heading', { name: '登录设备' }).scrollIntoViewIfNeeded();
  await shot(page, 'zh-sessions');

  // The console opens now.
  await page.goto(`${k.base}/agent`);
  await page.waitForURL(/\/agent\//);
  await page
    .getByTestId('queue-row')
    .or(page.getByRole('heading', { level: 1 }))
    .first()
    .waitFor();
  expect(page.url()).not.toContain('/account');

  // A lost phone: she signs in again with a recovery code, typed as letters.
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/signin/);
  await page.getByLabel(ZH.email).fill('wang@kefu.test');
  await page.getByLabel(ZH.password).fill('Wang-long-pass-42');
  await page.getByRole('button', { name: ZH.submit }).click();
  await page.getByRole('button', { name: '手机丢了？改用恢复码' }).click();
  const field = page.getByLabel('恢复码');
  expect(await field.getAttribute('inputmode')).toBe('text');
  await field.fill(saved[0]);
  await shot(page, 'zh-recovery-sign-in');
  await page.getByRole('button', { name: ZH.submit }).click();
  await page.waitForURL(/\/agent/);
  expect(errors).toEqual([]);
  await ctx.close();
}, 120_000);

it('a customer finds his account under his name and changes his password', async () => {
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  // The address people type for the sign-in page leads to it.
  await page.goto(`${k.base}/login`);
  await page.waitForURL(/\/signin$/);
  await page.getByRole('button', { name: EN.submit }).waitFor();
  await signInUi(page, k.base, 'carl@globex.test', 'Carl-long-pass-42', EN);
  await page.getByRole('link', { name: 'Carl Customer', exact: true }).click();
  await page.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
  expect(await page.getByTestId('two-factor-state').innerText()).toContain('Off');
  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password').fill('Carl-new-pass-2026');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('alert').or(page.locator('[aria-invalid="true"]')).first().waitFor();
  await page.getByLabel('Current password').fill('Carl-long-pass-42');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Password changed').waitFor();
  await shot(page, 'en-password-changed');

  // Where he is signed in: this browser, and a phone he signs in on next; he signs the phone out from here.
  const phone = await newContext(browser, {
    locale: 'en-US',
    timezoneId: 'Europe/London',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  });
  const phonePage = await phone.newPage();
  await signInUi(phonePage, k.base, 'carl@globex.test', 'Carl-new-pass-2026', EN);
  await page.reload();
  const sessions = page.getByTestId('my-sessions').locator('li');
  await expect.poll(() => sessions.count()).toBe(2);
  const mine = sessions.filter({ hasText: 'This browser' });
  expect(await mine.count()).toBe(1);
  expect(await mine.getByRole('button').count()).toBe(0);
  const iphone = sessions.filter({ hasText: 'Safari on iOS' });
  await iphone.scrollIntoViewIfNeeded();
  await shot(page, 'en-sessions');
  await iphone.getByRole('button', { name: 'Sign out Safari on iOS' }).click();
  await expect.poll(() => sessions.count()).toBe(1);
  await phonePage.goto(`${k.base}/requests`);
  await phonePage.waitForURL(/\/signin/);
  await phone.close();

  // His time zone: this browser's (London) until he chooses Shanghai; the page's times follow at once.
  const zone = page.getByLabel('Show times in');
  expect(await zone.inputValue()).toBe('');
  expect(await page.getByRole('option', { name: "This browser's time zone (Europe/London)" }).count()).toBe(1);
  const signedInAt = async () => (await sessions.first().innerText()).match(/signed in (.*)$/m)?.[1];
  const london = await signedInAt();
  await zone.selectOption('Asia/Shanghai');
  await page.getByText('Saved').waitFor();
  await page.getByText('Times on these pages and in the mail we send you use this zone: now Asia/Shanghai', { exact: false }).waitFor();
  await expect.poll(signedInAt).not.toBe(london);
  const me = await fetch(`${k.base}/api/v1/me`, {
    headers: { cookie: (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
  });
  expect(((await me.json()) as { timezone: string | null }).timezone).toBe('Asia/Shanghai');
  await page.getByRole('heading', { name: 'Time zone' }).scrollIntoViewIfNeeded();
  await shot(page, 'en-time-zone');
  const login = await fetch(`${k.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'carl@globex.test', password: 'Carl-new-pass-2026' }),
  });
  expect(login.status).toBe(200);
  expect(errors).toEqual([]);
  await ctx.close();
}, 120_000);
