import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, linkFromOutbox, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { signInUi } from './helpers/story.ts';

/**
 * Story: an admin looks after people's accounts on the People screen. Status is a label (Active,
 * Invited, Deactivated, Locked), never a button; an invitee's invitation is sent again with a fresh
 * link to copy (the old one dies); a locked customer is unlocked and sent a reset link; a role and an
 * organization change; deactivating and reactivating ask first, naming the person. Then in 简体中文.
 */
let k: RunningKefu;
let browser: Browser;
let orgId: number;
const shot = shooter('people-admin');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };

const signInStatus = async (email: string, password: string) =>
  (
    await fetch(`${k.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
  ).status;
const acceptStatus = async (url: string, password: string) =>
  (
    await fetch(`${k.base}/api/v1/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: new URL(url).searchParams.get('token'), password }),
    })
  ).status;
async function lock(email: string) {
  for (let i = 0; i < 10; i++) await signInStatus(email, 'not-the-password');
  expect(await signInStatus(email, 'not-the-password')).toBe(429);
}
const watchErrors = (page: Page) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
};
const row = (page: Page, name: string) => page.locator('tbody tr', { hasText: name });

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  orgId = (await k.admin.post('/organizations', { name: 'Initech' })).body.id;
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('an admin manages invitations, locks, roles and deactivation', async () => {
  const ivy = (await k.admin.post('/people', { name: 'Ivy Invitee', email: 'ivy@initech.test', role: 'customer' })).body;
  const ian = (await k.admin.post('/people', { name: 'Ian Invitee', email: 'ian@initech.test', role: 'customer' })).body;
  await k.admin.post('/people', { name: 'Leo Locked', email: 'leo@initech.test', password: 'Leo-pass-12345', organization_id: orgId });
  await lock('leo@initech.test');
  await k.admin.post('/people', { name: 'Ada Agent', email: 'ada@kefu.test', role: 'agent', password: 'Ada-pass-12345' });

  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: k.base });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  // The setup page of a desk that has its admin says so, instead of offering the form again.
  await page.goto(`${k.base}/setup`);
  await page.getByText('Kefu is already set up: its first administrator exists.', { exact: false }).waitFor();
  expect(await page.getByLabel('Password').count()).toBe(0);
  await shot(page, 'en-setup-already-done', false);
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);
  await page.goto(`${k.base}/admin/people`);
  await row(page, 'Ivy Invitee').waitFor();

  // Status is told truthfully, as labels.
  await expect.poll(() => row(page, 'Ivy Invitee').getByTestId('person-status').innerText()).toBe('Invited');
  expect(await row(page, 'Ian Invitee').getByTestId('person-status').innerText()).toBe('Invited');
  expect(await row(page, 'Leo Locked').getByTestId('person-status').innerText()).toBe('Active');
  expect(await row(page, 'Leo Locked').getByTestId('person-locked').innerText()).toBe('Locked');
  expect(await page.getByRole('button', { name: /^(Active|Invited|Deactivated|Locked)$/ }).count()).toBe(0);
  await shot(page, 'en-list');

  // Ivy's invitation: a fresh link, copied; the one made when she was added no longer works.
  await page.getByRole('button', { name: 'Manage Ivy Invitee' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage Ivy Invitee' });
  await dialog.getByText('Invitation not accepted yet.', { exact: false }).waitFor();
  await dialog.getByRole('button', { name: 'Resend invitation' }).click();
  await dialog.getByText('A new invitation was mailed to ivy@initech.test. Earlier invitation links no longer work.').waitFor();
  const link = await dialog.getByTestId('invitation-link').innerText();
  expect(link).toMatch(/\/invite\?token=/);
  expect(link).not.toBe(ivy.invitation_url);
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await dialog.getByRole('button', { name: '✓ Copied' }).waitFor();
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(link);
  await shot(page, 'en-invitation-resent', false);
  expect(await acceptStatus(ivy.invitation_url, 'Ivy-pass-12345')).toBe(400);
  expect(await linkFromOutbox(k, 'ivy@initech.test', /\/invite\?/)).toBe(link);

  // Her role, organization and language change (her mail is written in the language).
  await dialog.getByLabel('Role').selectOption({ label: 'Agent' });
  await dialog.getByLabel('Organization').selectOption({ label: 'Initech' });
  expect(await dialog.getByLabel('Their language').inputValue()).toBe('en');
  await dialog.getByLabel('Their language').selectOption({ label: '简体中文' });
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await dialog.getByText('Saved').waitFor();
  expect((await k.admin.get(`/people/${ivy.id}`)).body).toMatchObject({ role: 'agent', organization_id: orgId, locale: 'zh-CN' });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => row(page, 'Ivy Invitee').innerText()).toMatch(/Agent\s+Initech\s+Invited/);
  // Ian's own invitation was not touched, and accepting it makes him Active.
  const ianCtx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
  const ianPage = await ianCtx.newPage();
  await ianPage.goto(ian.invitation_url);
  await ianPage.getByText('Choose a password: your account is then active and you are signed in.').waitFor();
  await ianPage.getByLabel('New password').fill('Ian-pass-12345');
  await ianPage.getByLabel('Repeat the password').fill('Ian-pass-12345');
  await ianPage.getByRole('button', { name: 'Set password' }).click();
  // A customer lands on their requests, signed in.
  await ianPage.waitForURL(/\/requests/);
  await ianPage.getByText('Ian Invitee').first().waitFor();
  await shot(ianPage, 'en-invitation-signed-in', false);
  await ianCtx.close();
  await page.reload();
  await expect.poll(() => row(page, 'Ian Invitee').getByTestId('person-status').innerText()).toBe('Active');

  // Leo is locked out: unlock him, then mail him a reset link (never shown here).
  await page.getByRole('button', { name: 'Manage Leo Locked' }).click();
  const leo = page.getByRole('dialog', { name: 'Manage Leo Locked' });
  await leo.getByText('Sign-in is locked after too many wrong passwords, until', { exact: false }).waitFor();
  await shot(page, 'en-locked', false);
  await leo.getByRole('button', { name: 'Unlock sign-in' }).click();
  await leo.getByText('Leo Locked can sign in again.').waitFor();
  await expect.poll(() => row(page, 'Leo Locked').getByTestId('person-locked').count()).toBe(0);
  expect(await signInStatus('leo@initech.test', 'Leo-pass-12345')).toBe(200);
  await leo.getByRole('button', { name: 'Send password reset link' }).click();
  await leo.getByText('A password reset link was mailed to leo@initech.test. Only they can use it', { exact: false }).waitFor();
  expect(await leo.innerText()).not.toMatch(/token=/);
  expect(await linkFromOutbox(k, 'leo@initech.test', /\/reset-password\?/)).toMatch(/token=/);

  // Deactivating asks first, naming him and what happens.
  await leo.getByRole('button', { name: 'Deactivate…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Deactivate Leo Locked?' });
  await confirm
    .getByText('Leo Locked (leo@initech.test) will be signed out everywhere and cannot sign in until reactivated.', { exact: false })
    .waitFor();
  await shot(page, 'en-confirm-deactivate', false);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect(await row(page, 'Leo Locked').getByTestId('person-status').innerText()).toBe('Active');
  await leo.getByRole('button', { name: 'Deactivate…' }).click();
  await confirm.getByRole('button', { name: 'Deactivate Leo Locked' }).click();
  await expect.poll(() => row(page, 'Leo Locked').getByTestId('person-status').innerText()).toBe('Deactivated');
  expect(await signInStatus('leo@initech.test', 'Leo-pass-12345')).toBe(401);

  await leo.getByRole('button', { name: 'Reactivate…' }).click();
  const again = page.getByRole('dialog', { name: 'Reactivate Leo Locked?' });
  await again.getByRole('button', { name: 'Reactivate Leo Locked' }).click();
  await expect.poll(() => row(page, 'Leo Locked').getByTestId('person-status').innerText()).toBe('Active');
  expect(await signInStatus('leo@initech.test', 'Leo-pass-12345')).toBe(200);
  await leo.getByRole('button', { name: 'Close' }).click();

  // For an agent the warning also says what becomes of their tickets.
  await page.getByRole('button', { name: 'Manage Ada Agent' }).click();
  const ada = page.getByRole('dialog', { name: 'Manage Ada Agent' });
  await ada.getByRole('button', { name: 'Deactivate…' }).click();
  const adaConfirm = page.getByRole('dialog', { name: 'Deactivate Ada Agent?' });
  await adaConfirm
    .getByText("Tickets assigned to them that are not solved yet go back to their group's queue, unassigned", { exact: false })
    .waitFor();
  await shot(page, 'en-confirm-deactivate-agent', false);
  await adaConfirm.getByRole('button', { name: 'Cancel' }).click();
  await ada.getByRole('button', { name: 'Close' }).click();
  await shot(page, 'en-after');
  expect(errors).toEqual([]);
  await ctx.close();
});

it('the same screen in 简体中文', async () => {
  await k.admin.post('/people', { name: '王芳', email: 'wang@initech.test', role: 'customer', organization_id: orgId });
  await k.admin.post('/people', { name: '林涛', email: 'lin@initech.test', password: 'Lin-pass-12345', organization_id: orgId });
  await lock('lin@initech.test');
  const zhou = (await k.admin.post('/people', { name: '周强', email: 'zhou@kefu.test', role: 'agent', password: 'Zhou-pass-12345' })).body;
  const zhouTicket = (
    await k.admin.post('/tickets', {
      subject: '发票抬头错误',
      body: '请帮忙修改。',
      requester_email: 'buyer@initech.test',
      assignee_id: zhou.id,
    })
  ).body;
  const ctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(`${k.base}/setup`);
  await page.getByText('客服系统已完成设置，首个管理员已创建。', { exact: false }).waitFor();
  await shot(page, 'zh-setup-already-done', false);
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, ZH);
  await page.goto(`${k.base}/admin/people`);
  await expect.poll(() => row(page, '王芳').getByTestId('person-status').innerText()).toBe('已邀请');
  expect(await row(page, '林涛').getByTestId('person-locked').innerText()).toBe('已锁定');
  await shot(page, 'zh-list');

  // Someone added here gets the admin's language (their invitation and later mail) unless another is chosen.
  const form = page.locator('form.inline-form');
  expect(await form.getByLabel('对方的语言').inputValue()).toBe('zh-CN');
  // For a customer, "no organization" means the one mapping their address's domain, and says so.
  await form.getByLabel('角色').selectOption({ label: '客户' });
  expect(await form.getByLabel('组织').locator('option').first().innerText()).toBe('按邮箱域名');
  await shot(page, 'zh-add-customer', false);
  await form.getByLabel('角色').selectOption({ label: '客服人员' });
  expect(await form.getByLabel('组织').locator('option').first().innerText()).toBe('—');
  await form.getByLabel('姓名').fill('赵敏');
  await form.getByLabel('邮箱地址').fill('zhao@initech.test');
  await form.getByRole('button', { name: '添加并邀请' }).click();
  // "Add and invite" mails the invitation (the link is shown to the admin too, for when mail is not set up).
  await page.getByTestId('person-invited').getByText('已添加 赵敏，邀请邮件已发送至 zhao@initech.test。').waitFor();
  await page.getByTestId('person-invited').getByTestId('invitation-link').waitFor();
  await page.getByText('赵敏', { exact: false }).first().waitFor();
  await expect
    .poll(async () => (await k.admin.get('/people?q=zhao%40initech.test')).body.data.map((p: { locale: string }) => p.locale))
    .toEqual(['zh-CN']);
  await shot(page, 'zh-invited');

  // 赵敏 follows the mailed link, chooses a password and is in the console at once, signed in. Her
  // browser is set to English; the link carries her language (中文), so the page and console are Chinese.
  const zhaoCtx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const zhao = await zhaoCtx.newPage();
  const zhaoErrors = watchErrors(zhao);
  await zhao.goto(await linkFromOutbox(k, 'zhao@initech.test', /\/invite\?/));
  await zhao.getByText('设置密码后账户即启用，并为您自动登录。').waitFor();
  await zhao.getByLabel('新密码').fill('Zhao-pass-12345');
  await zhao.getByLabel('再次输入密码').fill('Zhao-pass-12345');
  await shot(zhao, 'zh-invitation-accept', false);
  await zhao.getByRole('button', { name: '设置密码' }).click();
  await zhao.waitForURL(/\/agent\/queue\//);
  await zhao.getByText('赵敏', { exact: false }).first().waitFor();
  await zhao.getByRole('link', { name: '我的工单' }).first().waitFor();
  await zhao.locator('main.queue [role="status"]').waitFor({ state: 'detached' });
  await shot(zhao, 'zh-invitation-signed-in', false);
  expect(zhaoErrors).toEqual([]);
  await zhaoCtx.close();

  await page.getByRole('button', { name: '管理 王芳' }).click();
  const wang = page.getByRole('dialog', { name: '管理 王芳' });
  await wang.getByRole('button', { name: '重新发送邀请' }).click();
  await wang.getByText('新的邀请已发送至 wang@initech.test。之前的邀请链接均已失效。').waitFor();
  await wang.getByRole('button', { name: '复制链接' }).waitFor();
  await shot(page, 'zh-invitation-resent', false);
  await wang.getByRole('button', { name: '关闭' }).click();

  await page.getByRole('button', { name: '管理 林涛' }).click();
  const lin = page.getByRole('dialog', { name: '管理 林涛' });
  await lin.getByText('因多次密码错误，登录已锁定，直至', { exact: false }).waitFor();
  await lin.getByRole('button', { name: '解除登录锁定' }).click();
  await lin.getByText('林涛 可以重新登录了。').waitFor();
  await lin.getByRole('button', { name: '停用…' }).click();
  const confirm = page.getByRole('dialog', { name: '停用 林涛？' });
  await confirm.getByText('林涛（lin@initech.test）将在所有设备上退出登录', { exact: false }).waitFor();
  await shot(page, 'zh-confirm-deactivate', false);
  await confirm.getByRole('button', { name: '停用 林涛' }).click();
  await expect.poll(() => row(page, '林涛').getByTestId('person-status').innerText()).toBe('已停用');
  await lin.getByRole('button', { name: '关闭' }).click();

  // An agent who leaves: her open ticket goes back to the queue, unassigned.
  await page.getByRole('button', { name: '管理 周强' }).click();
  const zhouDialog = page.getByRole('dialog', { name: '管理 周强' });
  await zhouDialog.getByRole('button', { name: '停用…' }).click();
  const zhouConfirm = page.getByRole('dialog', { name: '停用 周强？' });
  await zhouConfirm.getByText('指派给此人且尚未解决的工单将取消指派，回到所属组的队列', { exact: false }).waitFor();
  await shot(page, 'zh-confirm-deactivate-agent', false);
  await zhouConfirm.getByRole('button', { name: '停用 周强' }).click();
  await expect.poll(() => row(page, '周强').getByTestId('person-status').innerText()).toBe('已停用');
  await expect.poll(async () => (await k.admin.get(`/tickets/${zhouTicket.id}`)).body.assignee_id, { timeout: 15_000 }).toBeNull();
  await zhouDialog.getByRole('button', { name: '关闭' }).click();
  await shot(page, 'zh-after');
  expect(errors).toEqual([]);
  await ctx.close();
});

it('the audit log says who did what to whom, filtered by person and event, in both languages', async () => {
  // Leo's story above: ten wrong passwords, held back, unlocked by the admin, a reset link, deactivated, reactivated.
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);
  await page.goto(`${k.base}/admin/people`);
  await page.getByRole('button', { name: 'Manage Leo Locked' }).click();
  await page.getByRole('dialog', { name: 'Manage Leo Locked' }).getByRole('link', { name: 'Sign-in and security history' }).click();
  await page.waitForURL(/\/admin\/audit\?person=\d+/);
  await page.getByTestId('audit-person').getByText('Entries about or by Leo Locked').waitFor();
  const entries = page.getByTestId('audit-entry');
  await entries.first().waitFor();
  const types = async () => entries.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
  const seen = await types();
  for (const t of [
    'auth.login_failed',
    'auth.login_throttled',
    'person.unlocked',
    'person.password_reset_sent',
    'person.deactivated',
    'person.reactivated',
  ])
    expect(seen, t).toContain(t);
  // Newest first; the admin's own actions name the admin as "By", Leo as the person.
  const reactivated = page.locator('[data-type="person.reactivated"]').first();
  expect(await reactivated.innerText()).toMatch(/Account reactivated\s+Leo Locked\s+Admin/);
  expect(seen.indexOf('person.reactivated')).toBeLessThan(seen.indexOf('person.deactivated'));
  // A failed sign-in says which address was tried and from where, never the password.
  const failed = page.locator('[data-type="auth.login_failed"]').last();
  expect(await failed.innerText()).toMatch(/Sign-in failed[\s\S]*address: leo@initech\.test[\s\S]*reason: wrong password/);
  expect(await page.locator('main').innerText()).not.toContain('not-the-password');
  await shot(page, 'en-audit-person');

  // Failures only: no success among them; then everyone again.
  await page.getByLabel('Event').selectOption({ label: 'Failures only' });
  await expect.poll(async () => new Set(await types())).toEqual(new Set(['auth.login_failed', 'auth.login_throttled']));
  await page.getByRole('button', { name: 'Show everyone' }).click();
  await expect.poll(async () => (await types()).includes('verification.failed') || (await types()).length > 11).toBe(true);
  expect(new URL(page.url()).searchParams.get('person')).toBeNull();
  // Or a person found by name, without going through the People screen.
  await page.getByLabel('Person', { exact: true }).fill('Leo');
  await page
    .getByRole('list', { name: 'People found' })
    .getByRole('button', { name: /Leo Locked/ })
    .waitFor();
  await shot(page, 'en-audit-person-finder', false);
  await page
    .getByRole('list', { name: 'People found' })
    .getByRole('button', { name: /Leo Locked/ })
    .click();
  await page.getByTestId('audit-person').getByText('Entries about or by Leo Locked').waitFor();
  // Still failures only (the event filter stays): Leo's own.
  await expect.poll(async () => new Set(await types())).toEqual(new Set(['auth.login_failed', 'auth.login_throttled']));
  expect(await entries.first().innerText()).toMatch(/Leo Locked/);
  await shot(page, 'en-audit-person-picked');
  await page.getByRole('button', { name: 'Show everyone' }).click();
  // The export link carries the same filter.
  const csv = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  expect(csv).toMatch(/^\/api\/v1\/audit-log\/export\?type=auth\.login_failed%2C.*&format=csv$/);
  const res = await page.request.get(`${k.base}${csv}`);
  expect(res.status()).toBe(200);
  const lines = (await res.text()).trim().split('\r\n');
  expect(lines[0]).toBe('id,created_at,type,person_id,actor_id,ticket_id,ip,user_agent,data');
  expect(
    lines.slice(1).every((l) => /,auth\.login_failed,|,auth\.login_throttled,|,two_factor\.code_rejected,|,verification\./.test(l)),
  ).toBe(true);
  // A day range that ends before it starts is said, not sent.
  await page.getByLabel('From').fill('2030-01-02');
  await page.getByLabel('To').fill('2030-01-01');
  await page.getByText('The "To" date is before the "From" date.').waitFor();
  await page.getByLabel('To').fill('2030-01-03');
  await page.getByText('No entries match.').waitFor();
  await shot(page, 'en-audit-empty', false);
  expect(errors).toEqual([]);
  await ctx.close();

  const zh = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const zhPage = await zh.newPage();
  const zhErrors = watchErrors(zhPage);
  await signInUi(zhPage, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, ZH);
  await zhPage.goto(`${k.base}/admin/people`);
  await zhPage.getByRole('button', { name: '管理 林涛' }).click();
  await zhPage.getByRole('dialog', { name: '管理 林涛' }).getByRole('link', { name: '登录与安全记录' }).click();
  await zhPage.getByTestId('audit-person').getByText('与 林涛 有关或由其操作的记录').waitFor();
  const deactivated = zhPage.locator('[data-type="person.deactivated"]').first();
  expect(await deactivated.innerText()).toMatch(/账户已停用\s+林涛\s+Admin/);
  expect(await zhPage.locator('[data-type="auth.login_failed"]').first().innerText()).toMatch(
    /登录失败[\s\S]*地址：lin@initech\.test[\s\S]*原因：密码错误/,
  );
  await zhPage.getByRole('link', { name: '审计日志' }).waitFor();
  await shot(zhPage, 'zh-audit-person');
  await zhPage.getByRole('button', { name: '显示所有人' }).click();
  await zhPage.getByLabel('人员', { exact: true }).fill('林涛');
  await zhPage.getByRole('list', { name: '找到的人员' }).getByRole('button', { name: /林涛/ }).click();
  await zhPage.getByTestId('audit-person').getByText('与 林涛 有关或由其操作的记录').waitFor();
  await shot(zhPage, 'zh-audit-person-picked');
  expect(zhErrors).toEqual([]);
  await zh.close();
});
