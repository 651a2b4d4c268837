import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, prepareDesk, signInUi, type Desk } from './helpers/story.ts';

/**
 * Story: an agent opens a customer from a ticket and from the header search, reads their tickets,
 * addresses (verified or not), organization and plan, verification state and sessions; edits their
 * name and language in place; finds that a guest who wrote from a home address is the same person and
 * merges them (a preview says what moves; the tickets and the address move; the guest stays as a
 * pointer); then opens the organization's page (plan and history, people, assets, purchases, open
 * tickets) and edits its notes in place. Then an admin does the same in 简体中文.
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
let alexId: number;
const shot = shooter('people-pages');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };

const watchErrors = (page: Page) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
};
/** A ticket logged by staff for `requester`: by id, or by address (which makes a guest known only by mail). */
async function ticket(subject: string, requester: { id: number } | { email: string; name: string }) {
  const r = await k.admin.post('/tickets', {
    subject,
    body: `About: ${subject}`,
    organization_id: desk.org.id,
    override_entitlement: true,
    ...('id' in requester ? { requester_id: requester.id } : { requester_email: requester.email, requester_name: requester.name }),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: number; requester_id: number };
}
const rows = (page: Page) => page.getByTestId('person-page').getByTestId('queue-row');

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: 'Acme Trading 贸易', domain: 'acme-trading.test' });
  alexId = (await createPerson(k, { name: 'Alex Agent', email: 'alex@kefu.test', role: 'agent', password: 'Alex-long-pass-42' })).id;
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('an agent opens a person from a ticket and from search, edits in place, merges a duplicate, and opens the organization', async () => {
  const wang = await createPerson(k, {
    name: 'Wang Xiaoming',
    email: 'wang@acme-trading.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Wang-long-pass-42',
  });
  const first = await ticket('Invoice for March is missing', wang);
  const home1 = await ticket('Cannot log in from home', { email: 'xm.home@mail.test', name: 'Xiaoming (home)' });
  await ticket('Password reset mail never arrives', { email: 'xm.home@mail.test', name: 'Xiaoming (home)' });
  const guestId = home1.requester_id;

  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signInUi(page, k.base, 'alex@kefu.test', 'Alex-long-pass-42', EN);

  // From the ticket: the requester's name opens their page.
  await page.goto(`${k.base}/agent/tickets/${first.number}`);
  await page.getByTestId('requester-link').click();
  await page.waitForURL(`**/agent/people/${wang.id}`);
  await page.getByRole('heading', { name: 'Wang Xiaoming', level: 1 }).waitFor();
  await expect.poll(() => rows(page).count()).toBe(1);
  const addresses = page.getByTestId('addresses');
  expect(await addresses.innerText()).toMatch(/wang@acme-trading\.test[\s\S]*Primary[\s\S]*Verified/);
  expect(await page.getByTestId('email-verified').innerText()).toBe('Email verified');
  expect(await page.getByTestId('person-org-link').innerText()).toBe('Acme Trading 贸易');
  await page.getByTestId('session-count').waitFor();
  await shot(page, 'en-person');

  // Edit in place: the name, then the language.
  await page.getByRole('button', { name: 'Edit Name' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Wang Xiaoming 王小明');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'Wang Xiaoming 王小明', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Edit Language' }).click();
  await page.getByTestId('edit-language').getByRole('combobox').selectOption('zh-CN');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.getByTestId('edit-language').innerText()).toContain('简体中文');
  expect((await k.admin.get(`/people/${wang.id}`)).body).toMatchObject({ name: 'Wang Xiaoming 王小明', locale: 'zh-CN' });
  // A refusal is said in words, and the value stays.
  await page.getByRole('button', { name: 'Edit Time zone' }).click();
  await page.getByRole('textbox', { name: 'Time zone' }).fill('x'.repeat(80));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('edit-timezone').getByRole('alert').waitFor();
  await shot(page, 'en-edit-refused');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // From the header search: the guest who wrote from home.
  const box = page.getByRole('combobox', { name: /Search/ });
  await box.fill('xm.home');
  const option = page
    .getByTestId('search-dropdown')
    .getByRole('group', { name: 'People' })
    .getByRole('option', { name: /Xiaoming \(home\)/ });
  await option.click();
  await page.waitForURL(`**/agent/people/${guestId}`);
  await page.getByRole('heading', { name: 'Xiaoming (home)', level: 1 }).waitFor();
  await expect.poll(() => rows(page).count()).toBe(2);
  expect(await page.getByTestId('email-verified').innerText()).toBe('Email not verified');

  // Merge into… Wang: the preview says what moves; confirming lands on Wang's page with all three tickets.
  await page.getByTestId('merge-person').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('searchbox').fill('wang');
  await dialog.getByRole('radio', { name: /Wang Xiaoming 王小明/ }).check();
  const preview = dialog.getByTestId('merge-preview');
  await preview.waitFor();
  expect(await preview.innerText()).toMatch(/2 tickets move[\s\S]*1 address moves[\s\S]*xm\.home@mail\.test[\s\S]*Not verified/);
  await shot(page, 'en-merge-preview');
  await dialog.getByTestId('merge-confirm').click();
  await page.waitForURL(`**/agent/people/${wang.id}`);
  await expect.poll(() => rows(page).count()).toBe(3);
  await expect.poll(() => addresses.innerText()).toMatch(/xm\.home@mail\.test[\s\S]*Not verified/);
  await shot(page, 'en-after-merge');

  // The moved ticket's history says so; the guest's old page points to Wang.
  await page.goto(`${k.base}/agent/tickets/${home1.number}`);
  await page.getByText('Requester Xiaoming (home) was merged into Wang Xiaoming 王小明, who is now the requester').waitFor();
  await page.goto(`${k.base}/agent/people/${guestId}`);
  await page.getByTestId('merged-notice').getByRole('link', { name: 'Wang Xiaoming 王小明' }).waitFor();
  expect(await page.getByTestId('merge-person').count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Edit Name' }).count()).toBe(0);
  await shot(page, 'en-tombstone');

  // The organization: from the person page; plan, people, assets, open tickets; notes edited in place.
  await page.getByTestId('merged-notice').getByRole('link').click();
  await page.getByTestId('person-org-link').click();
  await page.waitForURL(`**/agent/organizations/${desk.org.id}`);
  await page.getByRole('heading', { name: 'Acme Trading 贸易', level: 1 }).waitFor();
  const org = page.getByTestId('organization-page');
  await expect.poll(() => org.getByTestId('queue-row').count()).toBe(3);
  expect(await page.getByTestId('org-people').innerText()).toContain('Wang Xiaoming 王小明');
  expect(await page.getByTestId('org-people').innerText()).not.toContain('Xiaoming (home)');
  expect(await page.getByTestId('org-assets').innerText()).toContain('acme-trading.test');
  await page.getByRole('button', { name: 'Edit Notes (staff only)' }).click();
  await page.getByRole('textbox', { name: 'Notes (staff only)' }).fill('Prefers WeChat in the afternoon.');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Prefers WeChat in the afternoon.').waitFor();
  // Only admins change the plan.
  expect(await page.getByRole('button', { name: 'Edit Plan' }).count()).toBe(0);
  // The desk sells no services (tiered preset): no purchases section, and no empty box where it would be.
  await page.waitForLoadState('networkidle');
  const emptyPanels = await page
    .getByRole('complementary')
    .locator('.panel')
    .evaluateAll((els) => els.filter((e) => !(e.textContent ?? '').trim()).length);
  expect(emptyPanels).toBe(0);
  await shot(page, 'en-organization');

  // On their own page, adding an address asks for the current password: it would receive reset links.
  await page.goto(`${k.base}/agent/people/${alexId}`);
  await page.getByRole('heading', { name: 'Alex Agent', level: 1 }).waitFor();
  await page.getByRole('textbox', { name: 'Add address' }).fill('alex.home@mail.test');
  const addButton = page.getByRole('button', { name: 'Add address' });
  expect(await addButton.isDisabled()).toBe(true);
  await page.getByLabel('Your current password').fill('not-my-password');
  await addButton.click();
  await page.getByRole('alert').filter({ hasText: 'Your current password is not correct' }).waitFor();
  await page.getByLabel('Your current password').fill('Alex-long-pass-42');
  await addButton.click();
  await expect.poll(() => page.getByTestId('addresses').innerText()).toMatch(/alex\.home@mail\.test[\s\S]*Not verified/);
  await shot(page, 'en-own-addresses');
  expect(errors).toEqual([]);
  await ctx.close();
});

it('an admin does the same in 简体中文', async () => {
  const li = await createPerson(k, {
    name: '李雷',
    email: 'lilei@acme-trading.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'LiLei-long-pass-42',
  });
  const mine = await ticket('发票抬头错了', li);
  await ticket('手机上无法登录', { email: 'lilei.home@mail.test', name: '李雷（家）' });
  // Li is signed in somewhere: the admin sees the session and its browser.
  await fetch(`${k.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36' },
    body: JSON.stringify({ email: 'lilei@acme-trading.test', password: 'LiLei-long-pass-42' }),
  });

  const ctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, ZH);
  await page.goto(`${k.base}/agent/tickets/${mine.number}`);
  await page.getByTestId('requester-link').click();
  await page.waitForURL(`**/agent/people/${li.id}`);
  await page.getByRole('heading', { name: '李雷', level: 1 }).waitFor();
  await expect.poll(() => rows(page).count()).toBe(1);
  await expect.poll(() => page.getByTestId('session-count').innerText()).toBe('已在 1 台设备上登录');
  expect(await page.getByTestId('sessions').innerText()).toContain('Windows 上的 Chrome');
  expect(await page.getByTestId('email-verified').innerText()).toBe('邮箱已验证');
  await shot(page, 'zh-person');

  await page.getByRole('button', { name: '编辑时区' }).click();
  await page.getByRole('textbox', { name: '时区' }).fill('Asia/Shanghai');
  await page.getByRole('button', { name: '保存' }).click();
  await expect.poll(() => page.getByTestId('edit-timezone').innerText()).toContain('Asia/Shanghai');

  // The home record is found by the header search and merged into Li.
  const dialog = page.getByRole('dialog');
  const box = page.getByRole('combobox', { name: /搜索/ });
  await box.fill('lilei.home');
  await page
    .getByTestId('search-dropdown')
    .getByRole('option', { name: /李雷（家）/ })
    .click();
  await page.getByRole('heading', { name: '李雷（家）', level: 1 }).waitFor();
  await page.getByTestId('merge-person').click();
  await dialog.getByRole('searchbox').fill('李');
  await dialog.getByRole('radio', { name: /^李雷 / }).check();
  await dialog.getByTestId('merge-preview').waitFor();
  expect(await dialog.getByTestId('merge-preview').innerText()).toMatch(/移动 1 个工单[\s\S]*移动 1 个邮箱地址/);
  await shot(page, 'zh-merge-preview');
  await dialog.getByTestId('merge-confirm').click();
  await page.waitForURL(`**/agent/people/${li.id}`);
  await expect.poll(() => rows(page).count()).toBe(2);
  await expect.poll(() => page.getByTestId('addresses').innerText()).toMatch(/lilei\.home@mail\.test[\s\S]*未验证/);
  await shot(page, 'zh-after-merge');

  // The organization page in Chinese; the admin may change the plan here.
  await page.getByTestId('person-org-link').click();
  await page.waitForURL(`**/agent/organizations/${desk.org.id}`);
  await page.getByRole('heading', { name: '未解决的工单' }).waitFor();
  await expect.poll(() => page.getByTestId('organization-page').getByTestId('queue-row').count()).toBe(5);
  await page.getByRole('button', { name: '编辑计划' }).waitFor();
  await shot(page, 'zh-organization');

  // The admin's own page: the password is asked before an address is added.
  const me = (await k.admin.get('/me')).body as { id: number; name: string };
  await page.goto(`${k.base}/agent/people/${me.id}`);
  await page.getByRole('heading', { name: me.name, level: 1 }).waitFor();
  await page.getByRole('textbox', { name: '添加地址' }).fill('admin.home@mail.test');
  await page.getByLabel('当前密码').fill('wrong-password-1');
  await page.getByRole('button', { name: '添加地址' }).click();
  await page.getByRole('alert').filter({ hasText: '当前密码不正确' }).waitFor();
  await shot(page, 'zh-own-addresses');
  expect(errors).toEqual([]);
  await ctx.close();
});
