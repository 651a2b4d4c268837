import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story: an admin staffs a new group on a slow connection, ticking three people one after another
 * without waiting for each save. All three are members afterwards, on screen and on the server.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('groups-admin');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('quick ticks on the Groups screen all become members', async () => {
  const li = await createPerson(k, { name: 'Li Lei', email: 'lilei@kefu.test', role: 'agent', password: 'Agent-pass-1234' });
  const han = await createPerson(k, { name: 'Han Meimei', email: 'han@kefu.test', role: 'agent', password: 'Agent-pass-1234' });
  const group = (await k.admin.post('/groups', { name: 'Night shift' })).body as { id: number };

  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);
  // Each save takes longer than the admin between two ticks.
  await page.route('**/api/v1/groups/*', async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  await page.goto(`${k.base}/admin/groups`);
  const card = page.getByRole('group', { name: /^Night shift/ });
  await card.getByLabel(/Li Lei/).click();
  await card.getByLabel(/Han Meimei/).click();
  await card.getByLabel(/^Admin/).click();
  await expect.poll(async () => card.locator('input:checked').count()).toBe(3);

  const admin = (await k.admin.get('/me')).body as { id: number };
  await expect
    .poll(async () => ((await k.admin.get(`/groups/${group.id}`)).body.member_ids as number[]).sort(), { timeout: 10_000 })
    .toEqual([admin.id, li.id, han.id].sort());
  await page.waitForLoadState('networkidle');
  await expect.poll(async () => card.locator('input:checked').count()).toBe(3);
  await shot(page, 'three-members');

  // A name typed wrong is mended in place; the members stay.
  await page.unroute('**/api/v1/groups/*');
  await card.getByRole('button', { name: 'Rename Night shift' }).click();
  await card.getByLabel('New name').fill('Night shift (APAC)');
  await card.getByRole('button', { name: 'Save name' }).click();
  const renamed = page.getByRole('group', { name: /^Night shift \(APAC\)/ });
  await renamed.getByRole('button', { name: 'Rename Night shift (APAC)' }).waitFor();
  expect((await k.admin.get(`/groups/${group.id}`)).body).toMatchObject({ name: 'Night shift (APAC)' });
  expect(await renamed.locator('input:checked').count()).toBe(3);
  // A name another group has is refused on the field.
  await k.admin.post('/groups', { name: 'Billing' });
  await page.reload();
  await renamed.getByRole('button', { name: 'Rename Night shift (APAC)' }).click();
  await renamed.getByLabel('New name').fill('Billing');
  await renamed.getByRole('button', { name: 'Save name' }).click();
  await renamed.getByText('A group named Billing already exists; choose another name.').waitFor();
  await shot(page, 'rename-taken');
  await ctx.close();
});

it('renaming a group in 简体中文', async () => {
  await k.admin.post('/groups', { name: '售后组' });
  const ctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ });
  await page.goto(`${k.base}/admin/groups`);
  const card = page.getByRole('group', { name: /^售后组/ });
  await card.getByRole('button', { name: '重命名 售后组' }).click();
  await card.getByLabel('新名称').fill('售后支持组');
  await shot(page, 'zh-rename');
  await card.getByRole('button', { name: '保存名称' }).click();
  await page
    .getByRole('group', { name: /^售后支持组/ })
    .getByRole('button', { name: '重命名 售后支持组' })
    .waitFor();
  await shot(page, 'zh-renamed');
  await ctx.close();
});
