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

it('deleting a group: the confirmation says what moves where, then its tickets, views and macros follow', async () => {
  const from = (await k.admin.post('/groups', { name: 'Weekend desk' })).body as { id: number };
  const into = (await k.admin.post('/groups', { name: 'Weekday desk' })).body as { id: number };
  const ticket = (
    await k.admin.post('/tickets', { subject: 'Saturday outage', body: 'b', requester_email: 'sat@cust.test', group_id: from.id })
  ).body as { id: number; number: number };
  const closed = (
    await k.admin.post('/tickets', { subject: 'Old weekend case', body: 'b', requester_email: 'sat@cust.test', group_id: from.id })
  ).body as { id: number; number: number };
  expect((await k.admin.patch(`/tickets/${closed.id}`, { status: 'closed' })).status).toBe(200);
  await k.admin.post('/views', { name: 'Weekend queue', shared: true, filters: { group: [from.id] } });
  await k.admin.post('/macros', { name: 'Send to weekend', body: { en: 'x' }, shared: true, actions: { group_id: from.id } });

  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);
  await page.goto(`${k.base}/admin/groups`);
  await page
    .getByRole('group', { name: /^Weekend desk/ })
    .getByRole('button', { name: 'Delete Weekend desk' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Delete the group Weekend desk' });
  await dialog.getByLabel('Move its tickets, views and macros to').selectOption({ label: 'Weekday desk' });
  const preview = dialog.getByTestId('group-deletion-preview');
  await preview.getByText('1 ticket that is not closed moves to Weekday desk.').waitFor();
  await preview.getByText('Views that filter on it will filter on Weekday desk: Weekend queue').waitFor();
  await preview.getByText('Macros that put tickets in it will put them in Weekday desk: Send to weekend').waitFor();
  await shot(page, 'delete-confirm');
  await dialog.getByRole('button', { name: 'Delete Weekend desk' }).click();
  await page.getByRole('status').getByText('Weekend desk was deleted.').waitFor();
  // The list is read again after the deletion: wait for it rather than read it once.
  await expect.poll(() => page.getByRole('group', { name: /^Weekend desk/ }).count()).toBe(0);
  expect((await k.admin.get(`/tickets/${ticket.id}`)).body.group_id).toBe(into.id);
  await shot(page, 'deleted');
  // The ticket's history still names the deleted group.
  await page.goto(`${k.base}/agent/tickets/${ticket.number}`);
  const history = page.getByRole('region', { name: 'History' });
  await history.getByText(/Weekend desk.*Weekday desk/).waitFor();
  await history.scrollIntoViewIfNeeded();
  await shot(page, 'history-names-deleted-group');
  // A closed ticket keeps the deleted group, and its properties say so rather than "No group".
  await page.goto(`${k.base}/agent/tickets/${closed.number}`);
  await page.getByRole('heading', { name: /Old weekend case/ }).waitFor();
  const groupSelect = page.getByLabel('Group', { exact: true });
  await expect.poll(() => groupSelect.locator('option:checked').textContent()).toBe('Weekend desk');
  await ctx.close();

  // The same screen in 简体中文, without a group to move to.
  const gone = (await k.admin.post('/groups', { name: '临时小组' })).body as { id: number };
  await k.admin.post('/tickets', { subject: '临时问题', body: 'b', requester_email: 'tmp@cust.test', group_id: gone.id });
  const zctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const zpage = await zctx.newPage();
  await signInUi(zpage, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ });
  await zpage.goto(`${k.base}/admin/groups`);
  await zpage
    .getByRole('group', { name: /^临时小组/ })
    .getByRole('button', { name: '删除 临时小组' })
    .click();
  const zdialog = zpage.getByRole('dialog', { name: '删除小组 临时小组' });
  await zdialog.getByTestId('group-deletion-preview').getByText('1 个未关闭的工单将移到“无小组”。').waitFor();
  await shot(zpage, 'zh-delete-confirm');
  await zdialog.getByRole('button', { name: '删除 临时小组' }).click();
  await zpage.getByRole('status').getByText('已删除 临时小组。').waitFor();
  await zctx.close();
});
